package content

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	opts := Options{Languages: []string{"en", "es", "pt"}, DefaultLanguage: "en"}
	for _, in := range []struct{ p, s string }{
		{"content/events/k.es.md", "---\ntitle: A\nstart: 2019-10-07\nend: 2019-10-06\nregion: [a]\nissue: 3\nweight: heavy\n---\nbody\n"},
		{"content/events/k.es.md", "+++\ntitle = \"A\"\nstart = 2019-10-07\nend = 2019-10-06T10:00:00\nregion = [\"a\"]\n+++\nbody\n"},
		{"content/events/k.es.md", "+++\ntitle = \"A\nstart = 2019-10-07\n+++\nbody\n"},
		{"content/events/k.es.md", "+++\ntitle = \"A\"\nstart = 2019-13-07\n+++\nbody\n"},
		{"content/events/k.es.md", "{\n  \"title\": \"A\",\n  \"start\": \"2019-10-07\",\n  \"regions\": {\"a\": 1}\n}\n\nbody\n"},
		{"content/events/k.es.md", "{\n  \"title\": \"A\",\n  \"start\": \"2019-10-07\"\n  \"regions\": 1\n}\n\nbody\n"},
		{"content/events/k.es.md", "---\ntitle: A\n  start: 2019-10-07\n---\nbody\n"},
		{"content/events/k.es.md", "---\ntitle: &a A\nstart: *a\n---\nbody\n"},
		{"content/events/k.es.md", "---\ntitle: A\n"},
		{"content/events/Kick Off.fr.md", "\ufeff---\r\ntitle: A\r\nstart: 2019-13-07\r\n---\r\nbody\r\n"},
	} {
		f, errs := Parse(in.p, []byte(in.s), opts)
		fmt.Printf("%s %q %d %+v\n%v\n\n", f.Format, f.Body, f.BodyLine, f.Front.Lines, errs)
	}
}
