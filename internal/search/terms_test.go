package search

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// termsVocabulary has words whose forms share a folded word but not a
// stem ("cooperación" and "cooperacion"), words that are stems of others
// or start them, and case variants: what makes the first form of a word
// decide its stem, and the rules find a stem by a word's start. With
// "energias" a stem "energi" begins the "energia" of the stem "energ".
var termsVocabulary = strings.Fields(`cooperación cooperacion Cooperación energía energia energias
	través traves ciudad ciudades Ciudad región regiones region frontera fronteriza
	fronterizas taller talleres año años ano red redes innovación innovacion 2024 2025
	Cúcuta cucuta niño nino más mas agua aguas puente puentes`)

// termsPage is a page of a random site: its fields as words.
type termsPage struct {
	title, summary, body []string
	regions              []string
}

func randomTermsPage(rng *rand.Rand) termsPage {
	words := func(n int) []string {
		out := make([]string, rng.IntN(n+1))
		for i := range out {
			out[i] = termsVocabulary[rng.IntN(len(termsVocabulary))]
			if rng.IntN(40) == 0 {
				// A word no other page has, such as an edit's marker.
				out[i] = fmt.Sprintf("único%d", rng.IntN(1000))
			}
		}
		return out
	}
	p := termsPage{title: words(4), summary: words(3), body: words(30)}
	if rng.IntN(3) == 0 {
		p.regions = words(2)
	}
	return p
}

// termsDocs makes the Docs of pages and their digests.
func termsDocs(pages []termsPage) ([]Doc, [][2]uint64) {
	docs := make([]Doc, len(pages))
	sums := make([][2]uint64, len(pages))
	for i, p := range pages {
		body := strings.Join(p.body, " ")
		docs[i] = Doc{
			Page: Page{Title: strings.Join(p.title, " "), Summary: strings.Join(p.summary, " "), Regions: p.regions},
			Body: func() Body { return NewBody(body) },
		}
		h := fnv.New128a()
		fmt.Fprintf(h, "%q %q %q %q", p.title, p.summary, p.body, p.regions)
		s := h.Sum(nil)
		for k := range 8 {
			sums[i][0] = sums[i][0]<<8 | uint64(s[k])
			sums[i][1] = sums[i][1]<<8 | uint64(s[8+k])
		}
	}
	return docs, sums
}

// checkTermsFiles fails unless got are the terms files WriteShards makes
// of docs.
func checkTermsFiles(t *testing.T, lang string, docs []Doc, got [][]byte, step string) {
	t.Helper()
	want, err := WriteShards(lang, docs)
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if !bytes.Equal(got[k], want[k]) {
			t.Fatalf("%s: terms file %s:\n got %s\nwant %s", step, ShardName(ShardKeys[k]), got[k], want[k])
		}
	}
}

// runTermsEdits edits a random site step by step, one to three pages at
// a time (changed, added or removed), and holds each update to a full
// index of the same pages. It returns how many steps were updated page
// by page.
func runTermsEdits(t *testing.T, lang string, seed uint64, steps int) (updated int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	pages := make([]termsPage, 5+rng.IntN(20))
	for i := range pages {
		pages[i] = randomTermsPage(rng)
	}
	docs, sums := termsDocs(pages)
	terms, err := NewTerms(lang, docs, sums)
	if err != nil {
		t.Fatal(err)
	}
	checkTermsFiles(t, lang, docs, terms.Files(), "first build")
	for step := range steps {
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(pages))
			switch rng.IntN(6) {
			case 4:
				pages = slices.Insert(pages, i, randomTermsPage(rng))
			case 5:
				if len(pages) > 1 {
					pages = slices.Delete(pages, i, i+1)
				}
			case 0:
				pages[i] = randomTermsPage(rng)
			case 1:
				pages[i].title = randomTermsPage(rng).title
			case 2:
				// A word added, as an editor types one.
				p := randomTermsPage(rng)
				pages[i].body = append(pages[i].body[:len(pages[i].body):len(pages[i].body)], p.title...)
			case 3:
				// A page's words copied from another's: the same forms
				// on a new first page.
				j := rng.IntN(len(pages))
				pages[i].body = append([]string(nil), pages[j].body...)
			}
		}
		docs, sums = termsDocs(pages)
		files, ok := terms.Update(docs, sums)
		if !ok {
			if terms, err = NewTerms(lang, docs, sums); err != nil {
				t.Fatal(err)
			}
			files = terms.Files()
		} else {
			updated++
		}
		checkTermsFiles(t, lang, docs, files, fmt.Sprintf("%s, seed %d, step %d (updated: %v)", lang, seed, step, ok))
	}
	return updated
}

