package site

// The list pages of a language: home, sections with their pagination,
// the regions list, the themes and years indexes, and the order of
// entries on each.

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/parallel"
)

// pick chooses the page of g to show in lang: its own translation, else the
// default language's, else the first there is.
func (b *builder) pick(g *Group, lang string) (Item, bool) {
	return g.Pick(lang, b.defaultLang())
}

// newestFirst orders items as NewestFirst orders their pages. URLs are
// unique, so the order is total and never depends on map iteration; that
// also lets it use an unstable sort, which is faster.
func newestFirst(items []Item) {
	slices.SortFunc(items, func(x, y Item) int { return NewestFirst(x.Page, y.Page) })
}

// NewestFirst is the order of lists of content: by date, newest first,
// then by weight, title and URL.
func NewestFirst(a, c *Page) int {
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
}

func byWeightTitle(items []Item) {
	slices.SortStableFunc(items, func(x, y Item) int { return weightTitle(x.Page, y.Page) })
}

// weightTitle is the order of lists of regions: by weight, title and
// URL.
func weightTitle(a, c *Page) int {
	if a.Weight != c.Weight {
		return cmp.Compare(a.Weight, c.Weight)
	}
	if n := strings.Compare(a.Title, c.Title); n != 0 {
		return n
	}
	return strings.Compare(a.URL, c.URL)
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
	intros := map[string]*Group{}
	var homes *Group
	for _, g := range groups {
		switch g.Kind {
		case content.KindHome:
			homes = g
			continue
		case content.KindSection:
			intros[g.Section] = g
		}
		if g.Section != "" && !seen[g.Section] {
			seen[g.Section] = true
			sections = append(sections, g.Section)
		}
	}
	// What each language's lists hold is worked out on every core; the
	// pages that show them are made in turn, as their order of
	// registration is the model's.
	lists := make([]*langLists, len(b.m.Langs))
	parallel.For(len(b.m.Langs), func(i int) {
		lists[i] = b.langLists(groups, b.m.Langs[i].Code)
	})
	for i, lv := range b.m.Langs {
		lang := lv.Code
		// Home.
		lv.Home = b.listPage(lang, string(content.KindHome), "", "", "/"+lang+"/", homes)
		// Sections.
		for _, s := range sections {
			items := lists[i].sections[s]
			intro := intros[s]
			if s == "regions" {
				lv.Sections[s] = b.regionsPage(lang, intro, items)
				continue
			}
			first := b.paginate(lang, string(content.KindSection), s, b.sectionURL(lang, s), items, intro)
			lv.Sections[s] = first
		}
		lv.Themes, lv.Years = b.taxonomies(lang, lists[i])
		lv.Search = b.genPage(lang, KindSearch, "search", "", b.sectionURL(lang, "search"))
		lv.NotFound = b.genPage(lang, KindNotFound, "", "", "/"+lang+"/404.html")
		lv.NotFound.OutputPath = lang + "/404.html"
	}
}

// langLists is what the lists of a language hold: the entries of each
// section, theme and year, in the order their pages show them.
type langLists struct {
	sections map[string][]Item
	themes   map[string][]ListGroup // by kind
	themed   map[string]int         // entries per theme
	years    []int                  // newest first
	inYear   map[int][]ListGroup    // by kind, then month
	dated    map[int]int            // entries per year
}

// langLists works out the lists of lang. Its entries are sorted newest
// first once, and every list takes its own in that order: newestFirst is
// a total order, so each list is as if it were sorted alone.
func (b *builder) langLists(groups []*Group, lang string) *langLists {
	listed := make([]Item, 0, len(groups))
	for _, g := range groups {
		if !listable(g) {
			continue
		}
		if it, ok := b.pick(g, lang); ok {
			listed = append(listed, it)
		}
	}
	newestFirst(listed)
	l := &langLists{sections: map[string][]Item{}, themes: map[string][]ListGroup{}, themed: map[string]int{},
		inYear: map[int][]ListGroup{}, dated: map[int]int{}}
	byTheme := map[string][]Item{}
	byYear := map[int][]Item{}
	for _, it := range listed {
		if s := it.Page.Section; s != "" {
			l.sections[s] = append(l.sections[s], it)
		}
		for _, t := range uniq(it.Page.File.Front.Themes) {
			byTheme[t] = append(byTheme[t], it)
		}
		if y := it.Page.Year; y != 0 {
			byYear[y] = append(byYear[y], it)
		}
	}
	for t, items := range byTheme {
		l.themes[t], l.themed[t] = groupByKind(items), len(items)
	}
	for y, items := range byYear {
		kgs := groupByKind(items)
		for i := range kgs {
			kgs[i].Groups = groupByMonth(kgs[i].Items)
		}
		l.inYear[y], l.dated[y] = kgs, len(items)
		l.years = append(l.years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(l.years)))
	return l
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
func (b *builder) taxonomies(lang string, l *langLists) (themes, years *Page) {
	themes = b.genPage(lang, KindThemes, "themes", "", b.sectionURL(lang, "themes"))
	for _, t := range b.cfg.Themes {
		ref := b.themeRef(t.Key, lang)
		ref.Count = l.themed[t.Key]
		tp := b.genPage(lang, KindTheme, "themes", t.Key, ref.URL)
		tp.Title = ref.Name
		tp.Summary = ref.Description
		r := ref
		tp.Theme = &r
		tp.Count = ref.Count
		tp.Groups = l.themes[t.Key]
		themes.ThemeList = append(themes.ThemeList, ref)
	}
	years = b.genPage(lang, KindYears, "years", "", b.sectionURL(lang, "years"))
	for _, y := range l.years {
		u := b.yearURL(lang, y)
		yp := b.genPage(lang, KindYear, "years", strconv.Itoa(y), u)
		b.yearPages[langYear{b.byLang[lang], y}] = b.byURL[u]
		yp.Title = strconv.Itoa(y)
		yp.Year = y
		yp.Count = l.dated[y]
		yp.Groups = l.inYear[y]
		years.YearList = append(years.YearList, YearRef{Year: y, URL: u, Count: l.dated[y]})
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

// groupByKind splits items, newest first, by kind in kindOrder; regions
// are ordered by weight and title.
func groupByKind(items []Item) []ListGroup {
	byKind := make([][]Item, len(kindOrder))
	for _, it := range items {
		if k := slices.Index(kindOrder, it.Page.File.Kind); k >= 0 {
			byKind[k] = append(byKind[k], it)
		}
	}
	var out []ListGroup
	for k, its := range byKind {
		if len(its) == 0 {
			continue
		}
		if kindOrder[k] == content.KindRegion {
			byWeightTitle(its)
		}
		out = append(out, ListGroup{Key: string(kindOrder[k]), Items: its})
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
	// Front matter lists are short, and most have no repeat: they are
	// returned as they are, and searched rather than hashed.
	for i := 1; i < len(ss); i++ {
		if slices.Contains(ss[:i], ss[i]) {
			out := slices.Clone(ss[:i])
			for _, s := range ss[i+1:] {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
			return out
		}
	}
	return ss
}
