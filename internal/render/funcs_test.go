package render

import "testing"

// TestCacheKey checks that partialCached keys of different values, types
// or splits never meet: a collision would show one page's partial on
// another.
func TestCacheKey(t *testing.T) {
	keys := map[string]string{}
	cases := []struct {
		name string
		code string
		part string
		keys []any
	}{
		{"base", "en", "partials/menu.html", []any{"events", ""}},
		{"other language", "es", "partials/menu.html", []any{"events", ""}},
		{"other partial", "en", "partials/footer.html", []any{"events", ""}},
		{"split moved", "en", "partials/menu.html", []any{"event", "s"}},
		{"joined", "en", "partials/menu.html", []any{"events"}},
		{"int", "en", "partials/menu.html", []any{1}},
		{"string of int", "en", "partials/menu.html", []any{"1"}},
		{"bool", "en", "partials/menu.html", []any{true}},
		{"string of bool", "en", "partials/menu.html", []any{"true"}},
		{"other type", "en", "partials/menu.html", []any{int64(1)}},
		{"no keys", "en", "partials/menu.html", nil},
		{"empty key", "en", "partials/menu.html", []any{""}},
	}
	for _, c := range cases {
		k := cacheKey(c.code, c.part, c.keys)
		if other, ok := keys[k]; ok {
			t.Errorf("%s and %s share the key %q", c.name, other, k)
		}
		keys[k] = c.name
		if again := cacheKey(c.code, c.part, c.keys); again != k {
			t.Errorf("%s: key not stable: %q then %q", c.name, k, again)
		}
	}
}
