package site

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/parallel"
)

// Options control which pages the model holds.
type Options struct {
	// Drafts includes pages with draft: true.
	Drafts bool
	// Future includes pages dated after Now.
	Future bool
	// Now decides upcoming events and future pages. Zero means time.Now().
	Now time.Time
	// Lastmod gives a file without lastmod in its front matter its last
	// change, by path (Git commit dates).
	Lastmod map[string]time.Time
	// Related, when set, carries related pages from one Build to the next
	// (serve's rebuilds).
	Related *RelatedCache
	// Previous, when set, is the model the last Build of the site made
	// with the same settings (serve's rebuilds): a page at a URL it had
	// takes the strings of its URL, permalink and output path from it,
	// rather than making them again, and comparing the two models (as
	// serve does after every edit) finds such strings equal at once.
	Previous *Model
}

// Sections of the contract, in menu order; each has a list page in every
// language even when it is empty.
var standardSections = []string{"regions", "events", "newsletters", "case-studies"}

// builder holds the state of one Build.
type builder struct {
	cfg    *config.Config
	opts   Options
	m      *Model
	errs   diag.List
	byLang map[string]*Lang
	// groups of content pages by key, and of generated pages by an internal key.
	groups    map[string]*Group
	genGroups map[string]*Group
	regions   map[string]*Group // region key -> group
	byURL     map[string]*Page
	// pageThemes are the theme references pages carry, one per language
	// and theme, shared rather than copied into every page.
	pageThemes map[langKey]*ThemeRef
	// yearPages are the pages at the years' URLs, which every dated page
	// links to: looked up by number rather than by a URL made per page.
	yearPages map[langYear]*Page
}

type langKey struct {
	lang *Lang
	key  string
}

type langYear struct {
	lang *Lang
	year int
}

// Build places the content files at their URLs and builds every index. It
// returns the model and every problem found across files; the model is
// usable for rendering only when the list holds no errors.
func Build(cfg *config.Config, files []*content.File, opts Options) (*Model, diag.List) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	b := &builder{
		cfg:       cfg,
		opts:      opts,
		m:         &Model{Config: cfg, Now: opts.Now},
		byLang:    map[string]*Lang{},
		groups:    map[string]*Group{},
		genGroups: map[string]*Group{},
		regions:   map[string]*Group{},
		// Every file is a page, and a few pages more are made: the map
		// is made once at its size rather than grown again and again.
		byURL:     make(map[string]*Page, len(files)+len(files)/8),
		yearPages: map[langYear]*Page{},
	}
	for _, l := range cfg.Languages {
		lv := &Lang{Language: l, Sections: map[string]*Page{}}
		b.byLang[l.Code] = lv
		b.m.Langs = append(b.m.Langs, lv)
	}
	for _, lv := range b.m.Langs {
		lv.all = b.m.Langs
	}
	b.contentPages(files)
	// The tags are checked beside the lists: checkTags reads only what
	// listPages leaves as it is (the pages' files, the groups, the
	// regions), and its problems go before listPages', as in turn.
	b.sortedGroups()
	tagErrs := make(chan diag.List, 1)
	go func() { tagErrs <- b.checkTags() }()
	before := len(b.errs)
	b.listPages()
	listErrs := slices.Clone(b.errs[before:])
	b.errs = append(append(b.errs[:before], <-tagErrs...), listErrs...)
	b.crossLinks()
	b.aliases()
	b.finish()
	b.m.regions = b.regions
	return b.m, b.errs
}

func (b *builder) defaultLang() string { return b.cfg.DefaultLanguage }

// contentPages makes a page of every content file and joins translations.
func (b *builder) contentPages(files []*content.File) {
	// The pages live as long as the model: one block keeps them together
	// (see content.Load's files).
	block := make([]Page, len(files))
	for i, f := range files {
		if _, ok := b.byLang[f.Lang]; !ok {
			continue // content reported the unknown language already
		}
		fm := &f.Front
		p := &block[i]
		*p = Page{
			Kind:    string(f.Kind),
			Lang:    f.Lang,
			Section: f.Section,
			Key:     f.Slug,
			Title:   fm.Title,
			Summary: fm.Summary,
			Draft:   fm.Draft,
			Weight:  fm.Weight,
			File:    f,
			Site:    b.byLang[f.Lang],
		}
		setDates(p, b.opts)
		if (p.Draft && !b.opts.Drafts) || (p.Future && !b.opts.Future) {
			continue
		}
		if f.Blank && f.Kind != content.KindHome && f.Kind != content.KindSection {
			// Allowed (a short event needs no text), but often a file saved
			// too early.
			b.errs.Warnf(diag.Pos{File: f.Path, Line: 1}, "the page has no text below its front matter")
		}
		b.place(p)
		b.join(p)
	}
}

