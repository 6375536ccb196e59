/*
Package render owns the layouts and what they make: loading layouts/, the
lookup order, the template functions, each page's Markdown converted and its
links checked, and the model turned into bytes for pages, the language
chooser, feeds, sitemaps, calendars, the search index, robots.txt, redirects
and 404 pages. A layout gets render's own view of a page (Page); render never
writes the model. It knows nothing of where the bytes go.

# Layouts

Layouts are Go html/template files under layouts/, executed by the copy of
html/template in internal/gotemplate (the same language and escaping, with
less reflection per action). Every template is named by its path, so errors
read layouts/event.html:12:3: ...

	layouts/baseof.html        the base layout; defines the page around a "main" block
	layouts/<kind>.html        a kind's own template
	layouts/list.html          fallback for list kinds
	layouts/single.html        fallback for single kinds
	layouts/default.html       the last fallback for every kind
	layouts/partials/*.html    partials, called as {{ template "partials/nav.html" . }}
	layouts/chooser.html       optional: the language chooser at / (else a built-in one)
	layouts/i18n/<lang>.yaml   UI strings, one flat mapping per language

Lookup order for a page of kind K: layouts/K.html, then layouts/list.html (list
kinds) or layouts/single.html (single kinds), then layouts/default.html. A kind
file that holds only {{ define }} blocks fills the base layout: baseof.html is
executed with the kind file's definitions (Hugo's "baseof" model). A kind file
with content of its own is executed alone.

Minified builds parse the layouts a second time and minify the text between
their actions in the parse trees (minify.go): a page is then made of minified
pieces and needs no minifying of its own. The trees keep the positions of the
layouts as written, so errors name their lines and columns.

Kinds. Single kinds: region, event, newsletter, case-study, page, 404.
List kinds: home, section (events, newsletters, case-studies and any other
section), regions (the regions list, grouped by programme), themes, theme,
years, year.

# Data

Every template gets a *render.Page as dot: the page's *site.Page and
what its Markdown body gives it, on its own page only (a page a layout
reaches through another has none of them): Content (the HTML of the
body), TOC (the table of contents: entries with ID, Text and Children, the
third-level headings; empty unless the page has three second-level
headings or toc: true) and Embeds (true when the body has a video: load
js/embed.js). Its fields: Kind, Lang, Section, Key, URL, Permalink, Title,
Summary, Content, Date, Lastmod, Draft, Future, Weight, TOC, Embeds, File
(source file; .File.Front holds every front matter field: Start, End,
Location, Venue, Registration, Attendance, TOC, Countries,
Programme, Issue, PDF, Cities, Partners), Translations, Switcher (one entry
per site language: Lang, Name, URL, Current, Fallback), Regions (region
pages), Themes (Key, Name, Description, URL), Year, YearPage, Related (items),
Items (entries of a list page: Page and Fallback, true when the entry is shown
in another language), Groups (titled parts of a list: Key, Month, Items,
Groups), Pager (Number, Total, Prev, Next, First, Pages, and Near: the first, last
and nearby pages with gaps between, as site.PagerLink), Count, ThemeList,
YearList, Theme (on theme pages) and Site (the page's language: Code, Name,
Title, Home, NotFound, Sections, Themes, Years, Menu, and InMenu p: whether
the menu names page p itself).

Functions

	T "key" args...        UI string in the page's language (an error if missing)
	tIn "es" "key"         UI string in another language
	date t                 localized date: 7 de octubre de 2019
	dateIn "es" t          a date in another language (for fallback items)
	dateRange start end    localized range: 7–10 October 2019
	month t                localized month and year: octubre de 2019
	isoDate t              2019-10-07, for datetime attributes
	langName "es"          a language's own name: Español
	langNameIn "en"        a language's name in the page's language: inglés
	country "MX"           a country's name in the page's language: México
	asset "css/site.css"   an asset's URL and Integrity (an error if missing)
	absURL "/es/"          an absolute URL on the site
	relURL "/es/"          a path with the base URL's path prefix
	sectionURL "events"    a section or index URL in the page's language
	xdefault .             the page hreflang="x-default" names (see xdefaultURL)
	xdefaultURL .          the x-default's address: the root chooser for a home
	                       page, else the default-language version
	eventJSONLD .          an event's schema.org Event as JSON for a
	                       <script type="application/ld+json"> ("" for others)
	sectionFeed "events"   the URL of a section's feed in the page's language,
	                       "" when it has no dated page (and so no feed)
	download "docs/x.pdf"  an asset's format and size in the page's language:
	                       PDF, 148 KB (an error if missing)
	theme "key"            a theme's Key, Name and Description in the page's language
	languages              every language of the site (the Lang views)
	picture .              the page's front matter image as a responsive
	                       <picture class="page-picture">, loaded at once ("" when none)
	socialImage .          what sharing the page shows: URL (absolute), Type,
	                       Width, Height, Alt; the page's image, else its
	                       language's social card (nil when neither exists)
	icons                  the favicons: Rel, URL, MediaType, Sizes, for <link>s
	safeHTML s, add a b, dict k v ..., upper s, hasPrefix s p
	partialCached "partials/x.html" data keys...
	                       a partial rendered once per language and keys (at
	                       most 4: strings, numbers, booleans, pages, list
	                       entries) and its HTML reused: the keys must name
	                       everything the output depends on besides the
	                       language; other keys are an error
*/
package render
