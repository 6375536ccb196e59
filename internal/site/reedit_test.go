package site

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/content"
)

// TestReeditIsABuild edits a site of events and case studies at random in
// the fields Reedit takes (dates in a year or into another, regions,
// themes, titles, drafts), each edit applied to the model in place, and
// compares every page's lists, counts and related pages with a Build of
// the edited files after each. The related pages' cache the edits leave,
// written out and read back as serve keeps it, then gives a Build what a
// Build without it gives, for the edited files and for the first ones.
func TestReeditIsABuild(t *testing.T) {
	taken, declined := reeditAsBuild(t, 7, 11, 150)
	t.Logf("%d edits taken, %d declined", taken, declined)
	if taken < 100 || declined == 0 {
		t.Errorf("%d edits taken, %d declined: want most taken and some declined", taken, declined)
	}
}

// FuzzReedit drives TestReeditIsABuild's edits with the fuzzer's seeds.
func FuzzReedit(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(3), uint64(5))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		reeditAsBuild(t, a, b, 40)
	})
}

// reeditAsBuild makes steps random edits (TestReeditIsABuild) from the
// seeds a and b, and returns how many Reedit took and declined.
func reeditAsBuild(t *testing.T, a, b uint64, steps int) (taken, declined int) {
	cfg, parse := testParser(t)
	rng := rand.New(rand.NewPCG(a, b))
	themes := []string{"[]", "[water]", "[energy]", "[water, energy]", "[energy, water]"}
	regions := []string{"[]", "[north]", "[south]", "[north, south]"}
	entry := func(title string, year, month, day int, theme, region string) string {
		return fmt.Sprintf("---\ntitle: %s\nstart: %d-%02d-%02d\nattendance: online\nthemes: %s\nregions: %s\n---\nText.\n", title, year, month, day, theme, region)
	}
	files := map[string]*content.File{}
	for _, r := range []string{"north", "south"} {
		files["content/regions/"+r+".en.md"] = parse("content/regions/"+r+".en.md", "---\ntitle: "+r+"\nprogramme: INNOVACT\n---\nA region.\n")
	}
	var edited []string
	for i := range 30 {
		for _, lang := range []string{"en", "es"} {
			if lang == "es" && i%3 != 0 {
				continue
			}
			path := fmt.Sprintf("content/events/e%02d.%s.md", i, lang)
			files[path] = parse(path, entry(fmt.Sprintf("E%02d %s", i, lang), 2019+i%2, 1+rng.IntN(12), 1+rng.IntN(28), themes[rng.IntN(len(themes))], regions[rng.IntN(len(regions))]))
			edited = append(edited, path)
		}
	}
	for i := range 6 {
		path := fmt.Sprintf("content/case-studies/c%d.en.md", i)
		files[path] = parse(path, fmt.Sprintf("---\ntitle: C%d\ndate: 2019-%02d-10\nthemes: %s\nregions: %s\n---\nText.\n", i, 1+i, themes[i%len(themes)], regions[i%len(regions)]))
	}
	list := func() []*content.File {
		var out []*content.File
		for _, f := range files {
			out = append(out, f)
		}
		return out
	}
	build := func(c *RelatedCache) *Model {
		t.Helper()
		m, errs := Build(cfg, list(), Options{Now: now, Related: c, Drafts: true})
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		return m
	}
	first := list()
	var cache RelatedCache
	m := build(&cache)
	for step := range steps {
		path := edited[rng.IntN(len(edited))]
		old := files[path]
		text := entry(old.Front.Title, old.Front.Start.Year(), int(old.Front.Start.Month()), old.Front.Start.Day(),
			"["+strings.Join(old.Front.Themes, ", ")+"]", "["+strings.Join(old.Front.Regions, ", ")+"]")
		field := []string{"start", "start", "year", "themes", "regions", "title", "draft"}[rng.IntN(7)]
		year := old.Front.Start.Year()
		if field == "year" {
			year = 2018 + rng.IntN(4)
		}
		switch field {
		case "start", "year":
			text = entry(old.Front.Title, year, 1+rng.IntN(12), 1+rng.IntN(28), "["+strings.Join(old.Front.Themes, ", ")+"]", "["+strings.Join(old.Front.Regions, ", ")+"]")
		case "themes":
			text = strings.Replace(text, "themes: ["+strings.Join(old.Front.Themes, ", ")+"]", "themes: "+themes[rng.IntN(len(themes))], 1)
		case "regions":
			text = strings.Replace(text, "regions: ["+strings.Join(old.Front.Regions, ", ")+"]", "regions: "+regions[rng.IntN(len(regions))], 1)
		case "title":
			text = strings.Replace(text, "title: "+old.Front.Title, fmt.Sprintf("title: T%d", step), 1)
		case "draft":
			if !old.Front.Draft {
				text = strings.Replace(text, "---\n", "---\ndraft: true\n", 1)
			}
		}
		f := parse(path, text)
		var page *Page
		for _, p := range m.Pages {
			if p.File == old {
				page = p
			}
		}
		if page == nil {
			t.Fatalf("step %d: no page of %s", step, path)
		}
		if _, ok := m.Reedit(map[*Page]*content.File{page: f}, Options{Now: now, Related: &cache, Drafts: true}); !ok {
			declined++
			continue
		}
		taken++
		files[path] = f
		if got, want := listsOf(m), listsOf(build(nil)); got != want {
			t.Fatalf("step %d (%s of %s): the model differs from a Build's:\n%s", step, field, path, firstDiff(got, want))
		}
	}
	// The cache as serve keeps it for its next start.
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&cache); err != nil {
		t.Fatal(err)
	}
	restored := func() *RelatedCache {
		var c RelatedCache
		if err := gob.NewDecoder(bytes.NewReader(buf.Bytes())).Decode(&c); err != nil {
			t.Fatal(err)
		}
		return &c
	}
	if got, want := listsOf(build(restored())), listsOf(build(nil)); got != want {
		t.Errorf("a Build with the cache restored differs:\n%s", firstDiff(got, want))
	}
	clear(files)
	for _, f := range first {
		files[f.Path] = f
	}
	if got, want := listsOf(build(restored())), listsOf(build(nil)); got != want {
		t.Errorf("a Build of the first files with the edits' cache differs:\n%s", firstDiff(got, want))
	}
	return taken, declined
}

