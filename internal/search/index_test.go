package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func doc(title, body string) Doc {
	return Doc{Page: Page{Title: title, URL: "/" + title + "/"}, Body: func() Body { return NewBody(body) }}
}

// found lists the titles of the pages a query finds, best first.
func found(ix *Index, q string) []string {
	var out []string
	for _, r := range ix.Search(q) {
		out = append(out, ix.Pages[r.Page].Title)
	}
	return out
}

func TestSearch(t *testing.T) {
	es := Build("es", []Doc{
		doc("Frontera", "Las ciudades fronterizas trabajan juntas. Este año hubo un taller en Cúcuta."),
		doc("Ano", "El ano es otra palabra."),
		doc("Ciudad", "Una ciudad en la frontera con Ecuador, con la alcaldesa María Pérez."),
	})
	pt := Build("pt", []Doc{
		doc("Cooperação", "As regiões desenvolveram ações de cooperação. A força das cidades."),
		doc("Forca", "A forca não é a força."),
	})
	en := Build("en", []Doc{
		doc("Partners", "The partnership of citizen cities cooperating across borders."),
	})
	for _, c := range []struct {
		ix   *Index
		q    string
		want []string
	}{
		{es, "año", []string{"Frontera"}},
		{es, "AÑO", []string{"Frontera"}},
		{es, "ano", []string{"Ano"}},
		{es, "cucuta", []string{"Frontera"}},
		{es, "perez maria", []string{"Ciudad"}},
		{es, "fronterizo", []string{"Frontera"}},
		// The title counts more than the body.
		{es, "frontera", []string{"Frontera", "Ciudad"}},
		{es, "ciudad", []string{"Ciudad", "Frontera"}},
		{es, "ciudades", []string{"Frontera"}},
		{es, "ciudades taller", []string{"Frontera"}},
		{es, "ciudades ecuador", nil},
		{es, "front", []string{"Frontera", "Ciudad"}},
		{pt, "região", []string{"Cooperação"}},
		{pt, "regioes", []string{"Cooperação"}},
		{pt, "açoes", []string{"Cooperação"}},
		// ç is a letter of its own, but the stem of "cooperação" ("cooper")
		// has none left.
		{pt, "cooperacao", []string{"Cooperação"}},
		{pt, "força", []string{"Cooperação", "Forca"}},
		{pt, "forca", []string{"Forca"}},
		{en, "city", nil}, // no word of the site, and "cit" is too short a start
		{en, "citizens", []string{"Partners"}},
		{en, "cooperation", []string{"Partners"}},
	} {
		if got := found(c.ix, c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q found %q, want %q", c.ix.Lang, c.q, got, c.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	ix := loadParts(t, "es", []Doc{doc("Frontera", "Las ciudades fronterizas trabajan juntas. Este año hubo un taller en Cúcuta.")})
	stems := ix.Resolve("cucuta")
	before, match, after, ok := ix.Snippet(0, stems, 30)
	if !ok || match != "Cúcuta" || before != "hubo un taller en " || after != "." {
		t.Errorf("snippet = %q %q %q %v", before, match, after, ok)
	}
	if got := found(ix, "fronteriza"); !reflect.DeepEqual(got, []string{"Frontera"}) {
		t.Errorf("from the published parts, fronteriza found %q", got)
	}
}

// writeParts publishes an index as the build does: the manifest, every
// terms file and every chunk, by name.
func writeParts(t testing.TB, lang string, docs []Doc) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	var err error
	chunks := Layout(len(docs), func(i int) string { return docs[i].Page.URL })
	if files[ManifestName], err = WriteManifest(lang, len(docs), chunks); err != nil {
		t.Fatal(err)
	}
	shards, err := WriteShards(lang, docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, key := range ShardKeys {
		files[ShardName(key)] = shards[i]
	}
	for _, c := range chunks {
		var pages []Page
		for _, d := range docs[c.Start:c.End] {
			p := d.Page
			if d.Body != nil {
				p.Text = d.Body().Text()
			}
			pages = append(pages, p)
		}
		if files[ChunkName(c.ID)], err = WriteChunk(pages); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func reader(files map[string][]byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		b, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("no part %s", name)
		}
		return b, nil
	}
}

func loadParts(t testing.TB, lang string, docs []Doc) *Index {
	t.Helper()
	ix, err := Load(reader(writeParts(t, lang, docs)))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// manyDocs are enough pages for several chunks, with words of every
// shard: accented, with ñ and ç first, digits.
func manyDocs() []Doc {
	words := strings.Fields("año ñandú çedilha élite Ávila ciudad ciudades fronteriza frontera 2024 3d cooperação regiões " +
		"innovación innovation municipios municipalities zona xilófono water yacht único über ökologie")
	var docs []Doc
	for i := range 3*MaxChunk + 7 {
		var b strings.Builder
		for j := range 12 {
			b.WriteString(words[(i*7+j*j)%len(words)] + " ")
		}
		docs = append(docs, Doc{Page: Page{Title: fmt.Sprintf("Page %d %s", i, words[i%len(words)]), URL: fmt.Sprintf("/p%d/", i), Summary: words[(i+3)%len(words)]},
			Body: func() Body { return NewBody(b.String()) }})
	}
	return docs
}

// The published parts, read back whole, are the index Build makes.
func TestPartsAreTheIndex(t *testing.T) {
	for _, lang := range []string{"en", "es", "pt"} {
		docs := manyDocs()
		want := Build(lang, docs)
		got := loadParts(t, lang, docs)
		if got.Lang != want.Lang || !reflect.DeepEqual(got.Pages, want.Pages) || !reflect.DeepEqual(got.Terms, want.Terms) || !reflect.DeepEqual(got.Forms, want.Forms) {
			t.Errorf("%s: the parts read back differ from Build's index", lang)
		}
	}
}

// A search page fetches only the terms files of its query's words (and of
// the stems their forms name): with those alone, every query finds and
// quotes what the whole index does.
func TestQueryShardsSuffice(t *testing.T) {
	for _, lang := range []string{"en", "es", "pt"} {
		docs := manyDocs()
		files := writeParts(t, lang, docs)
		full, err := Load(reader(files))
		if err != nil {
			t.Fatal(err)
		}
		var queries []string
		for s := range full.Terms {
			queries = append(queries, s, s+"s", s[:len(s)/2])
		}
		for f := range full.Forms {
			queries = append(queries, f)
		}
		queries = append(queries, "año ciudad", "Ávila élite", "2024 zona", "çedilha über", "nada")
		for _, q := range queries {
			part, err := LoadShards(reader(files), full.QueryShards(q))
			if err != nil {
				t.Fatal(err)
			}
			want, got := full.Search(q), part.Search(q)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %q with shards %v finds %v, the whole index %v", lang, q, full.QueryShards(q), got, want)
			}
			for _, w := range Words(q) {
				ws, gs := full.Resolve(w), part.Resolve(w)
				if !reflect.DeepEqual(gs, ws) {
					t.Fatalf("%s: %q resolves to %q with its shards, %q with all", lang, w, gs, ws)
				}
				for _, r := range want {
					b1, m1, a1, ok1 := full.Snippet(r.Page, ws, 40)
					b2, m2, a2, ok2 := part.Snippet(r.Page, ws, 40)
					if b1 != b2 || m1 != m2 || a1 != a2 || ok1 != ok2 {
						t.Fatalf("%s: %q on page %d quotes %q with its shards, %q with all", lang, w, r.Page, m2, m1)
					}
				}
			}
		}
	}
}

func TestShardKey(t *testing.T) {
	for in, want := range map[string]string{"año": "a", "ñandu": "_", "çedilha": "_", "2024": "0", "": "_", "zona": "z", "élite": "_"} {
		if got := ShardKey(in); got != want {
			t.Errorf("ShardKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// A form whose stem begins otherwise than its word is in both terms
// files: a snippet of a page fetched for the stem's query finds the form
// without the word's file.
func TestCrossShardForm(t *testing.T) {
	shards := shardsOf(map[string][]int32{"abc": {0, 1}, "xyzw": {0, 1}}, map[string]string{"xyz": "abc"})
	a, x := shards[shardIndex("a")], shards[shardIndex("x")]
	if a.Forms["xyz"] != "abc" || x.Forms["xyz"] != "abc" {
		t.Errorf("the form is in a: %v, in x: %v", a.Forms, x.Forms)
	}
	if _, ok := x.Terms["abc"]; ok || len(a.Terms) != 1 || len(x.Terms) != 1 {
		t.Errorf("stems in the wrong files: a %v, x %v", a.Terms, x.Terms)
	}
	part := &Index{Pages: []Page{{Text: "one xyz two"}}, Terms: map[string][]int{"abc": {0, 1}}, Forms: a.Forms}
	if _, m, _, ok := part.Snippet(0, []string{"abc"}, 20); !ok || m != "xyz" {
		t.Errorf("with the stem's file alone, the snippet quotes %q (%v)", m, ok)
	}
}

// Indexing with the numbers of the bodies' words (Doc.Words) gives the
// index indexing their words as written does, also when words are met in
// a title or summary before a body numbers them, when variants of one
// word (case, accents) come in another order, and when numbers are
// shared with earlier indexes of other pages and languages.
func TestWordNumbersIndexAlike(t *testing.T) {
	words := strings.Fields("Región región regiones REGIÓN año Año ano ciudad Ciudades ciudad cooperação Cooperação força forca 2024 x")
	rng := rand.New(rand.NewPCG(3, 5))
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		return b.String()
	}
	for round := range 40 {
		lang := []string{"en", "es", "pt"}[round%3]
		var plain, numbered []Doc
		for i := range 1 + rng.IntN(2*readAhead) {
			body := NewBody(text(rng.IntN(12)))
			p := Page{Title: text(rng.IntN(3)), Summary: text(rng.IntN(3)), URL: fmt.Sprintf("/p%d/", i)}
			plain = append(plain, Doc{Page: p, Body: func() Body { return body }})
			numbered = append(numbered, Doc{Page: p, Body: func() Body { return body }, Words: BodyWords})
		}
		want, got := Build(lang, plain), Build(lang, numbered)
		if !reflect.DeepEqual(got.Terms, want.Terms) || !reflect.DeepEqual(got.Forms, want.Forms) {
			t.Fatalf("round %d (%s): indexing by word numbers differs:\nterms %v\nwant  %v\nforms %v\nwant  %v", round, lang, got.Terms, want.Terms, got.Forms, want.Forms)
		}
	}
}
