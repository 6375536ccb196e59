package search

import (
	"bytes"
	"reflect"
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

func TestSnippetAndRoundTrip(t *testing.T) {
	ix := Build("es", []Doc{doc("Frontera", "Las ciudades fronterizas trabajan juntas. Este año hubo un taller en Cúcuta.")})
	var buf bytes.Buffer
	if err := ix.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	stems := back.Resolve("cucuta")
	before, match, after, ok := back.Snippet(0, stems, 30)
	if !ok || match != "Cúcuta" || before != "hubo un taller en " || after != "." {
		t.Errorf("snippet = %q %q %q %v", before, match, after, ok)
	}
	if got := found(back, "fronteriza"); !reflect.DeepEqual(got, []string{"Frontera"}) {
		t.Errorf("after a round trip, fronteriza found %q", got)
	}
}

// Write must publish what Build and WriteJSON would, byte for byte.
func TestWriteIsWriteJSON(t *testing.T) {
	docs := []Doc{
		doc("Frontera", "Las ciudades fronterizas trabajan juntas. Este año hubo un taller en Cúcuta <b>&\"x\"</b>."),
		doc("Ciudad", "Una ciudad, Ciudad, CIUDAD en la frontera con Ecuador, con la alcaldesa María Pérez."),
		{Page: Page{Title: "Sin cuerpo", URL: "/x/", Regions: []string{"Andes"}, Themes: []string{"Agua"}, Lang: "en"}},
	}
	var want, got bytes.Buffer
	if err := Build("es", docs).WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	if err := Write(&got, "es", docs); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("Write:\n%s\nWriteJSON:\n%s", got.String(), want.String())
	}
}