// yearDate is the date that gives a page its year: an event's start, else its date.
func (p *Page) yearDate() time.Time {
	if p.File != nil && p.File.Kind == content.KindEvent {
		return p.File.Front.Start
	}
	return p.Date
}

// place gives a content page its URL.
func (b *builder) place(p *Page) {
	f := p.File
	slug := f.Slug
	if f.Front.Slug != "" {
		slug = f.Front.Slug
	}
	switch f.Kind {
	case content.KindHome:
		p.URL = "/" + p.Lang + "/"
	case content.KindSection:
		p.URL = b.sectionURL(p.Lang, f.Section)
	default:
		if f.Section == "" {
			p.URL = "/" + p.Lang + "/" + slug + "/"
		} else {
			p.URL = b.sectionURL(p.Lang, f.Section) + slug + "/"
		}
	}
}

// sectionURL is the URL of a section or index in a language (/es/eventos/).
func (b *builder) sectionURL(lang, key string) string {
	return "/" + lang + "/" + b.cfg.Segment(key, lang) + "/"
}

// join adds a content page to its translation group.
func (b *builder) join(p *Page) {
	f := p.File
	// A translationKey names the page a file translates: files without one
	// are keyed by their name, so "translationKey: closing" in
	// newsletters/cierre.es.md joins newsletters/closing.en.md.
	key := f.Section + "/" + f.Slug
	if f.Front.TranslationKey != "" {
		key = f.Section + "/" + f.Front.TranslationKey
	}
	g := b.groups[key]
	if g == nil {
		g = &Group{Key: key, Section: f.Section, Kind: f.Kind}
		b.groups[key] = g
		if f.Kind == content.KindRegion {
			b.regions[f.Slug] = g
		}
	}
	if other := g.In(p.Lang); other != nil {
		b.errs.Errorf(diag.Pos{File: f.Path, Line: 1}, "%s is already translated to %q by %s; a page has one file per language", groupName(g), p.Lang, other.File.Path)
		return
	}
	if g.Kind != f.Kind {
		b.errs.Errorf(diag.Pos{File: f.Path, Line: f.Line("translationKey")}, "translationKey %q joins a %s with a %s (%s)", f.Front.TranslationKey, f.Kind, g.Kind, g.Pages[0].File.Path)
		return
	}
	p.Group = g
	g.Pages = append(g.Pages, p)
}

func groupName(g *Group) string {
	return "page " + strconv.Quote(g.Key)
}

// sortedGroups returns the content groups sorted by key, pages in switcher order.
func (b *builder) sortedGroups() []*Group {
	if b.m.Groups != nil {
		return b.m.Groups
	}
	order := map[string]int{}
	for i, l := range b.cfg.Languages {
		order[l.Code] = i
	}
	groups := make([]*Group, 0, len(b.groups))
	for _, g := range b.groups {
		if len(g.Pages) == 0 {
			continue
		}
		// A group has a page or two per language: a generic sort of a few
		// pages costs no reflection, and a stable one keeps the order of
		// two pages in one language (a mistake reported elsewhere) that
		// of the files.
		slices.SortStableFunc(g.Pages, func(x, y *Page) int { return order[x.Lang] - order[y.Lang] })
		groups = append(groups, g)
	}
	// Keys are unique: any sort gives one order.
	slices.SortFunc(groups, func(x, y *Group) int { return strings.Compare(x.Key, y.Key) })
	b.m.Groups = groups
	return b.m.Groups
}

