package search

import (
	"reflect"
	"slices"
	"testing"
)

// FuzzEveryWordFindsItsPage holds the index to its promise for any text
// an editor may write: every word of a page's body, searched alone, finds
// the page, in each language; and folding is stable.
func FuzzEveryWordFindsItsPage(f *testing.F) {
	for _, s := range []string{
		"Las ciudades fronterizas trabajan juntas. Este año hubo un taller en Cúcuta.",
		"As regiões desenvolveram ações de cooperação. A força das cidades.",
		"The partnership of citizen cities cooperating across borders, 2020–2024.",
		"n\u0303o c\u0327a ǅemal İstanbul ß ﬁ ΣΑΣ",
		"\u0327 y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, code := range []string{"en", "es", "pt"} {
			docs := []Doc{{Page: Page{Title: "x"}, Body: func() Body { return NewBody(body) }}, {Page: Page{Title: "y"}, Body: func() Body { return NewBody("other") }}}
			ix := Build(code, docs)
			files := writeParts(t, code, docs)
			for _, w := range Words(body) {
				found := false
				for _, r := range ix.Search(w) {
					found = found || r.Page == 0
				}
				if !found {
					t.Fatalf("%s: the word %q of the body finds %v (stems %q)", code, w, ix.Search(w), ix.Resolve(w))
				}
				// The terms files a search page fetches for the word
				// find what the whole index does.
				part, err := LoadShards(reader(files), ix.QueryShards(w))
				if err != nil {
					t.Fatal(err)
				}
				if got, want := part.Search(w), ix.Search(w); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: the word %q finds %v with its terms files, %v with all", code, w, got, want)
				}
			}
		}
		folded := Fold(body)
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold(Fold(%q)) = %q, want %q", body, again, folded)
		}
		if !slices.Equal(Words(body), wordsOf(body)) {
			t.Fatalf("Words and EachWord disagree on %q", body)
		}
	})
}

func wordsOf(s string) []string {
	var out []string
	EachWord(s, func(w string) { out = append(out, w) })
	return out
}
