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

// TestFieldOptions: a text field with options (an event's attendance)
// takes those values only, with the nearest one suggested, and the schema
// lists them for the browser editor's select.
func TestFieldOptions(t *testing.T) {
	opts := Options{Languages: []string{"en"}, DefaultLanguage: "en"}
	if _, errs := Parse("content/events/x.en.md", []byte("---\ntitle: X\nstart: 2020-01-01\nattendance: online\n---\nText.\n"), opts); len(errs) != 0 {
		t.Errorf("a listed value: %v", errs)
	}
	_, errs := Parse("content/events/x.en.md", []byte("---\ntitle: X\nstart: 2020-01-01\nlocation: Lima\nattendance: onlin\n---\nText.\n"), opts)
	if len(errs) != 1 || errs[0].Error() != `content/events/x.en.md:5:13: attendance: "onlin" is not one of in-person, online, mixed (did you mean "online"?)` {
		t.Errorf("an unlisted value: %v", errs)
	}
	for _, f := range Schema(KindEvent) {
		if f.Name == "attendance" {
			if !slices.Equal(f.Options, []string{"in-person", "online", "mixed"}) {
				t.Errorf("schema: %+v", f)
			}
			return
		}
	}
	t.Error("the event schema has no attendance field")
}
