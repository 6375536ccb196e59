package render

import (
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLinkChangesSeeEveryChangedAnswer: between two link indexes, any
// link whose answer differs is one that changesSince says may change.
// Indexes are drawn from a small vocabulary, so that links often hit and
// miss their entries, through dots, slashes, .. and index files, with and
// without a base URL; the second index is the first with a few entries
// added, dropped or changed, as after an edit.
func TestLinkChangesSeeEveryChangedAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	names := []string{"x", "y", "x.v2", "_index", "index"}
	langs := []string{"en", "es"}
	sitePath := func() string {
		p := pick("/", "/en/", "/es/", "/en/events/", "/es/events/", "/en/events/x/")
		switch rng.IntN(4) {
		case 0:
			return p
		case 1:
			return p + pick(names...) + "/"
		case 2:
			return p + pick(names...) + pick(".ics", ".xml", ".html")
		}
		return p + pick(names...)
	}
	file := func() string {
		return "content/" + pick("events/", "", "events/x/") + pick(names...) + pick(".en", ".es", "") + ".md"
	}
	name := func() string { return pick("events/", "", "events/x/") + pick(names...) }
	random := func() *linkIndex {
		ix := &linkIndex{langs: map[string]bool{"en": true, "es": true}, byPath: map[string]string{}, inLang: map[langName]string{},
			fallback: map[string]string{}, lists: map[langName]string{{"en", "events"}: "/en/events/"}, paths: map[string]bool{}}
		if rng.IntN(2) == 0 {
			ix.hasBase, ix.baseURL, ix.baseHost, ix.basePath = true, "https://example.org/a/", "example.org", "/a"
		}
		for range 6 {
			ix.byPath[file()] = sitePath()
			ix.inLang[langName{pick(langs...), name()}] = sitePath()
			ix.fallback[name()] = sitePath()
			ix.paths[sitePath()] = true
		}
		return ix
	}
	edit := func(ix *linkIndex) *linkIndex {
		e := &linkIndex{baseURL: ix.baseURL, baseHost: ix.baseHost, basePath: ix.basePath, hasBase: ix.hasBase,
			langs: ix.langs, lists: ix.lists, byPath: maps.Clone(ix.byPath), inLang: maps.Clone(ix.inLang), fallback: maps.Clone(ix.fallback), paths: maps.Clone(ix.paths)}
		for range 1 + rng.IntN(3) {
			switch rng.IntN(4) {
			case 0:
				editMap(rng, e.byPath, file(), sitePath())
			case 1:
				editMap(rng, e.inLang, langName{pick(langs...), name()}, sitePath())
			case 2:
				editMap(rng, e.fallback, name(), sitePath())
			case 3:
				editMap(rng, e.paths, sitePath(), true)
			}
		}
		return e
	}
	link := func() string {
		d := pick("", "/", "../", "./", "https://example.org/a/", "//example.org/a/", "https://example.org/", "https://other.org/a/", "/a/", "/en/", "/en/events/")
		for range rng.IntN(3) {
			d += pick(names...) + "/"
		}
		switch rng.IntN(6) {
		case 0:
			d += pick(names...) + pick(".md", ".en.md", ".es.md", ".fr.md")
		case 1:
			d += pick(names...) + pick(".ics", ".xml", ".html", "")
		case 2:
			d += pick("..", ".", "x%2Ev2/", "index.html")
		}
		return d + pick("", "", "#part", "?q=1")
	}
	var differ, skipped int
	for range 3000 {
		a := random()
		b := edit(a)
		if rng.IntN(10) == 0 {
			b = random()
		}
		changes := b.changesSince(a)
		for range 40 {
			from := linkFrom{file: file(), url: sitePath(), lang: pick(langs...)}
			dest := link()
			aURL, aOK := a.resolveFileLink(from, dest)
			bURL, bOK := b.resolveFileLink(from, dest)
			same := aURL == bURL && aOK == bOK && a.checkLink(from, dest) == b.checkLink(from, dest)
			if !same {
				differ++
			}
			if !changes.mayChange(dest) {
				skipped++
				if !same {
					t.Fatalf("a link to %q from %+v is answered otherwise, but changesSince does not say so (stems %v)", dest, from, changes.stems)
				}
			}
		}
	}
	if differ < 1000 || skipped < 10000 {
		t.Fatalf("too few links answered otherwise (%d) or left unasked (%d) for the test to tell", differ, skipped)
	}
	t.Logf("%d links answered otherwise, %d left unasked", differ, skipped)
}

// editMap adds, drops or changes one entry of m.
func editMap[K comparable, V any](rng *rand.Rand, m map[K]V, k K, v V) {
	if rng.IntN(3) == 0 {
		for old := range m {
			delete(m, old)
			return
		}
	}
	m[k] = v
}

// TestLinkStem: the stems links and entries are matched by.
func TestLinkStem(t *testing.T) {
	for _, tc := range []struct {
		dest, stem string
		ok         bool
	}{
		{"../events/kickoff.es.md", "kickoff", true},
		{"/es/events/kickoff/#programme", "kickoff", true},
		{"https://example.org/a/es/events/kickoff.ics?x=1", "kickoff", true},
		{"https://example.org", "", false},
		{"../", "", false},
		{"..", "", false},
		{"/en/events/_index.md", "", false},
		{"/en/events/x/index.html", "", false},
		{"/en/caf%C3%A9/", "", false},
	} {
		stem, ok := linkStem(tc.dest)
		if stem != tc.stem || ok != tc.ok {
			t.Errorf("linkStem(%q) = %q, %v; want %q, %v", tc.dest, stem, ok, tc.stem, tc.ok)
		}
	}
	if s := pathStem("content/events/kickoff.es.md"); s != "kickoff" || !strings.EqualFold(pathStem("/en/events/kickoff/"), s) {
		t.Errorf("pathStem: %q", s)
	}
}