// listsOf writes down what Reedit changes of every page: its fields from
// its file, its lists and counts, and its related pages.
func listsOf(m *Model) string {
	var b strings.Builder
	items := func(its []Item) {
		for _, it := range its {
			fmt.Fprintf(&b, " %s", it.Page.URL)
			if it.Fallback {
				b.WriteString("*")
			}
		}
	}
	var groups func(indent string, gs []ListGroup)
	groups = func(indent string, gs []ListGroup) {
		for _, g := range gs {
			fmt.Fprintf(&b, "%sgroup %s %s:", indent, g.Key, g.Month.Format("2006-01"))
			items(g.Items)
			b.WriteString("\n")
			groups(indent+"  ", g.Groups)
		}
	}
	for _, p := range m.Pages {
		fmt.Fprintf(&b, "%s %q %s %s year=%d count=%d draft=%t future=%t\n", p.URL, p.Title, p.Date.Format("2006-01-02"), p.Lastmod.Format("2006-01-02"), p.Year, p.Count, p.Draft, p.Future)
		if p.YearPage != nil {
			fmt.Fprintf(&b, "  year page %s\n", p.YearPage.URL)
		}
		for _, r := range p.Regions {
			fmt.Fprintf(&b, "  region %s\n", r.URL)
		}
		for _, t := range p.Themes {
			fmt.Fprintf(&b, "  theme %+v\n", *t)
		}
		if p.Theme != nil {
			fmt.Fprintf(&b, "  theme page of %+v\n", *p.Theme)
		}
		b.WriteString("  items:")
		items(p.Items)
		b.WriteString("\n  related:")
		items(p.Related)
		b.WriteString("\n")
		groups("  ", p.Groups)
		fmt.Fprintf(&b, "  themes %+v years %+v\n", p.ThemeList, p.YearList)
	}
	return b.String()
}

// firstDiff shows the first line where two texts differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(g), len(w))
}