// checkTags reports region and theme keys that do not exist, and
// translationKeys used by one file only.
func (b *builder) checkTags() (errs diag.List) {
	regionKeys := make([]string, 0, len(b.regions))
	for k := range b.regions {
		regionKeys = append(regionKeys, k)
	}
	sort.Strings(regionKeys)
	themeKeys := make([]string, len(b.cfg.Themes))
	for i, t := range b.cfg.Themes {
		themeKeys[i] = t.Key
	}
	for _, g := range b.sortedGroups() {
		for _, p := range g.Pages {
			f := p.File
			for i, r := range f.Front.Regions {
				if _, ok := b.regions[r]; !ok {
					errs.Errorf(diag.Pos{File: f.Path, Line: lineOf(f, "regions", i)}, "regions: unknown region %q%s", r, hintOrList(r, regionKeys, "content/regions/<key>.<lang>.md"))
				}
			}
			for i, t := range f.Front.Themes {
				if _, ok := b.cfg.Theme(t); !ok {
					errs.Errorf(diag.Pos{File: f.Path, Line: lineOf(f, "themes", i)}, "themes: unknown theme %q%s", t, hintOrList(t, themeKeys, "themes in site.yaml"))
				}
			}
		}
		if f := g.Pages[0].File; f.Front.TranslationKey != "" && len(g.Pages) == 1 && len(b.cfg.Languages) > 1 {
			errs.Warnf(diag.Pos{File: f.Path, Line: f.Line("translationKey")}, "translationKey %q is used by this file only; give its translations the same key", f.Front.TranslationKey)
		}
	}
	return errs
}

func lineOf(f *content.File, field string, i int) int {
	if l, ok := f.Front.Lines.OfItem(field, i); ok {
		return l
	}
	return f.Line(field)
}

func hintOrList(got string, known []string, where string) string {
	if h := diag.Suggest(got, known); h != "" {
		return h
	}
	if len(known) == 0 {
		return " (none defined: add " + where + ")"
	}
	if len(known) <= 12 {
		return " (known: " + strings.Join(known, ", ") + ")"
	}
	return " (see " + where + ")"
}

// register records the page at its URL, reporting clashes.
func (b *builder) register(p *Page) {
	var old *Page
	if prev := b.opts.Previous; prev != nil && prev.Config == b.cfg {
		old = prev.byURL[p.URL]
	}
	if old != nil {
		// The same strings, not only equal ones (the 404 page's output
		// path is set apart, after register).
		p.URL, p.Permalink = old.URL, old.Permalink
		if isOutputPath(p.URL, old.OutputPath) {
			p.OutputPath = old.OutputPath
		} else {
			p.OutputPath = outputPath(p.URL)
		}
	} else {
		p.Permalink, p.OutputPath = b.absURL(p.URL), outputPath(p.URL)
	}
	if other, ok := b.byURL[p.URL]; ok {
		if p.File == nil && other.File != nil {
			// A generated page (a section list, an index) takes a URL an
			// editor's page already has: the editor's slug is what to change.
			b.errs.Errorf(pagePos(other), "%s is the URL of the %s page that puente makes; change this page's slug", p.URL, generatedName(p))
		} else {
			b.errs.Errorf(pagePos(p), "%s is also the URL of %s; change the slug of one of them", p.URL, describe(other))
		}
		return
	}
	b.byURL[p.URL] = p
	b.m.Pages = append(b.m.Pages, p)
	if b.m.langPages == nil {
		b.m.langPages = map[string][]*Page{}
	}
	b.m.langPages[p.Lang] = append(b.m.langPages[p.Lang], p)
}

func pagePos(p *Page) diag.Pos {
	if p.File == nil {
		return diag.Pos{File: config.File}
	}
	line := 1
	if p.File.Front.Slug != "" {
		line = p.File.Line("slug")
	}
	return diag.Pos{File: p.File.Path, Line: line}
}

// generatedName names a page that puente makes, for messages.
func generatedName(p *Page) string {
	if p.Section != "" && p.Kind != KindTheme && p.Kind != KindYear {
		return p.Section + " " + p.Kind
	}
	return p.Kind
}

func describe(p *Page) string {
	if p.File != nil {
		return p.File.Path
	}
	return "the generated " + p.Kind + " page"
}

// outputPath turns a URL path into the file written for it.
func outputPath(u string) string {
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

// isOutputPath reports whether out is outputPath(u), without making it.
func isOutputPath(u, out string) bool {
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return len(out) == len(u)+len("index.html") && strings.HasPrefix(out, u) && strings.HasSuffix(out, "index.html")
	}
	return out == u
}

// absURL makes a site path absolute against the base URL.
func (b *builder) absURL(p string) string {
	return AbsURL(b.cfg.BaseURL, p)
}

// AbsURL resolves a site path (/es/eventos/) against the base URL, keeping a
// base URL's own path prefix.
func AbsURL(base *url.URL, p string) string {
	if base == nil {
		return p
	}
	u := *base
	u.Path = path.Join(base.Path, p)
	if strings.HasSuffix(p, "/") && !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u.String()
}

