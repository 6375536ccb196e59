package site

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
)

// TestRelatedCacheKept writes a RelatedCache out and reads it back, as
// serve keeps one for its next start: the restored cache is used for the
// same groups and tags, and a result that does not fit is worked out
// again.
func TestRelatedCacheKept(t *testing.T) {
	cfg, parse := testParser(t)
	var files []*content.File
	for i := range 40 {
		text := fmt.Sprintf("---\ntitle: E%02d\nstart: 2019-01-%02d\nattendance: online\nthemes: [%s]\n---\n", i, 1+i%28, []string{"water", "energy", "water, energy"}[i%3])
		files = append(files, parse(fmt.Sprintf("content/events/e%02d.en.md", i), text))
	}
	related := func(c *RelatedCache) map[string][]string { return relatedURLs(t, cfg, files, c) }
	var first RelatedCache
	want := related(&first)
	if len(want) == 0 {
		t.Fatal("no related pages to keep")
	}
	roundTrip := func() *RelatedCache {
		t.Helper()
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&first); err != nil {
			t.Fatal(err)
		}
		var c RelatedCache
		if err := gob.NewDecoder(&buf).Decode(&c); err != nil {
			t.Fatal(err)
		}
		return &c
	}
	if got := related(roundTrip()); !reflect.DeepEqual(got, want) {
		t.Errorf("with the restored cache:\n%v\nwant\n%v", got, want)
	}

	// The restored result is used, not worked out again: one changed
	// behind the fingerprint's back shows.
	c := roundTrip()
	c.result[0], c.result[1] = c.result[1], c.result[0]
	if got := related(c); reflect.DeepEqual(got, want) {
		t.Error("the restored result was not used")
	}
	// One that does not fit the groups is not.
	c = roundTrip()
	c.result = c.result[1:]
	if got := related(c); !reflect.DeepEqual(got, want) {
		t.Error("a result of the wrong length was used")
	}
	c = roundTrip()
	c.result[0] = []int32{int32(len(c.result))}
	if got := related(c); !reflect.DeepEqual(got, want) {
		t.Error("a result with an index out of range was used")
	}
}

// TestRelatedKeptWhereNothingChanged edits a site of events at random
// (dates, themes, translations, files added and removed) and builds it
// after each edit with the cache of the Build before, which works out
// again only the groups whose related pages an edit may change, and
// without a cache: every page's related pages are the same both ways.
func TestRelatedKeptWhereNothingChanged(t *testing.T) {
	const themes = 8
	text := "baseURL: https://example.org/\nlanguages:\n  en: {name: English, title: Site}\n  es: {name: Español, title: Sitio}\nsegments:\n  events: {en: events, es: eventos}\nthemes:\n"
	for k := range themes {
		text += fmt.Sprintf("  t%d: {name: {en: T%d, es: T%d}}\n", k, k, k)
	}
	cfg, cerrs := config.Parse([]byte(text))
	if cerrs.HasErrors() {
		t.Fatal(cerrs)
	}
	opts := content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage}
	rng := rand.New(rand.NewPCG(7, 11))
	event := func() string {
		tags := []string{fmt.Sprintf("t%d", rng.IntN(themes))}
		if second := fmt.Sprintf("t%d", rng.IntN(themes)); rng.IntN(3) == 0 && second != tags[0] {
			tags = append(tags, second)
		}
		// Few dates, so that ties between dates are broken by key.
		return fmt.Sprintf("---\ntitle: E\nstart: 2019-%02d-01\nattendance: online\nthemes: [%s]\n---\nText.\n", 1+rng.IntN(4), strings.Join(tags, ", "))
	}
	files := map[string]string{}
	for i := range 120 {
		files[fmt.Sprintf("content/events/e%03d.en.md", i)] = event()
		if i%5 == 0 {
			files[fmt.Sprintf("content/events/e%03d.es.md", i)] = event()
		}
	}
	related := func(c *RelatedCache) map[string][]string {
		t.Helper()
		var parsed []*content.File
		for _, p := range slices.Sorted(maps.Keys(files)) {
			f, errs := content.Parse(p, []byte(files[p]), opts)
			if errs.HasErrors() {
				t.Fatal(errs)
			}
			parsed = append(parsed, f)
		}
		return relatedURLs(t, cfg, parsed, c)
	}
	var cache RelatedCache
	related(&cache)
	kept := 0
	for step := range 300 {
		names := slices.Sorted(maps.Keys(files))
		name := names[rng.IntN(len(names))]
		switch rng.IntN(4) {
		case 0:
			files[name] = event()
		case 1:
			if len(files) > 20 {
				delete(files, name)
			}
		case 2:
			files[fmt.Sprintf("content/events/n%03d.en.md", step)] = event()
		case 3:
			es := strings.Replace(name, ".en.md", ".es.md", 1)
			if _, ok := files[es]; ok {
				delete(files, es)
			} else {
				files[es] = event()
			}
		}
		got, want := related(&cache), related(nil)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: related pages with the last Build's cache:\n%v\nwant\n%v", step, got, want)
		}
		if cache.worked < len(cache.keys)/4 {
			kept++
		}
	}
	if kept < 100 {
		t.Errorf("%d of 300 Builds worked out fewer than a quarter of the groups' related pages", kept)
	}
}

// relatedURLs builds a model of files with the cache c (nil: none) and
// returns each page's related pages, by URL.
func relatedURLs(t *testing.T, cfg *config.Config, files []*content.File, c *RelatedCache) map[string][]string {
	t.Helper()
	m, errs := Build(cfg, files, Options{Now: now, Related: c})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	out := map[string][]string{}
	for _, p := range m.Pages {
		for _, it := range p.Related {
			out[p.URL] = append(out[p.URL], it.Page.URL)
		}
	}
	return out
}
