package render

import (
	"reflect"
	"testing"

	"github.com/puente-ssg/puente/internal/search"
)

// TestIndexDigestSumsEveryField keeps indexDigest in step with
// search.Page: a field it does not sum would let serve write a kept index
// that a change of that field made stale.
func TestIndexDigestSumsEveryField(t *testing.T) {
	base := search.Page{Title: "t", URL: "/u/", Summary: "s", Kind: "event", Date: "d", Regions: []string{"r"}, Themes: []string{"th"}, Lang: "en", Text: "x"}
	keys := []textKey{{lang: "en"}}
	sum := indexDigest("en", []search.Doc{{Page: base}}, keys)
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
			t.Fatalf("search.Page.%s: a %s; teach indexDigest and this test", pt.Field(i).Name, f.Kind())
		}
		if indexDigest("en", []search.Doc{{Page: p}}, keys) == sum {
			t.Errorf("indexDigest does not sum search.Page.%s", pt.Field(i).Name)
		}
	}
	if indexDigest("es", []search.Doc{{Page: base}}, keys) == sum {
		t.Error("indexDigest does not sum the language")
	}
	if indexDigest("en", []search.Doc{{Page: base}}, []textKey{{lang: "es"}}) == sum {
		t.Error("indexDigest does not sum the body's key")
	}
}