// genPage makes a generated page in a language and joins it to the group of
// its kind and key, so that its translations are the same page in the
// other languages.
func (b *builder) genPage(lang, kind, section, key, urlPath string) *Page {
	p := &Page{Kind: kind, Lang: lang, Section: section, Key: key, URL: urlPath, Site: b.byLang[lang]}
	b.joinGen(p, kind, section, key)
	b.register(p)
	return p
}

// joinGen puts a list page into the group of its kind and key. A list page
// an editor wrote an intro for (content/events/_index.es.md) joins it too,
// so that hreflang links the lists of all languages whether or not each has
// an intro.
func (b *builder) joinGen(p *Page, kind, section, key string) {
	gk := kind + "|" + section + "|" + key
	g := b.genGroups[gk]
	if g == nil {
		g = &Group{Key: gk, Section: section}
		b.genGroups[gk] = g
	}
	p.Group = g
	g.Pages = append(g.Pages, p)
}

// crossLinks gives every page its translations, language switcher, regions,
// themes, year, region index and related pages.
func (b *builder) crossLinks() {
	all := b.allGroups()
	for _, g := range all {
		for _, p := range g.Pages {
			for _, q := range g.Pages {
				if q != p {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
	byRegion := b.groupsByRegion()
	b.pageThemes = map[langKey]*ThemeRef{}
	for _, lv := range b.m.Langs {
		for _, t := range b.cfg.Themes {
			ref := b.themeRef(t.Key, lv.Code)
			b.pageThemes[langKey{lv, t.Key}] = &ref
		}
	}
	// Each page's links are its own; everything read here is complete by
	// now, so pages are linked on all cores.
	parallel.For(len(b.m.Pages), func(i int) {
		p := b.m.Pages[i]
		if p.File == nil {
			return
		}
		f := p.File
		p.Regions = regionPages(b.regions, f, p.Lang, b.defaultLang())
		for _, t := range uniq(f.Front.Themes) {
			if ref := b.pageThemes[langKey{p.Site, t}]; ref != nil {
				p.Themes = append(p.Themes, ref)
			}
		}
		if p.Year != 0 {
			yp, ok := b.yearPages[langYear{p.Site, p.Year}]
			if !ok {
				yp = b.byURL[b.yearURL(p.Lang, p.Year)]
			}
			p.YearPage = yp
		}
		if f.Kind == content.KindRegion {
			b.regionIndex(p, byRegion)
		}
	})
	b.related()
}

// allGroups returns content groups then generated groups, in a stable order.
func (b *builder) allGroups() []*Group {
	var all []*Group
	for _, g := range b.sortedGroups() {
		if g.Kind != content.KindHome && g.Kind != content.KindSection {
			all = append(all, g)
		}
	}
	keys := make([]string, 0, len(b.genGroups))
	for k := range b.genGroups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		all = append(all, b.genGroups[k])
	}
	return all
}

// regionIndex lists on a region's page the events (upcoming, then past),
// case studies and newsletters tagged with it.
func (b *builder) regionIndex(p *Page, tagged map[string][]*Group) {
	key := p.File.Slug
	var items []Item
	for _, g := range tagged[key] {
		if it, ok := b.pick(g, p.Lang); ok {
			items = append(items, it)
		}
	}
	p.Groups = regionGroups(items, b.opts.Now)
	p.Count = countItems(p.Groups)
}

// countItems is the number of entries of a list's parts.
func countItems(groups []ListGroup) int {
	n := 0
	for _, lg := range groups {
		n += len(lg.Items)
	}
	return n
}

// regionGroups parts the entries of a region's page: events upcoming at
// now (soonest first), then past ones, case studies and newsletters
// (newest first), leaving out parts with no entries.
func regionGroups(items []Item, now time.Time) []ListGroup {
	var upcoming, past, cases, news []Item
	for _, it := range items {
		switch it.Page.Group.Kind {
		case content.KindEvent:
			if eventEnd(it.Page).Before(now) {
				past = append(past, it)
			} else {
				upcoming = append(upcoming, it)
			}
		case content.KindCaseStudy:
			cases = append(cases, it)
		case content.KindNewsletter:
			news = append(news, it)
		}
	}
	newestFirst(past)
	newestFirst(cases)
	newestFirst(news)
	// Upcoming events read soonest first.
	newestFirst(upcoming)
	for i, j := 0, len(upcoming)-1; i < j; i, j = i+1, j-1 {
		upcoming[i], upcoming[j] = upcoming[j], upcoming[i]
	}
	var out []ListGroup
	for _, lg := range []ListGroup{{Key: "upcoming", Items: upcoming}, {Key: "past", Items: past}, {Key: string(content.KindCaseStudy), Items: cases}, {Key: string(content.KindNewsletter), Items: news}} {
		if len(lg.Items) > 0 {
			out = append(out, lg)
		}
	}
	return out
}

// groupsByRegion maps each region key to the listable groups (not regions)
// any page of which names it, in group order.
func (b *builder) groupsByRegion() map[string][]*Group {
	out := map[string][]*Group{}
	for _, g := range b.sortedGroups() {
		if !relatable(g) {
			continue
		}
		for _, r := range groupRegions(g, nil, false) {
			out[r] = append(out[r], g)
		}
	}
	return out
}

// eventEnd is the last day of an event: its end, else its start, as the
// end of that day.
func eventEnd(p *Page) time.Time {
	f := p.File.Front
	d := f.End
	if d.IsZero() {
		d = f.Start
	}
	return d.Add(24 * time.Hour)
}

func byURL(a, b *Page) int { return strings.Compare(a.URL, b.URL) }

// finish sorts pages for deterministic output.
func (b *builder) finish() {
	// URLs are unique (register refuses a second page at one), so any
	// sort gives one order; a generic one needs no reflection to swap.
	// The languages' pages are sorted on every core, and the site's,
	// which are theirs together, merged from them.
	parallel.For(len(b.m.Langs), func(i int) {
		slices.SortFunc(b.m.langPages[b.m.Langs[i].Code], byURL)
	})
	b.m.Pages = mergeByURL(b.m.Pages, b.m.Langs, b.m.langPages)
	// register kept every page by URL; Lookup answers from the same map.
	b.m.byURL = b.byURL
	b.m.items = make(map[string][]Item, len(b.m.Langs))
	for _, lv := range b.m.Langs {
		b.m.items[lv.Code] = slices.Clip(b.m.makeItems(lv.Code))
	}
	for _, lv := range b.m.Langs {
		for _, key := range b.cfg.Menus["main"] {
			if p := b.menuPage(lv, key); p != nil {
				lv.Menu = append(lv.Menu, MenuItem{Key: key, Page: p})
			} else {
				b.errs.Errorf(diag.Pos{File: config.File, Line: b.cfg.Lines["menus"]}, "menus: main: %q is not a section, index or standalone page", key)
			}
		}
	}
}

// mergeByURL puts into all, in URL order, the pages of every language,
// each sorted by URL; all holds the same pages in any order, and is
// sorted itself should the languages' not add up to it.
func mergeByURL(all []*Page, langs []*Lang, byLang map[string][]*Page) []*Page {
	lists := make([][]*Page, 0, len(langs))
	n := 0
	for _, lv := range langs {
		lists = append(lists, byLang[lv.Code])
		n += len(byLang[lv.Code])
	}
	if n != len(all) {
		slices.SortFunc(all, byURL)
		return all
	}
	all = all[:0]
	for {
		next := -1
		for i, l := range lists {
			if len(l) > 0 && (next < 0 || l[0].URL < lists[next][0].URL) {
				next = i
			}
		}
		if next < 0 {
			return all
		}
		all = append(all, lists[next][0])
		lists[next] = lists[next][1:]
	}
}

// menuPage resolves a menu key: a section, the themes or years index, or a
// standalone page's file slug.
func (b *builder) menuPage(lv *Lang, key string) *Page {
	switch key {
	case "themes":
		return lv.Themes
	case "years":
		return lv.Years
	case "search":
		return lv.Search
	}
	if p, ok := lv.Sections[key]; ok {
		return p
	}
	for _, g := range b.sortedGroups() {
		if g.Kind == content.KindPage && g.Section == "" && g.Pages[0].File.Slug == key {
			if it, ok := b.pick(g, lv.Code); ok {
				return it.Page
			}
		}
	}
	return nil
}

// Lookup returns the page at a URL path, if any.
func (m *Model) Lookup(urlPath string) *Page {
	return m.byURL[urlPath]
}

// XDefault is the page that hreflang="x-default" names for p: its
// translation in the default language, else p itself.
func (m *Model) XDefault(ref PageRef) *Page {
	p := ref.page()
	if p.Group != nil {
		if d := p.Group.In(m.Config.DefaultLanguage); d != nil {
			return d
		}
	}
	return p
}

func (p *Page) String() string { return fmt.Sprintf("%s %s", p.Kind, p.URL) }
