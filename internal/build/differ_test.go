package build

import (
	"reflect"
	"testing"

	"github.com/puente-ssg/puente/internal/site"
)

// TestDifferComparesListsOfPages: lists of items and of pages, compared
// without reflection, still tell a page by its output path and every
// other field of an item.
func TestDifferComparesListsOfPages(t *testing.T) {
	page := func(out string) *site.Page { return &site.Page{OutputPath: out} }
	a, b, c := page("en/a/index.html"), page("en/b/index.html"), page("en/a/index.html")
	for _, tc := range []struct {
		what string
		x, y any
		want bool
	}{
		{"items, same pages by path", []site.Item{{Page: a}, {Page: b}}, []site.Item{{Page: c}, {Page: b}}, true},
		{"items, another page", []site.Item{{Page: a}}, []site.Item{{Page: b}}, false},
		{"items, another fallback", []site.Item{{Page: a}}, []site.Item{{Page: c, Fallback: true}}, false},
		{"items, a nil page", []site.Item{{Page: a}}, []site.Item{{}}, false},
		{"items, longer", []site.Item{{Page: a}}, []site.Item{{Page: a}, {Page: b}}, false},
		{"pages, same by path", []*site.Page{a, b}, []*site.Page{c, b}, true},
		{"pages, another order", []*site.Page{a, b}, []*site.Page{b, a}, false},
		{"pages, a nil page", []*site.Page{nil}, []*site.Page{a}, false},
	} {
		d := &differ{memo: map[[2]uintptr]bool{}}
		if got := d.eq(reflect.ValueOf(tc.x), reflect.ValueOf(tc.y)); got != tc.want {
			t.Errorf("%s: equal %t, want %t", tc.what, got, tc.want)
		}
	}
}
