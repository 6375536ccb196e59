package site

import (
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
)

const testConfig = `baseURL: https://example.org/
languages:
  en: {name: English, title: Site}
  es: {name: Español, title: Sitio}
segments:
  events: {en: events, es: eventos}
themes:
  water: {name: {en: Water, es: Agua}}
  energy: {name: {en: Energy, es: Energía}}
pagination: 3
`

var now = time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)

// testParser returns the site settings of testConfig and a parser of
// content files under them, failing the test on any problem.
func testParser(t *testing.T) (*config.Config, func(path, text string) *content.File) {
	t.Helper()
	cfg, cerrs := config.Parse([]byte(testConfig))
	if cerrs.HasErrors() {
		t.Fatal(cerrs)
	}
	opts := content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage}
	return cfg, func(path, text string) *content.File {
		t.Helper()
		f, errs := content.Parse(path, []byte(text), opts)
		if errs.HasErrors() {
			t.Fatalf("%s: %v\n%s", path, errs, text)
		}
		return f
	}
}

// model builds a model from files given as path -> text.
func model(t *testing.T, files map[string]string) (*Model, string) {
	t.Helper()
	cfg, errs := config.Parse([]byte(testConfig))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	opts := content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage}
	var parsed []*content.File
	for p, text := range files {
		f, errs := content.Parse(p, []byte(text), opts)
		if errs.HasErrors() {
			t.Fatalf("%s: %v", p, errs)
		}
		parsed = append(parsed, f)
	}
	m, errs := Build(cfg, parsed, Options{Now: now})
	return m, errs.Errors().Error()
}

func events(n int) map[string]string {
	files := map[string]string{}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("content/events/e%02d.en.md", i)] = fmt.Sprintf("---\ntitle: E%02d\nstart: 2019-01-%02d\nattendance: online\n---\n", i, i+1)
	}
	return files
}

func TestPaginationEdges(t *testing.T) {
	for _, tc := range []struct{ items, pages int }{{0, 1}, {1, 1}, {3, 1}, {4, 2}, {7, 3}} {
		m, errs := model(t, events(tc.items))
		if errs != "" {
			t.Fatal(errs)
		}
		for _, lang := range []string{"en", "es"} {
			first := m.Lookup("/" + lang + "/" + map[string]string{"en": "events", "es": "eventos"}[lang] + "/")
			if first == nil || first.Pager == nil {
				t.Fatalf("%d items: no %s events list", tc.items, lang)
			}
			if first.Pager.Total != tc.pages || len(first.Pager.Pages) != tc.pages {
				t.Errorf("%d items in %s: %d pages, want %d", tc.items, lang, first.Pager.Total, tc.pages)
			}
			seen := 0
			for i, p := range first.Pager.Pages {
				seen += len(p.Items)
				if len(p.Items) > 3 {
					t.Errorf("page %d holds %d items", i+1, len(p.Items))
				}
				if (i == 0) != (p.Pager.Prev == nil) || (i == tc.pages-1) != (p.Pager.Next == nil) {
					t.Errorf("%d items, page %d: prev %v next %v", tc.items, i+1, p.Pager.Prev, p.Pager.Next)
				}
				wantURL := first.URL
				if i > 0 {
					wantURL += fmt.Sprintf("page/%d/", i+1)
				}
				if p.URL != wantURL {
					t.Errorf("page %d at %s, want %s", i+1, p.URL, wantURL)
				}
			}
			if seen != tc.items {
				t.Errorf("%d items in %s: pages hold %d", tc.items, lang, seen)
			}
		}
	}
}

