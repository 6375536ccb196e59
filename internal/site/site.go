// Package site owns the in-memory model of the whole site: pages placed at
// their URLs, translation groups, the section, region, theme and year
// indexes, pagination, aliases and related pages, and the checks that need
// more than one file (unknown region or theme keys, two pages on one URL,
// broken internal links). It knows nothing about disk, templates or HTTP.
package site

import (
	"maps"
	"slices"
	"time"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
)

// Kinds of pages the model makes besides the content kinds of package content.
const (
	KindRegions  = "regions" // the list of regions, grouped by programme
	KindThemes   = "themes"  // every theme with its count
	KindTheme    = "theme"   // one theme's pages, grouped by kind
	KindYears    = "years"   // every year with its count
	KindYear     = "year"    // one year's pages, grouped by kind and month
	KindNotFound = "404"
	KindSearch   = "search" // the search page; the index itself is a JSON file
)

// Model is the whole site, ready to render.
type Model struct {
	Config *config.Config
	// Pages holds every page to render, sorted by URL.
	Pages []*Page
	// Langs holds the per-language view, in switcher order.
	Langs []*Lang
	// Aliases are old URLs that redirect to a page.
	Aliases []Alias
	// Groups are the translation groups of content pages, sorted by key.
	Groups []*Group
	// Now is the time the model was built for (upcoming events, future pages).
	Now time.Time

	regions map[string]*Group
	// langPages are the pages of each language, sorted by URL (PagesIn).
	// They are kept here rather than on Lang, which every page reaches
	// (Page.Site): serve compares what pages read between two models, and
	// a page added to a language is not a change of every page.
	langPages map[string][]*Page
	// byURL finds pages for Lookup (the builder's map of registered
	// pages): link checks ask for every link of every page, too often
	// for a binary search over every URL.
	byURL map[string]*Page
	// items are each language's Items: serve compares the lists that
	// sitemaps, calendars and search indexes are made from after every
	// edit.
	items map[string][]Item
}

// PagesIn returns the pages in a language, sorted by URL.
func (m *Model) PagesIn(lang string) []*Page { return m.langPages[lang] }

// Region returns the page of a region key in lang (or the version the lists
// show when lang has none), or nil for an unknown key.
func (m *Model) Region(key, lang string) *Page {
	g := m.regions[key]
	if g == nil {
		return nil
	}
	it, _ := g.Pick(lang, m.Config.DefaultLanguage)
	return it.Page
}

// Regions returns, for every region key in order, the page Region gives
// for it in lang.
func (m *Model) Regions(lang string) []*Page {
	pages := make([]*Page, 0, len(m.regions))
	for _, k := range slices.Sorted(maps.Keys(m.regions)) {
		if p := m.Region(k, lang); p != nil {
			pages = append(pages, p)
		}
	}
	return pages
}

// Items returns every listable content page as a language's lists show it:
// its translation, else the default language's version, else the first.
// The list is the model's own, made when the model was built: it is not
// to be changed.
func (m *Model) Items(lang string) []Item {
	if items, ok := m.items[lang]; ok {
		return items
	}
	return m.makeItems(lang)
}

func (m *Model) makeItems(lang string) []Item {
	var items []Item
	for _, g := range m.Groups {
		if g.Kind == "home" || g.Kind == "section" {
			continue
		}
		if it, ok := g.Pick(lang, m.Config.DefaultLanguage); ok {
			items = append(items, it)
		}
	}
	return items
}

// Lang is the part of the site in one language.
type Lang struct {
	config.Language
	// Home is the home page; NotFound the 404 page.
	Home     *Page
	NotFound *Page
	// Sections maps a section key (events) to its first list page.
	Sections map[string]*Page
	Themes   *Page
	Years    *Page
	Search   *Page
	// Menu is the main menu, resolved to pages in this language.
	Menu []MenuItem

	// all are the site's languages in the order of site.yaml (Switcher).
	all []*Lang
}

