package site

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
)

// TestRelatedCacheKept writes a RelatedCache out and reads it back, as
// serve keeps one for its next start: the restored cache is used for the
// same groups and tags, and a result that does not fit is worked out
// again.
func TestRelatedCacheKept(t *testing.T) {
	cfg, cerrs := config.Parse([]byte(testConfig))
	if cerrs.HasErrors() {
		t.Fatal(cerrs)
	}
	opts := content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage}
	var files []*content.File
	for i := range 40 {
		text := fmt.Sprintf("---\ntitle: E%02d\nstart: 2019-01-%02d\nattendance: online\nthemes: [%s]\n---\n", i, 1+i%28, []string{"water", "energy", "water, energy"}[i%3])
		f, errs := content.Parse(fmt.Sprintf("content/events/e%02d.en.md", i), []byte(text), opts)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		files = append(files, f)
	}
	related := func(c *RelatedCache) map[string][]string {
		t.Helper()
		m, errs := Build(cfg, files, Options{Now: now, Related: c})
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		out := map[string][]string{}
		for _, p := range m.Pages {
			for _, it := range p.Related {
				out[p.URL] = append(out[p.URL], it.Page.URL)
			}
		}
		return out
	}
	var first RelatedCache
	want := related(&first)
	if len(want) == 0 {
		t.Fatal("no related pages to keep")
	}
	roundTrip := func() *RelatedCache {
		t.Helper()
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&first); err != nil {
			t.Fatal(err)
		}
		var c RelatedCache
		if err := gob.NewDecoder(&buf).Decode(&c); err != nil {
			t.Fatal(err)
		}
		return &c
	}
	if got := related(roundTrip()); !reflect.DeepEqual(got, want) {
		t.Errorf("with the restored cache:\n%v\nwant\n%v", got, want)
	}

	// The restored result is used, not worked out again: one changed
	// behind the fingerprint's back shows.
	c := roundTrip()
	c.result[0], c.result[1] = c.result[1], c.result[0]
	if got := related(c); reflect.DeepEqual(got, want) {
		t.Error("the restored result was not used")
	}
	// One that does not fit the groups is not.
	c = roundTrip()
	c.result = c.result[1:]
	if got := related(c); !reflect.DeepEqual(got, want) {
		t.Error("a result of the wrong length was used")
	}
	c = roundTrip()
	c.result[0] = []int32{int32(len(c.result))}
	if got := related(c); !reflect.DeepEqual(got, want) {
		t.Error("a result with an index out of range was used")
	}
}
