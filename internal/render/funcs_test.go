package render

import (
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/site"
)

// TestCacheKey checks that partialCached keys of different values, types
// or splits never meet: a collision would show one page's partial on
// another.
func TestCacheKey(t *testing.T) {
	a, b := &site.Page{URL: "/en/a/"}, &site.Page{URL: "/en/a/"}
	keys := map[partialKey]string{}
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
		{"nil key", "en", "partials/menu.html", []any{nil}},
		{"page", "en", "partials/item.html", []any{a}},
		{"another page with the same fields", "en", "partials/item.html", []any{b}},
		{"entry", "en", "partials/item.html", []any{site.Item{Page: a}}},
		{"fallback entry", "en", "partials/item.html", []any{site.Item{Page: a, Fallback: true}}},
		{"entry and level", "en", "partials/item.html", []any{site.Item{Page: a}, 3}},
	}
	for _, c := range cases {
		k, err := newPartialKey(c.code, c.part, c.keys)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if other, ok := keys[k]; ok {
			t.Errorf("%s and %s share a key", c.name, other)
		}
		keys[k] = c.name
		if again, _ := newPartialKey(c.code, c.part, c.keys); again != k {
			t.Errorf("%s: key not stable", c.name)
		}
	}
}

// TestCacheKeyRefused checks that keys a map cannot hold come back as
// errors naming the key, not as a panic in the middle of a build.
func TestCacheKeyRefused(t *testing.T) {
	cases := []struct {
		name string
		keys []any
		want string
	}{
		{"slice", []any{"a", []string{"x"}}, "key 2 is a []string"},
		{"map", []any{map[string]int{}}, "key 1 is a map[string]int"},
		{"struct holding a slice", []any{struct{ S []int }{}}, "cannot be compared"},
		{"struct holding an interface", []any{struct{ V any }{V: []int{1}}}, "cannot be compared"},
		{"too many", []any{1, 2, 3, 4, 5}, "5 keys, at most 4"},
	}
	for _, c := range cases {
		_, err := newPartialKey("en", "partials/x.html", c.keys)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
}