// InMenu reports whether the main menu names p itself, by URL: the menu
// then marks p's entry as the current page, so its rendering is p's own
// rather than its section's.
func (l *Lang) InMenu(p PageRef) bool {
	url := p.page().URL
	for _, it := range l.Menu {
		if it.Page.URL == url {
			return true
		}
	}
	return false
}

// MenuItem is one entry of a menu.
type MenuItem struct {
	Key  string
	Page *Page
}

// Alias is an old URL of a page.
type Alias struct {
	// Path is the old URL path, as written in front matter (/old/url/).
	Path string
	Page *Page
}

// Group is the set of translations of one content page.
type Group struct {
	Key     string
	Section string
	Kind    content.Kind
	// Pages by language, in switcher order; missing languages are absent.
	Pages []*Page
}

// In returns the page of the group in lang, or nil.
func (g *Group) In(lang string) *Page {
	for _, p := range g.Pages {
		if p.Lang == lang {
			return p
		}
	}
	return nil
}

// Pick returns the page of g that a list in lang shows: its translation
// in lang, else the one in the default language def, else the first there
// is, marked as a fallback when it is not in lang. ok is false for an empty
// group.
func (g *Group) Pick(lang, def string) (it Item, ok bool) {
	if p := g.In(lang); p != nil {
		return Item{Page: p}, true
	}
	if p := g.In(def); p != nil {
		return Item{Page: p, Fallback: true}, true
	}
	if len(g.Pages) > 0 {
		return Item{Page: g.Pages[0], Fallback: true}, true
	}
	return Item{}, false
}

// Page is one output page, placed and linked.
type Page struct {
	// Kind is a content.Kind or one of the Kind constants above.
	Kind string
	// Lang is the language of the page's text and of its URL tree.
	Lang string
	// Section is the section key (events), "" for home and standalone pages.
	Section string
	// Key identifies the page within its kind: the region key for a region,
	// the theme key for a theme page, the year for a year page, the file slug
	// for other content pages.
	Key string
	// URL is the path from the site root, with a trailing slash (/es/eventos/x/).
	URL string
	// Permalink is the absolute URL.
	Permalink string
	// OutputPath is the file to write, relative to public/ (es/eventos/x/index.html).
	OutputPath string

	Title   string
	Summary string
	Date    time.Time
	Lastmod time.Time
	Draft   bool
	// Future is true for a page whose date is after the build's Now; it is
	// only built when asked.
	Future bool
	Weight int

	// File is the source file of a content page, nil for generated pages.
	File  *content.File
	Group *Group
	// Translations are the same page in the other languages, in switcher order.
	Translations []*Page

	Regions  []*Page     // the region pages this page is tagged with, in its language where possible
	Themes   []*ThemeRef // shared by every page of a language tagged with the theme
	Year     int
	YearPage *Page
	Related  []Item

	// List pages.
	// Items are the entries of a list page (of this pager page only).
	Items []Item
	// Groups are the titled parts of a list: programmes on the regions page,
	// kinds on a theme page, kinds then months on a year page, and on a
	// region's page its "upcoming" and "past" events, "case-study" and
	// "newsletter" items.
	Groups []ListGroup
	Pager  *Pager
	// Count is the number of items a theme or year page lists in all.
	Count int
	// ThemeList and YearList are the entries of the themes and years indexes.
	ThemeList []ThemeRef
	YearList  []YearRef

	// Theme is set on theme pages.
	Theme *ThemeRef

	// Site is the part of the site in the page's language.
	Site *Lang
}

// PageRef is a page, or a value that embeds one: the view of a page that a
// later stage adds its own fields to (render gives layouts the page and
// its converted body). Methods that take a page from a layout take a
// PageRef, so that either can be passed.
type PageRef interface{ page() *Page }

func (p *Page) page() *Page { return p }