func TestIndexMembershipAndCounts(t *testing.T) {
	m, errs := model(t, map[string]string{
		"content/regions/north.en.md": "---\ntitle: North\nprogramme: A\n---\n",
		"content/regions/north.es.md": "---\ntitle: Norte\nprogramme: A\n---\n",
		"content/events/a.en.md":      "---\ntitle: A\nstart: 2019-10-07\nattendance: online\nregions: [north]\nthemes: [water, energy]\n---\n",
		"content/events/a.es.md":      "---\ntitle: A es\nstart: 2019-10-07\nattendance: online\nregions: [north]\nthemes: [water, energy]\n---\n",
		"content/events/b.en.md":      "---\ntitle: B\nstart: 2020-09-01\nattendance: online\nregions: [north]\nthemes: [water]\n---\n",
		"content/newsletters/n.es.md": "---\ntitle: N\ndate: 2019-02-01\nregions: [north]\n---\n",
	})
	if errs != "" {
		t.Fatal(errs)
	}
	norte := m.Lookup("/es/regions/north/")
	var got []string
	for _, g := range norte.Groups {
		for _, it := range g.Items {
			got = append(got, g.Key+":"+it.Page.URL)
		}
	}
	want := "upcoming:/en/events/b/ past:/es/eventos/a/ newsletter:/es/newsletters/n/"
	if strings.Join(got, " ") != want {
		t.Errorf("region index = %v, want %s", got, want)
	}
	themes := m.Lookup("/en/themes/")
	var counts []string
	for _, th := range themes.ThemeList {
		counts = append(counts, fmt.Sprintf("%s=%d", th.Key, th.Count))
	}
	if strings.Join(counts, " ") != "water=2 energy=1" {
		t.Errorf("theme counts = %v", counts)
	}
	years := m.Lookup("/es/years/")
	var ys []string
	for _, y := range years.YearList {
		ys = append(ys, fmt.Sprintf("%d=%d", y.Year, y.Count))
	}
	if strings.Join(ys, " ") != "2020=1 2019=2" {
		t.Errorf("years = %v", ys)
	}
	a := m.Lookup("/en/events/a/")
	if len(a.Related) == 0 || a.Related[0].Page.URL != "/en/events/b/" {
		t.Errorf("related of a = %v", a.Related)
	}
}

func TestCrossFileErrors(t *testing.T) {
	_, errs := model(t, map[string]string{
		"content/events/a.en.md":      "---\ntitle: A\nstart: 2019-10-07\nregions:\n  - nort\nthemes: [watr]\nattendance: online\n---\n",
		"content/events/b.en.md":      "---\ntitle: B\nslug: a\nstart: 2019-10-07\nattendance: online\n---\n",
		"content/events/c.en.md":      "---\ntitle: C\nstart: 2019-10-07\naliases: [/en/events/a/, \"/x?y\"]\nattendance: online\n---\n",
		"content/regions/north.en.md": "---\ntitle: North\n---\n",
	})
	for _, want := range []string{
		`content/events/a.en.md:5: regions: unknown region "nort" (did you mean "north"?)`,
		`content/events/a.en.md:6: themes: unknown theme "watr" (did you mean "water"?)`,
		`content/events/b.en.md:3: /en/events/a/ is also the URL of content/events/a.en.md`,
		`content/events/c.en.md:4: aliases: "/en/events/a/" is the URL of content/events/a.en.md`,
		`content/events/c.en.md:4: aliases: "/x?y" must be a plain path, without ? or #`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors lack %q:\n%s", want, errs)
		}
	}
}

