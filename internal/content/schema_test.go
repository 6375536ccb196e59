package content

import (
	"slices"
	"strings"
	"testing"
)

// TestSchemaIsTheDecodersTable: what Schema reports is what the decoder
// enforces, for required fields and fields of other kinds.
func TestSchemaIsTheDecodersTable(t *testing.T) {
	opts := Options{Languages: []string{"en"}, DefaultLanguage: "en"}
	for _, k := range []struct {
		kind Kind
		path string
	}{{KindEvent, "content/events/x.en.md"}, {KindNewsletter, "content/newsletters/x.en.md"}, {KindRegion, "content/regions/x.en.md"}, {KindPage, "content/x.en.md"}} {
		_, errs := Parse(k.path, []byte("---\nsummary: s\n---\nText.\n"), opts)
		var missing []string
		for _, e := range errs {
			if name, ok := strings.CutPrefix(e.Msg, "missing required field "); ok {
				missing = append(missing, strings.Trim(name, `"`))
			}
		}
		var want []string
		for _, f := range Schema(k.kind) {
			if f.Required {
				want = append(want, f.Name)
			}
		}
		if !slices.Equal(missing, want) {
			t.Errorf("%s: decoder wants %v, schema says %v", k.kind, missing, want)
		}
	}
	if !slices.Contains(Fields(KindEvent), "start") || slices.Contains(Fields(KindPage), "start") {
		t.Error("start is an event's field only")
	}
}

// TestFieldOptions: a text field with options takes those values only.
// No field of the contract has options yet, so the test adds one to the
// table for its duration.
func TestFieldOptions(t *testing.T) {
	saved := fields
	t.Cleanup(func() { fields = saved })
	fields = append(slices.Clone(saved), field{name: "mode", typ: typeText, options: []string{"in-person", "online"}, kinds: []Kind{KindEvent}})
	opts := Options{Languages: []string{"en"}, DefaultLanguage: "en"}
	if _, errs := Parse("content/events/x.en.md", []byte("---\ntitle: X\nstart: 2020-01-01\nmode: online\n---\nText.\n"), opts); len(errs) != 0 {
		t.Errorf("a listed value: %v", errs)
	}
	_, errs := Parse("content/events/x.en.md", []byte("---\ntitle: X\nstart: 2020-01-01\nmode: hybrid\n---\nText.\n"), opts)
	if len(errs) != 1 || errs[0].Error() != `content/events/x.en.md:4:7: mode: "hybrid" is not one of in-person, online` {
		t.Errorf("an unlisted value: %v", errs)
	}
	spec := Schema(KindEvent)
	if last := spec[len(spec)-1]; last.Name != "mode" || !slices.Equal(last.Options, []string{"in-person", "online"}) {
		t.Errorf("schema: %+v", last)
	}
}