// Item is an entry of a list: a page, maybe shown in another language
// because the list's language has no translation of it.
type Item struct {
	Page *Page
	// Fallback is true when Page is not in the list's language.
	Fallback bool
}

// ListGroup is a titled part of a list: a kind on a theme page, a kind and
// then months on a year page, a programme on the regions page.
type ListGroup struct {
	Key    string // kind (event), programme (INNOVACT), month (2019-10) or upcoming/past
	Month  time.Time
	Items  []Item
	Groups []ListGroup
}

// ThemeRef is a theme as a page shows it, in the page's language.
type ThemeRef struct {
	Key         string
	Name        string
	Description string
	URL         string
	Count       int
}

// YearRef is a year as the years index shows it.
type YearRef struct {
	Year  int
	URL   string
	Count int
}

// SwitchLink is one language of the language switcher.
type SwitchLink struct {
	Lang string
	Name string // the language's own name
	URL  string
	// Current is true for the page's own language.
	Current bool
	// Fallback is true when the page has no translation in Lang and URL goes
	// to the nearest page that does exist (the section list or home).
	Fallback bool
}

// Switcher has one entry per site language, in the order of site.yaml, for
// the language switcher: the page itself, its translation, or else the
// nearest list that exists in that language (the section's, or home). It is
// worked out when a layout asks, once per page, rather than kept on every
// page, where the collector would go over them for the whole build.
func (p *Page) Switcher() []SwitchLink {
	if p.Site == nil {
		return nil
	}
	out := make([]SwitchLink, 0, len(p.Site.all))
	for _, lv := range p.Site.all {
		sl := SwitchLink{Lang: lv.Code, Name: lv.Name}
		switch {
		case lv.Code == p.Lang:
			sl.URL, sl.Current = p.URL, true
		case p.Group != nil && p.Group.In(lv.Code) != nil:
			sl.URL = p.Group.In(lv.Code).URL
		default:
			sl.Fallback = true
			if s, ok := lv.Sections[p.Section]; ok && p.Section != "" {
				sl.URL = s.URL
			} else {
				sl.URL = lv.Home.URL
			}
		}
		out = append(out, sl)
	}
	return out
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number int // 1-based
	Total  int
	Prev   *Page
	Next   *Page
	First  *Page
	// Pages are all pages of the list, in order.
	Pages []*Page
}

// PagerLink is an entry of Pager.Near: a page of the list by its number,
// or, with no page, a gap where numbers are left out.
type PagerLink struct {
	Number int   // 1-based; 0 for a gap
	Page   *Page // nil for a gap
}

// pagerAround is how many pages on each side of the current one Near lists.
const pagerAround = 2

// Near lists the pages a pager links to by number: the first and the last,
// and those within two of the current one, with a gap wherever more than
// one page is left out (a gap of one would take as much room as the page).
// A section of 200 list pages thus shows at most nine entries on each of
// them, not 200: the links stay usable, and rendering the section's pages
// no longer grows with the square of its length.
func (pg *Pager) Near() []PagerLink {
	shown := func(n int) bool {
		return n == 1 || n == pg.Total || (n >= pg.Number-pagerAround && n <= pg.Number+pagerAround)
	}
	var out []PagerLink
	last := 0
	for n := 1; n <= pg.Total; n++ {
		if !shown(n) {
			continue
		}
		switch {
		case n == last+2:
			out = append(out, PagerLink{Number: last + 1, Page: pg.Pages[last]})
		case n > last+2:
			out = append(out, PagerLink{})
		}
		out = append(out, PagerLink{Number: n, Page: pg.Pages[n-1]})
		last = n
	}
	return out
}

// IsList reports whether the page lists other pages.
func (p *Page) IsList() bool {
	switch p.Kind {
	case string(content.KindHome), string(content.KindSection), KindRegions, KindThemes, KindTheme, KindYears, KindYear:
		return true
	}
	return false
}