func TestCleanAlias(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"/old/", "/old/", ""},
		{"/old", "/old/", ""},
		{"/old.html", "/old.html", ""},
		{"old/", "", "must start with /"},
		{"https://x.org/a/", "", "must be a path on this site"},
		{"//x.org/a/", "", "must be a path on this site"},
		{"/a/../b/", "", "must not contain"},
		{"/", "", "would replace"},
	} {
		got, err := cleanAlias(tc.in)
		if got != tc.want || !strings.Contains(err, tc.err) || (tc.err == "" && err != "") {
			t.Errorf("cleanAlias(%q) = %q, %q; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestURLHelpers(t *testing.T) {
	base, _ := url.Parse("https://example.org/sub/")
	for _, tc := range []struct{ in, want string }{
		{"/es/eventos/", "https://example.org/sub/es/eventos/"},
		{"/sitemap.xml", "https://example.org/sub/sitemap.xml"},
	} {
		if got := AbsURL(base, tc.in); got != tc.want {
			t.Errorf("AbsURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"/", "index.html"}, {"/es/x/", "es/x/index.html"}, {"/en/404.html", "en/404.html"},
	} {
		if got := outputPath(tc.in); got != tc.want {
			t.Errorf("outputPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRelatedMatchesBruteForce compares the inverted-index related pages
// with a plain definition: most shared regions and themes, then newest,
// then smallest key.
func TestRelatedMatchesBruteForce(t *testing.T) {
	themes := []string{"water", "energy"}
	files := map[string]string{
		"content/regions/north.en.md": "---\ntitle: North\n---\n",
		"content/regions/south.en.md": "---\ntitle: South\n---\n",
	}
	type ev struct {
		key  string
		tags map[string]bool
		date string
	}
	var evs []ev
	// More than one chunk of groups (see related), so that chunks worked
	// out on different cores are checked too.
	for i := 0; i < 600; i++ {
		tags := map[string]bool{}
		var regions, ths []string
		for j, r := range []string{"north", "south"} {
			if (i>>j)&1 == 1 {
				regions = append(regions, r)
				tags["r:"+r] = true
			}
		}
		for j, th := range themes {
			if (i/4+i/7+j)%3 == 0 {
				ths = append(ths, th)
				tags["t:"+th] = true
			}
		}
		e := ev{key: fmt.Sprintf("e%03d", i), tags: tags, date: fmt.Sprintf("2019-%02d-%02d", 1+i%12, 1+i%5)}
		evs = append(evs, e)
		files["content/events/"+e.key+".en.md"] = fmt.Sprintf("---\ntitle: %s\nstart: %s\nattendance: online\nregions: [%s]\nthemes: [%s]\n---\n", e.key, e.date, strings.Join(regions, ", "), strings.Join(ths, ", "))
	}
	m, errs := model(t, files)
	if errs != "" {
		t.Fatal(errs)
	}
	for _, e := range evs {
		var want []string
		type cand struct {
			key, date string
			score     int
		}
		var cands []cand
		for _, o := range evs {
			if o.key == e.key {
				continue
			}
			n := 0
			for tag := range e.tags {
				if o.tags[tag] {
					n++
				}
			}
			if n > 0 {
				cands = append(cands, cand{o.key, o.date, n})
			}
		}
		for len(want) < 3 && len(cands) > 0 {
			bi := 0
			for i, c := range cands {
				b := cands[bi]
				if c.score > b.score || (c.score == b.score && (c.date > b.date || (c.date == b.date && c.key < b.key))) {
					bi = i
				}
			}
			want = append(want, "/en/events/"+cands[bi].key+"/")
			cands = append(cands[:bi], cands[bi+1:]...)
		}
		var got []string
		for _, it := range m.Lookup("/en/events/" + e.key + "/").Related {
			got = append(got, it.Page.URL)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: related %v, want %v", e.key, got, want)
		}
	}
}

// TestInMenu checks which pages the main menu names: a section's first
// list page and a standalone page, but not page 2 of that list nor a page
// of the section.
func TestInMenu(t *testing.T) {
	files := events(4)
	files["content/about.en.md"] = "---\ntitle: About\n---\n"
	m, errs := model(t, files)
	if errs != "" {
		t.Fatal(errs)
	}
	en := m.Lookup("/en/").Site
	en.Menu = []MenuItem{{Key: "events", Page: en.Sections["events"]}, {Key: "about", Page: m.Lookup("/en/about/")}}
	for url, want := range map[string]bool{
		"/en/events/":        true,
		"/en/about/":         true,
		"/en/events/page/2/": false,
		"/en/events/e01/":    false,
		"/en/":               false,
	} {
		p := m.Lookup(url)
		if p == nil {
			t.Fatalf("no page %s", url)
		}
		if got := en.InMenu(p); got != want {
			t.Errorf("InMenu(%s) = %v, want %v", url, got, want)
		}
	}
}

func TestPagerNear(t *testing.T) {
	pages := make([]*Page, 12)
	for i := range pages {
		pages[i] = &Page{URL: fmt.Sprintf("/p%d/", i+1)}
	}
	for _, c := range []struct {
		number, total int
		want          string
	}{
		{1, 1, "1"},
		{1, 3, "1 2 3"},
		{1, 12, "1 2 3 … 12"},
		{4, 12, "1 2 3 4 5 6 … 12"},
		{5, 12, "1 2 3 4 5 6 7 … 12"},
		{6, 12, "1 … 4 5 6 7 8 … 12"},
		{10, 12, "1 … 8 9 10 11 12"},
		{12, 12, "1 … 10 11 12"},
	} {
		pg := &Pager{Number: c.number, Total: c.total, Pages: pages[:c.total]}
		var got []string
		for _, l := range pg.Near() {
			switch {
			case l.Page == nil:
				got = append(got, "…")
			case l.Page != pages[l.Number-1]:
				t.Errorf("page %d of %d: link %d goes to %s", c.number, c.total, l.Number, l.Page.URL)
			default:
				got = append(got, strconv.Itoa(l.Number))
			}
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("page %d of %d: near = %s, want %s", c.number, c.total, g, c.want)
		}
	}
}

func TestUniqKeepsTheFirstOfEach(t *testing.T) {
	for _, tc := range []struct{ in, want []string }{
		{nil, nil},
		{[]string{"a"}, []string{"a"}},
		{[]string{"a", "b", "c"}, []string{"a", "b", "c"}},
		{[]string{"a", "a"}, []string{"a"}},
		{[]string{"b", "a", "b", "c", "a", "c", "d"}, []string{"b", "a", "c", "d"}},
	} {
		in := slices.Clone(tc.in)
		if got := uniq(in); !slices.Equal(got, tc.want) {
			t.Errorf("uniq(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !slices.Equal(in, tc.in) {
			t.Errorf("uniq(%q) changed its argument to %q", tc.in, in)
		}
	}
}

// TestPreviousModelLendsItsStrings: a Build given the model of the last
// one makes the model it makes without it, and its pages at URLs the last
// model had hold the very strings of their URL, permalink and output
// path (so that comparing the two finds them equal at once); a page at a
// new URL has strings of its own, and a model of other settings (another
// base URL) lends none.
func TestPreviousModelLendsItsStrings(t *testing.T) {
	cfg, errs := config.Parse([]byte(testConfig))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	opts := content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage}
	parse := func(files map[string]string) []*content.File {
		var parsed []*content.File
		for _, p := range slices.Sorted(maps.Keys(files)) {
			f, errs := content.Parse(p, []byte(files[p]), opts)
			if errs.HasErrors() {
				t.Fatalf("%s: %v", p, errs)
			}
			parsed = append(parsed, f)
		}
		return parsed
	}
	files := events(8)
	prev, _ := Build(cfg, parse(files), Options{Now: now})
	files["content/events/e03.en.md"] = "---\ntitle: E03\nslug: moved\nstart: 2019-01-04\nattendance: online\n---\n"
	without, _ := Build(cfg, parse(files), Options{Now: now})
	with, _ := Build(cfg, parse(files), Options{Now: now, Previous: prev})
	if !reflect.DeepEqual(with, without) {
		t.Fatal("the model built with the last one differs from the model built without it")
	}
	same := func(a, b string) bool { return a == b && unsafe.StringData(a) == unsafe.StringData(b) }
	lent := 0
	for _, p := range with.Pages {
		old := prev.Lookup(p.URL)
		if old == nil {
			if p.URL != "/en/events/moved/" {
				t.Errorf("%s: not in the last model", p.URL)
			}
			continue
		}
		// A 404 page's output path is set apart, after the page has its URL.
		if !same(p.URL, old.URL) || !same(p.Permalink, old.Permalink) || p.Kind != KindNotFound && !same(p.OutputPath, old.OutputPath) {
			t.Errorf("%s: its strings are not the last model's", p.URL)
		}
		lent++
	}
	if lent < 8 {
		t.Errorf("%d pages took the last model's strings", lent)
	}
	other := *cfg
	other.BaseURL, _ = url.Parse("https://other.example/")
	again, _ := Build(&other, parse(files), Options{Now: now, Previous: with})
	for _, p := range again.Pages {
		if !strings.HasPrefix(p.Permalink, "https://other.example/") {
			t.Fatalf("%s: permalink %s, from a model of other settings", p.URL, p.Permalink)
		}
	}
}

// Every list shows its entries newest first (then by weight, title and
// URL), regions by weight and title: section lists across their pages,
// theme pages and year pages kind by kind, and a year's months. Dates,
// weights and titles tie on purpose, and some entries are another
// language's, shown where a translation is missing.
func TestListsAreNewestFirst(t *testing.T) {
	files := map[string]string{
		"content/regions/north.en.md": "---\ntitle: North\nprogramme: A\nweight: 2\ndate: 2020-01-01\nthemes: [water]\n---\n",
		"content/regions/south.en.md": "---\ntitle: South\nprogramme: A\nweight: 1\nthemes: [water]\n---\n",
		"content/regions/east.es.md":  "---\ntitle: Este\nprogramme: B\nweight: 1\nthemes: [water]\n---\n",
	}
	for i := 0; i < 24; i++ {
		day := []string{"2019-03-04", "2019-03-04", "2019-11-20", "2020-02-01", "2018-07-15", "2020-02-01"}[i%6]
		front := fmt.Sprintf("title: %s\nstart: %s\nattendance: online\nweight: %d\nthemes: [%s]\n",
			[]string{"Same", "Other", "Same"}[i%3], day, i%2, []string{"water", "energy", "water, energy"}[i%3])
		files[fmt.Sprintf("content/events/e%02d.en.md", i)] = "---\n" + front + "---\n"
		if i%4 != 0 {
			files[fmt.Sprintf("content/events/e%02d.es.md", i)] = "---\n" + front + "---\n"
		}
	}
	m, errs := model(t, files)
	if errs != "" {
		t.Fatal(errs)
	}
	newest := func(a, b Item) int {
		x, y := a.Page, b.Page
		switch {
		case !x.Date.Equal(y.Date):
			if x.Date.After(y.Date) {
				return -1
			}
			return 1
		case x.Weight != y.Weight:
			return x.Weight - y.Weight
		case x.Title != y.Title:
			return strings.Compare(x.Title, y.Title)
		}
		return strings.Compare(x.URL, y.URL)
	}
	byWeight := func(a, b Item) int {
		x, y := a.Page, b.Page
		if x.Weight != y.Weight {
			return x.Weight - y.Weight
		}
		if x.Title != y.Title {
			return strings.Compare(x.Title, y.Title)
		}
		return strings.Compare(x.URL, y.URL)
	}
	check := func(what string, items []Item, order func(a, b Item) int) {
		t.Helper()
		if !slices.IsSortedFunc(items, order) {
			var urls []string
			for _, it := range items {
				urls = append(urls, it.Page.URL)
			}
			t.Errorf("%s out of order: %v", what, urls)
		}
	}
	lists := 0
	for _, lv := range m.Langs {
		lang := lv.Code
		var all []Item
		for _, p := range lv.Sections["events"].Pager.Pages {
			all = append(all, p.Items...)
		}
		if len(all) != 24 {
			t.Errorf("%s events list: %d entries, want 24", lang, len(all))
		}
		check(lang+" events", all, newest)
		check(lang+" regions", lv.Sections["regions"].Items, byWeight)
		for _, p := range m.PagesIn(lang) {
			if p.Kind != KindTheme && p.Kind != KindYear {
				continue
			}
			for _, g := range p.Groups {
				lists++
				order := newest
				if g.Key == string(content.KindRegion) {
					order = byWeight
				}
				check(p.URL+" "+g.Key, g.Items, order)
				for _, month := range g.Groups {
					check(p.URL+" "+month.Key, month.Items, newest)
				}
			}
		}
	}
	if lists < 10 {
		t.Errorf("only %d theme and year lists checked", lists)
	}
}

// The site's pages come out in URL order, merged from the languages'
// (whose URLs may interleave: a language code can be a prefix of
// another's), and sorted whole when the languages' do not add up to them.
func TestMergeByURL(t *testing.T) {
	langs := []*Lang{{Language: config.Language{Code: "pt"}}, {Language: config.Language{Code: "pt-br"}}, {Language: config.Language{Code: "en"}}}
	byLang := map[string][]*Page{}
	var all []*Page
	for i, u := range []string{"/pt/b/", "/pt-br/a/", "/en/z/", "/pt/", "/pt-br/", "/en/a/", "/pt/404.html", "/pt-br/z/", "/en/"} {
		p := &Page{URL: u, Lang: langs[i%3].Code}
		byLang[p.Lang] = append(byLang[p.Lang], p)
		all = append(all, p)
	}
	for _, l := range byLang {
		slices.SortFunc(l, byURL)
	}
	want := slices.Clone(all)
	slices.SortFunc(want, byURL)
	if got := mergeByURL(slices.Clone(all), langs, byLang); !slices.Equal(got, want) {
		t.Errorf("merged %v, want %v", urlsOf(got), urlsOf(want))
	}
	extra := append(slices.Clone(all), &Page{URL: "/a/"})
	if got := mergeByURL(extra, langs, byLang); !slices.IsSortedFunc(got, byURL) || len(got) != len(all)+1 {
		t.Errorf("with a page of no language: %v", urlsOf(got))
	}
}

func urlsOf(pages []*Page) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.URL)
	}
	return out
}

func TestIsOutputPath(t *testing.T) {
	for _, u := range []string{"", "/", "/en/", "/en/404.html", "/es/eventos/taller/", "/robots.txt", "/a/index.html"} {
		for _, out := range []string{outputPath(u), outputPath(u) + "x", "x" + outputPath(u), "index.html", "en/404.html", "en/index.html"} {
			if got, want := isOutputPath(u, out), out == outputPath(u); got != want {
				t.Errorf("isOutputPath(%q, %q) = %v, want %v", u, out, got, want)
			}
		}
	}
}