func TestTermsUpdateIsAFullIndex(t *testing.T) {
	for _, lang := range []string{"es", "pt", "en"} {
		updated, steps := 0, 0
		for seed := range uint64(20) {
			updated += runTermsEdits(t, lang, seed, 30)
			steps += 30
		}
		// Most edits are updates: a test of fallbacks alone would hold
		// nothing to account.
		if updated < steps/2 {
			t.Errorf("%s: %d of %d edits updated page by page", lang, updated, steps)
		}
	}
}

// FuzzTermsUpdate holds updates to full indexes for any seed.
func FuzzTermsUpdate(f *testing.F) {
	f.Add(uint64(7), uint8(0))
	f.Add(uint64(1234), uint8(1))
	f.Add(uint64(99), uint8(2))
	f.Fuzz(func(t *testing.T, seed uint64, lang uint8) {
		runTermsEdits(t, []string{"es", "pt", "en"}[lang%3], seed, 20)
	})
}

func TestTermsUpdateFallsBack(t *testing.T) {
	page := func(body string) termsPage { return termsPage{body: strings.Fields(body)} }
	for _, tc := range []struct {
		name string
		// sites are the pages at each step; updated, whether each step
		// after the first is updated page by page.
		sites   [][]termsPage
		updated []bool
	}{
		{"a word's first form moves to a form of another stem", [][]termsPage{
			{page("agua"), page("cooperacion")},
			{page("cooperación"), page("cooperacion")},
		}, []bool{false}},
		{"a word leaves its first page while others have it", [][]termsPage{
			{page("cooperacion"), page("cooperación")},
			{page("agua"), page("cooperación")},
		}, []bool{false}},
		{"a word leaves its first page for the next page's form of the same stem", [][]termsPage{
			{page("Ciudad agua"), page("red"), page("ciudad"), page("cooperación")},
			{page("agua"), page("red"), page("ciudad"), page("cooperación")},
			{page("agua"), page("red"), page("ciudad"), page("cooperacion")},
		}, []bool{true, false}},
		{"a page is removed that is a word's first, the next page's form of the same stem", [][]termsPage{
			{page("red ciudad"), page("ciudad"), page("cooperación")},
			{page("ciudad"), page("cooperación")},
			{page("ciudad"), page("cooperacion")},
		}, []bool{true, false}},
		{"a word's first form moves to a form of the same stem, then another page takes another form", [][]termsPage{
			{page("agua"), page("Cooperación")},
			{page("cooperación"), page("Cooperación")},
			{page("cooperación"), page("cooperacion")},
		}, []bool{true, true}},
		{"a word no other page has goes", [][]termsPage{
			{page("único agua"), page("agua")},
			{page("agua"), page("agua")},
		}, []bool{true}},
		{"a page is added and another removed", [][]termsPage{
			{page("agua"), page("ciudad único")},
			{page("agua"), page("red"), page("ciudad único")},
			{page("red"), page("ciudad único")},
		}, []bool{true, true}},
		{"a page is added before a word's first, which then takes another form", [][]termsPage{
			{page("agua"), page("cooperación")},
			{page("red"), page("agua"), page("cooperación")},
			{page("red"), page("agua"), page("cooperacion")},
		}, []bool{true, false}},
		{"a page is removed before a word's first, which then drops it", [][]termsPage{
			{page("red"), page("cooperación"), page("cooperacion")},
			{page("cooperación"), page("cooperacion")},
			{page("agua"), page("cooperacion")},
		}, []bool{true, false}},
		{"a page is removed that is a word's first", [][]termsPage{
			{page("agua"), page("cooperacion"), page("cooperación")},
			{page("agua"), page("cooperación")},
		}, []bool{false}},
	} {
		docs, sums := termsDocs(tc.sites[0])
		terms, err := NewTerms("es", docs, sums)
		if err != nil {
			t.Fatal(err)
		}
		for k, site := range tc.sites[1:] {
			docs, sums = termsDocs(site)
			files, ok := terms.Update(docs, sums)
			if ok != tc.updated[k] {
				t.Errorf("%s, step %d: updated %v, want %v", tc.name, k+1, ok, tc.updated[k])
			}
			if !ok {
				break
			}
			checkTermsFiles(t, "es", docs, files, tc.name)
		}
	}
}

