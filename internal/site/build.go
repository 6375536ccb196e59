package site

import (
	"cmp"
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
	pageThemes map[[2]string]*ThemeRef
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
		byURL:     map[string]*Page{},
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
	b.checkTags()
	b.listPages()
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
			Date:    fm.Date,
			Lastmod: fm.Lastmod,
			Draft:   fm.Draft,
			Weight:  fm.Weight,
			File:    f,
			Site:    b.byLang[f.Lang],
		}
		if f.Kind == content.KindEvent && p.Date.IsZero() {
			p.Date = fm.Start
		}
		if p.Lastmod.IsZero() {
			p.Lastmod = b.opts.Lastmod[f.Path]
		}
		if p.Lastmod.IsZero() {
			p.Lastmod = p.Date
		}
		if !fm.Date.IsZero() && fm.Date.After(b.opts.Now) {
			p.Future = true
		}
		if (p.Draft && !b.opts.Drafts) || (p.Future && !b.opts.Future) {
			continue
		}
		if f.Blank && f.Kind != content.KindHome && f.Kind != content.KindSection {
			// Allowed (a short event needs no text), but often a file saved
			// too early.
			b.errs.Warnf(diag.Pos{File: f.Path, Line: 1}, "the page has no text below its front matter")
		}
		if y := p.yearDate(); !y.IsZero() && p.Kind != string(content.KindRegion) && p.Kind != string(content.KindHome) && p.Kind != string(content.KindSection) {
			p.Year = y.Year()
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
	for _, g := range b.groups {
		if len(g.Pages) == 0 {
			continue
		}
		sort.Slice(g.Pages, func(i, j int) bool { return order[g.Pages[i].Lang] < order[g.Pages[j].Lang] })
		b.m.Groups = append(b.m.Groups, g)
	}
	sort.Slice(b.m.Groups, func(i, j int) bool { return b.m.Groups[i].Key < b.m.Groups[j].Key })
	return b.m.Groups
}

// checkTags reports region and theme keys that do not exist, and
// translationKeys used by one file only.
func (b *builder) checkTags() {
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
					b.errs.Errorf(diag.Pos{File: f.Path, Line: lineOf(f, "regions", i)}, "regions: unknown region %q%s", r, hintOrList(r, regionKeys, "content/regions/<key>.<lang>.md"))
				}
			}
			for i, t := range f.Front.Themes {
				if _, ok := b.cfg.Theme(t); !ok {
					b.errs.Errorf(diag.Pos{File: f.Path, Line: lineOf(f, "themes", i)}, "themes: unknown theme %q%s", t, hintOrList(t, themeKeys, "themes in site.yaml"))
				}
			}
		}
		if f := g.Pages[0].File; f.Front.TranslationKey != "" && len(g.Pages) == 1 && len(b.cfg.Languages) > 1 {
			b.errs.Warnf(diag.Pos{File: f.Path, Line: f.Line("translationKey")}, "translationKey %q is used by this file only; give its translations the same key", f.Front.TranslationKey)
		}
	}
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
	p.Permalink = b.absURL(p.URL)
	p.OutputPath = outputPath(p.URL)
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
	lv := b.byLang[p.Lang]
	lv.Pages = append(lv.Pages, p)
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

// pick chooses the page of g to show in lang: its own translation, else the
// default language's, else the first there is.
func (b *builder) pick(g *Group, lang string) (Item, bool) {
	return g.Pick(lang, b.defaultLang())
}

// newestFirst orders items by date, newest first, then by weight, title
// and URL. URLs are unique, so the order is total and never depends on map
// iteration; that also lets it use an unstable sort, which is faster.
func newestFirst(items []Item) {
	slices.SortFunc(items, func(x, y Item) int {
		a, c := x.Page, y.Page
		if n := c.Date.Compare(a.Date); n != 0 {
			return n
		}
		if a.Weight != c.Weight {
			return cmp.Compare(a.Weight, c.Weight)
		}
		if n := strings.Compare(a.Title, c.Title); n != 0 {
			return n
		}
		return strings.Compare(a.URL, c.URL)
	})
}

func byWeightTitle(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, c := items[i].Page, items[j].Page
		if a.Weight != c.Weight {
			return a.Weight < c.Weight
		}
		if a.Title != c.Title {
			return a.Title < c.Title
		}
		return a.URL < c.URL
	})
}

