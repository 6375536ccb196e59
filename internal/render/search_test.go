package render

import (
	"reflect"
	"testing"

	"github.com/puente-ssg/puente/internal/search"
)

// TestIndexDigestSumsEveryField keeps docDigest in step with
// search.Page: a field it does not sum would let serve write a kept index
// that a change of that field made stale.
func TestIndexDigestSumsEveryField(t *testing.T) {
	base := search.Page{Title: "t", URL: "/u/", Summary: "s", Kind: "event", Date: "d", Regions: []string{"r"}, Themes: []string{"th"}, Lang: "en", Text: "x"}
	key := textKey{lang: "en"}
	indexDigest := func(lang string, p search.Page, key textKey) [2]uint64 {
		sum, _ := docDigest(p, key, nil)
		return partDigest(lang, [][2]uint64{sum})
	}
	sum := indexDigest("en", base, key)
	pt := reflect.TypeFor[search.Page]()
	for i := range pt.NumField() {
		p := base
		f := reflect.ValueOf(&p).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "!")
		case reflect.Slice:
			f.Set(reflect.Append(f, reflect.ValueOf("more")))
		default:
			t.Fatalf("search.Page.%s: a %s; teach docDigest and this test", pt.Field(i).Name, f.Kind())
		}
		if indexDigest("en", p, key) == sum {
			t.Errorf("docDigest does not sum search.Page.%s", pt.Field(i).Name)
		}
	}
	if indexDigest("es", base, key) == sum {
		t.Error("partDigest does not sum the language")
	}
	if indexDigest("en", base, textKey{lang: "es"}) == sum {
		t.Error("docDigest does not sum the body's key")
	}
	if partDigest("en", [][2]uint64{{1, 2}, {3, 4}}) == partDigest("en", [][2]uint64{{3, 4}, {1, 2}}) {
		t.Error("partDigest does not sum the pages' order")
	}
}