// benchmarkSite is a language's pages as a large site has them: bodies
// of a few hundred words drawn, most often the common ones, from a
// vocabulary of thousands.
func benchmarkSite(pages int) []termsPage {
	rng := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 1, 30000)
	word := func() string {
		n := zipf.Uint64()
		if n < uint64(len(termsVocabulary)) {
			return termsVocabulary[n]
		}
		return fmt.Sprintf("palabra%c%d", 'a'+rune(n%26), n)
	}
	site := make([]termsPage, pages)
	for i := range site {
		p := termsPage{title: make([]string, 6), summary: make([]string, 15), body: make([]string, 200+rng.IntN(300))}
		for _, ws := range [][]string{p.title, p.summary, p.body} {
			for k := range ws {
				ws[k] = word()
			}
		}
		site[i] = p
	}
	return site
}

// BenchmarkTerms compares indexing every page of a language (a build's
// work), indexing them keeping what updates need (serve's first build),
// updating the terms after an edit of one page's title (serve's work
// after such an edit), and after a page added or removed.
func BenchmarkTerms(b *testing.B) {
	site := benchmarkSite(10000)
	docs, sums := termsDocs(site)
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			if _, err := WriteShards("es", docs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("keep", func(b *testing.B) {
		for b.Loop() {
			if _, err := NewTerms("es", docs, sums); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("update", func(b *testing.B) {
		terms, err := NewTerms("es", docs, sums)
		if err != nil {
			b.Fatal(err)
		}
		docs, sums := slices.Clone(docs), slices.Clone(sums)
		edited := slices.Clone(site)
		mid := len(site) / 2
		i := 0
		for b.Loop() {
			i++
			edited[mid].title = []string{"taller", fmt.Sprintf("único%d", i)}
			page, sum := termsDocs(edited[mid : mid+1])
			docs[mid], sums[mid] = page[0], sum[0]
			if _, ok := terms.Update(docs, sums); !ok {
				b.Fatal("not updated")
			}
		}
	})
	b.Run("add-remove", func(b *testing.B) {
		terms, err := NewTerms("es", docs, sums)
		if err != nil {
			b.Fatal(err)
		}
		added, addedSum := termsDocs([]termsPage{{title: []string{"taller", "único"}, body: site[0].body}})
		mid := len(docs) / 2
		withPage := slices.Insert(slices.Clone(docs), mid, added[0])
		withSum := slices.Insert(slices.Clone(sums), mid, addedSum[0])
		for k := 0; b.Loop(); k++ {
			d, s := withPage, withSum
			if k%2 == 1 {
				d, s = docs, sums
			}
			if _, ok := terms.Update(d, s); !ok {
				b.Fatal("not updated")
			}
		}
	})
}