// listable reports whether a content page appears in section, theme and
// year lists.
func listable(g *Group) bool {
	return g.Kind != content.KindHome && g.Kind != content.KindSection
}

// listPages builds the home, section, regions, themes, years and 404 pages
// of every language.
func (b *builder) listPages() {
	groups := b.sortedGroups()
	// Register content pages first so that a generated page that clashes
	// with an editor's page names the editor's file.
	for _, g := range groups {
		for _, p := range g.Pages {
			b.register(p)
		}
	}
	sections := append([]string(nil), standardSections...)
	seen := map[string]bool{}
	for _, s := range sections {
		seen[s] = true
	}
	bySection := map[string][]*Group{}
	intros := map[string]*Group{}
	var homes *Group
	for _, g := range groups {
		switch g.Kind {
		case content.KindHome:
			homes = g
			continue
		case content.KindSection:
			intros[g.Section] = g
		default:
			if g.Section != "" {
				bySection[g.Section] = append(bySection[g.Section], g)
			}
		}
		if g.Section != "" && !seen[g.Section] {
			seen[g.Section] = true
			sections = append(sections, g.Section)
		}
	}
	for _, lv := range b.m.Langs {
		lang := lv.Code
		// Home.
		lv.Home = b.listPage(lang, string(content.KindHome), "", "", "/"+lang+"/", homes)
		// Sections.
		for _, s := range sections {
			var items []Item
			for _, g := range bySection[s] {
				if it, ok := b.pick(g, lang); ok {
					items = append(items, it)
				}
			}
			intro := intros[s]
			if s == "regions" {
				lv.Sections[s] = b.regionsPage(lang, intro, items)
				continue
			}
			newestFirst(items)
			first := b.paginate(lang, string(content.KindSection), s, b.sectionURL(lang, s), items, intro)
			lv.Sections[s] = first
		}
		lv.Themes, lv.Years = b.taxonomies(lang, groups)
		lv.Search = b.genPage(lang, KindSearch, "search", "", b.sectionURL(lang, "search"))
		lv.NotFound = b.genPage(lang, KindNotFound, "", "", "/"+lang+"/404.html")
		lv.NotFound.OutputPath = lang + "/404.html"
	}
}

// regionsPage lists the regions grouped by programme, programmes by name.
func (b *builder) regionsPage(lang string, intro *Group, items []Item) *Page {
	p := b.listPage(lang, KindRegions, "regions", "", b.sectionURL(lang, "regions"), intro)
	byProg := map[string][]Item{}
	var progs []string
	for _, it := range items {
		prog := it.Page.File.Front.Programme
		if _, ok := byProg[prog]; !ok {
			progs = append(progs, prog)
		}
		byProg[prog] = append(byProg[prog], it)
	}
	sort.Strings(progs)
	for _, prog := range progs {
		its := byProg[prog]
		byWeightTitle(its)
		p.Groups = append(p.Groups, ListGroup{Key: prog, Items: its})
	}
	byWeightTitle(items)
	p.Items = items
	p.Count = len(items)
	return p
}

// listPage makes a generated list page, or takes the editor's intro page
// (content/<section>/_index.<lang>.md) as the first page of the list.
func (b *builder) listPage(lang, kind, section, key, urlPath string, intro *Group) *Page {
	if intro != nil {
		if p := intro.In(lang); p != nil && p.URL == urlPath {
			p.Kind = kind
			b.joinGen(p, kind, section, key)
			return p
		}
	}
	return b.genPage(lang, kind, section, key, urlPath)
}

// paginate splits items into pages of the configured size at url, url
// page/2/, ... and returns the first page.
func (b *builder) paginate(lang, kind, section, urlPath string, items []Item, intro *Group) *Page {
	size := b.cfg.Pagination
	if size <= 0 {
		size = 20
	}
	total := (len(items) + size - 1) / size
	if total == 0 {
		total = 1
	}
	pager := make([]*Page, total)
	for i := range pager {
		var p *Page
		if i == 0 {
			p = b.listPage(lang, kind, section, "", urlPath, intro)
		} else {
			p = b.genPage(lang, kind, section, "page/"+strconv.Itoa(i+1), urlPath+"page/"+strconv.Itoa(i+1)+"/")
			if first := pager[0]; first != nil {
				p.Title = first.Title
			}
		}
		lo, hi := i*size, min((i+1)*size, len(items))
		p.Items = items[lo:hi]
		p.Count = len(items)
		pager[i] = p
	}
	for i, p := range pager {
		p.Pager = &Pager{Number: i + 1, Total: total, First: pager[0], Pages: pager}
		if i > 0 {
			p.Pager.Prev = pager[i-1]
		}
		if i+1 < total {
			p.Pager.Next = pager[i+1]
		}
	}
	return pager[0]
}

