package search

import "testing"

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Región", "region"},
		{"AÑO", "año"},
		{"año", "año"},
		{"ano", "ano"},
		{"Ação", "açao"},
		{"força", "força"},
		{"Crèche", "creche"},
		{"São Paulo", "sao paulo"},
		{"n\u0303", "ñ"}, // decomposed as typed on some keyboards
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStem(t *testing.T) {
	for _, c := range []struct{ lang, a, b string }{
		{"es", "regiones", "región"},
		{"es", "cooperación", "cooperaciones"},
		{"es", "fronterizas", "fronterizo"},
		{"pt", "cidades", "cidade"},
		{"pt", "regiões", "região"},
		{"pt", "cooperações", "cooperação"},
		{"en", "cities", "city"},
		{"en", "cooperating", "cooperation"},
	} {
		st := NewStemmer(c.lang)
		if a, b := st.Stem(c.a), st.Stem(c.b); a != b {
			t.Errorf("%s: %q stems to %q and %q to %q, want the same", c.lang, c.a, a, c.b, b)
		}
	}
	for _, c := range []struct{ lang, a, b string }{
		{"es", "año", "ano"},
		{"pt", "força", "forca"},
		{"es", "ciudad", "cuidado"},
	} {
		st := NewStemmer(c.lang)
		if a, b := st.Stem(c.a), st.Stem(c.b); a == b {
			t.Errorf("%s: %q and %q both stem to %q, want different stems", c.lang, c.a, c.b, a)
		}
	}
}