// taxonomies builds the themes and years indexes of a language.
func (b *builder) taxonomies(lang string, groups []*Group) (themes, years *Page) {
	byTheme := map[string][]Item{}
	byYear := map[int][]Item{}
	for _, g := range groups {
		if !listable(g) {
			continue
		}
		it, ok := b.pick(g, lang)
		if !ok {
			continue
		}
		for _, t := range uniq(it.Page.File.Front.Themes) {
			byTheme[t] = append(byTheme[t], it)
		}
		if y := it.Page.Year; y != 0 {
			byYear[y] = append(byYear[y], it)
		}
	}
	themes = b.genPage(lang, KindThemes, "themes", "", b.sectionURL(lang, "themes"))
	for _, t := range b.cfg.Themes {
		ref := b.themeRef(t.Key, lang)
		items := byTheme[t.Key]
		ref.Count = len(items)
		tp := b.genPage(lang, KindTheme, "themes", t.Key, ref.URL)
		tp.Title = ref.Name
		tp.Summary = ref.Description
		r := ref
		tp.Theme = &r
		tp.Count = len(items)
		tp.Groups = groupByKind(items)
		themes.ThemeList = append(themes.ThemeList, ref)
	}
	years = b.genPage(lang, KindYears, "years", "", b.sectionURL(lang, "years"))
	var ys []int
	for y := range byYear {
		ys = append(ys, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	for _, y := range ys {
		items := byYear[y]
		u := b.yearURL(lang, y)
		yp := b.genPage(lang, KindYear, "years", strconv.Itoa(y), u)
		yp.Title = strconv.Itoa(y)
		yp.Year = y
		yp.Count = len(items)
		for _, kg := range groupByKind(items) {
			kg.Groups = groupByMonth(kg.Items)
			yp.Groups = append(yp.Groups, kg)
		}
		years.YearList = append(years.YearList, YearRef{Year: y, URL: u, Count: len(items)})
	}
	return themes, years
}

func (b *builder) yearURL(lang string, y int) string {
	return b.sectionURL(lang, "years") + strconv.Itoa(y) + "/"
}

func (b *builder) themeRef(key, lang string) ThemeRef {
	t, _ := b.cfg.Theme(key)
	name := t.Name[lang]
	if name == "" {
		name = key
	}
	return ThemeRef{Key: key, Name: name, Description: t.Description[lang], URL: b.sectionURL(lang, "themes") + key + "/"}
}

// kindOrder is the order of kinds on theme and year pages.
var kindOrder = []content.Kind{content.KindEvent, content.KindNewsletter, content.KindCaseStudy, content.KindRegion, content.KindPage}

func groupByKind(items []Item) []ListGroup {
	var out []ListGroup
	for _, k := range kindOrder {
		var its []Item
		for _, it := range items {
			if it.Page.File.Kind == k {
				its = append(its, it)
			}
		}
		if len(its) == 0 {
			continue
		}
		if k == content.KindRegion {
			byWeightTitle(its)
		} else {
			newestFirst(its)
		}
		out = append(out, ListGroup{Key: string(k), Items: its})
	}
	return out
}

// groupByMonth splits items sorted newest first into months.
func groupByMonth(items []Item) []ListGroup {
	var out []ListGroup
	for _, it := range items {
		d := it.Page.yearDate()
		m := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		if n := len(out); n == 0 || !out[n-1].Month.Equal(m) {
			out = append(out, ListGroup{Key: m.Format("2006-01"), Month: m})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
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
	b.pageThemes = map[[2]string]*ThemeRef{}
	for _, lv := range b.m.Langs {
		for _, t := range b.cfg.Themes {
			ref := b.themeRef(t.Key, lv.Code)
			b.pageThemes[[2]string{lv.Code, t.Key}] = &ref
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
		for _, r := range uniq(f.Front.Regions) {
			if g := b.regions[r]; g != nil {
				if it, ok := b.pick(g, p.Lang); ok {
					p.Regions = append(p.Regions, it.Page)
				}
			}
		}
		for _, t := range uniq(f.Front.Themes) {
			if ref := b.pageThemes[[2]string{p.Lang, t}]; ref != nil {
				p.Themes = append(p.Themes, ref)
			}
		}
		if p.Year != 0 {
			p.YearPage = b.byURL[b.yearURL(p.Lang, p.Year)]
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
	var upcoming, past, cases, news []Item
	for _, g := range tagged[key] {
		it, ok := b.pick(g, p.Lang)
		if !ok {
			continue
		}
		switch g.Kind {
		case content.KindEvent:
			if eventEnd(it.Page).Before(b.opts.Now) {
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
	for _, lg := range []ListGroup{{Key: "upcoming", Items: upcoming}, {Key: "past", Items: past}, {Key: string(content.KindCaseStudy), Items: cases}, {Key: string(content.KindNewsletter), Items: news}} {
		if len(lg.Items) > 0 {
			p.Groups = append(p.Groups, lg)
			p.Count += len(lg.Items)
		}
	}
}

// groupsByRegion maps each region key to the listable groups (not regions)
// any page of which names it, in group order.
func (b *builder) groupsByRegion() map[string][]*Group {
	out := map[string][]*Group{}
	for _, g := range b.sortedGroups() {
		if !listable(g) || g.Kind == content.KindRegion {
			continue
		}
		seen := map[string]bool{}
		for _, p := range g.Pages {
			for _, r := range p.File.Front.Regions {
				if !seen[r] {
					seen[r] = true
					out[r] = append(out[r], g)
				}
			}
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

// aliases checks the old URLs of pages and records the redirects.
func (b *builder) aliases() {
	aliasOf := map[string]*Page{}
	for _, g := range b.sortedGroups() {
		for _, p := range g.Pages {
			f := p.File
			for i, a := range f.Front.Aliases {
				pos := diag.Pos{File: f.Path, Line: lineOf(f, "aliases", i)}
				clean, err := cleanAlias(a)
				if err != "" {
					b.errs.Errorf(pos, "aliases: %q %s", a, err)
					continue
				}
				if other, ok := aliasOf[clean]; ok {
					b.errs.Errorf(pos, "aliases: %q is already an alias of %s; an old URL can lead to one page only", a, describe(other))
					continue
				}
				if other, ok := b.byURL[clean]; ok {
					b.errs.Errorf(pos, "aliases: %q is the URL of %s; an alias must be an old URL that no page uses", a, describe(other))
					continue
				}
				aliasOf[clean] = p
				b.m.Aliases = append(b.m.Aliases, Alias{Path: clean, Page: p})
			}
		}
	}
	sort.Slice(b.m.Aliases, func(i, j int) bool { return b.m.Aliases[i].Path < b.m.Aliases[j].Path })
}

// cleanAlias normalises an alias path, or says what is wrong with it.
func cleanAlias(a string) (string, string) {
	if strings.Contains(a, "://") || strings.HasPrefix(a, "//") {
		return "", "must be a path on this site, like /old/url/"
	}
	if !strings.HasPrefix(a, "/") {
		return "", "must start with /, like /old/url/"
	}
	if u, err := url.Parse(a); err != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", "must be a plain path, without ? or #"
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			return "", "must not contain . or .. segments"
		}
	}
	clean := path.Clean(a)
	if clean == "/" {
		return "", "would replace the site's root page"
	}
	if strings.HasSuffix(a, "/") || path.Ext(clean) == "" {
		clean += "/"
	}
	return clean, ""
}

// finish sorts pages for deterministic output.
func (b *builder) finish() {
	sort.Slice(b.m.Pages, func(i, j int) bool { return b.m.Pages[i].URL < b.m.Pages[j].URL })
	// register kept every page by URL; Lookup answers from the same map.
	b.m.byURL = b.byURL
	for _, lv := range b.m.Langs {
		sort.Slice(lv.Pages, func(i, j int) bool { return lv.Pages[i].URL < lv.Pages[j].URL })
		for _, key := range b.cfg.Menus["main"] {
			if p := b.menuPage(lv, key); p != nil {
				lv.Menu = append(lv.Menu, MenuItem{Key: key, Page: p})
			} else {
				b.errs.Errorf(diag.Pos{File: config.File, Line: b.cfg.Lines["menus"]}, "menus: main: %q is not a section, index or standalone page", key)
			}
		}
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
