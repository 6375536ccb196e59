package content

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/adrg/frontmatter"
)

var testOpts = Options{Languages: []string{"en", "es", "pt"}, DefaultLanguage: "en"}

func TestParseName(t *testing.T) {
	for _, tc := range []struct {
		path                string
		kind                Kind
		section, slug, lang string
		err                 string // first error, "" for none
	}{
		{path: "content/events/kickoff.es.md", kind: KindEvent, section: "events", slug: "kickoff", lang: "es"},
		{path: "content/events/kickoff.md", kind: KindEvent, section: "events", slug: "kickoff", lang: "en"},
		{path: "content/regions/mexico-guatemala.pt.md", kind: KindRegion, section: "regions", slug: "mexico-guatemala", lang: "pt"},
		{path: "content/newsletters/n-3.en.md", kind: KindNewsletter, section: "newsletters", slug: "n-3", lang: "en"},
		{path: "content/case-studies/x.en.md", kind: KindCaseStudy, section: "case-studies", slug: "x", lang: "en"},
		{path: "content/_index.es.md", kind: KindHome, slug: "_index", lang: "es"},
		{path: "content/_index.md", kind: KindHome, slug: "_index", lang: "en"},
		{path: "content/events/_index.pt.md", kind: KindSection, section: "events", slug: "_index", lang: "pt"},
		{path: "content/about.en.md", kind: KindPage, slug: "about", lang: "en"},
		{path: "content/blog/hello.es.md", kind: KindPage, section: "blog", slug: "hello", lang: "es"},
		{path: "content/events/x.fr.md", kind: KindEvent, section: "events", slug: "x", lang: "fr",
			err: `language "fr" is not a site language (site languages: en, es, pt)`},
		{path: "content/events/x.pt-BR.md", kind: KindEvent, section: "events", slug: "x", lang: "pt-BR",
			err: `language "pt-BR" is not a site language (site languages: en, es, pt)`},
		{path: "content/events/Kick Off.es.md", kind: KindEvent, section: "events", slug: "Kick Off", lang: "es",
			err: `file name "Kick Off" is not URL safe (want lowercase letters, digits and hyphens, like "kick-off")`},
		{path: "content/events/año-nuevo.es.md", kind: KindEvent, section: "events", slug: "año-nuevo", lang: "es",
			err: `file name "año-nuevo" is not URL safe (want lowercase letters, digits and hyphens, like "ano-nuevo")`},
		{path: "content/events/v1.2.md", kind: KindEvent, section: "events", slug: "v1.2", lang: "en",
			err: `file name "v1.2" is not URL safe (want lowercase letters, digits and hyphens, like "v1-2")`},
		{path: "content/events/.es.md", kind: KindEvent, section: "events", slug: "", lang: "es",
			err: `file name ".es.md" has no slug (want <slug>.<lang>.md)`},
		{path: "content/Eventos 2019/x.es.md", kind: KindPage, section: "Eventos 2019", slug: "x", lang: "es",
			err: `folder "Eventos 2019" is not URL safe (want lowercase letters, digits and hyphens, like "eventos-2019")`},
		{path: "content/events/2019/x.es.md", kind: KindEvent, section: "events", slug: "x", lang: "es",
			err: "pages are one folder deep: content/<section>/<slug>.<lang>.md"},
		{path: "content/../secret.md", kind: KindPage, lang: "en",
			err: `path "content/../secret.md" has empty, "." or ".." parts`},
		{path: "content//x.md", kind: KindPage, lang: "en",
			err: `path "content//x.md" has empty, "." or ".." parts`},
		{path: "other/x.md", kind: KindPage, lang: "en", err: "not under content/"},
		{path: "content/x.txt", kind: KindPage, slug: "x", lang: "en", err: `file "x.txt" is not a Markdown file (want .md)`},
		{path: `content\events\x.md`, kind: KindEvent, section: "events", slug: "x", lang: "en", err: "use forward slashes in content paths"},
		{path: "content/events/_draft.md", kind: KindEvent, section: "events", slug: "_draft", lang: "en",
			err: `file name "_draft" is not URL safe (want lowercase letters, digits and hyphens, like "draft")`},
		{path: "content/events/日本.md", kind: KindEvent, section: "events", slug: "日本", lang: "en",
			err: `file name "日本" is not URL safe (want lowercase letters, digits and hyphens)`},
	} {
		fn, errs := parseName(tc.path, testOpts)
		got := fileName{section: tc.section, slug: tc.slug, lang: tc.lang, kind: tc.kind}
		if fn != got {
			t.Errorf("parseName(%q) = %+v, want %+v", tc.path, fn, got)
		}
		first := ""
		if len(errs) > 0 {
			first = errs[0]
		}
		if first != tc.err {
			t.Errorf("parseName(%q) error = %q, want %q", tc.path, first, tc.err)
		}
	}
}

func TestParseNameWithoutSiteLanguages(t *testing.T) {
	fn, errs := parseName("content/events/x.fr.md", Options{})
	if len(errs) != 0 || fn.lang != "fr" || fn.slug != "x" {
		t.Errorf("got %+v, %v; want lang fr, slug x, no errors", fn, errs)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestFormatsDecodeAlike(t *testing.T) {
	var fronts []Front
	for _, tc := range []struct{ file, format string }{
		{"event.yaml.md", "yaml"}, {"event.toml.md", "toml"}, {"event.json.md", "json"},
	} {
		f, errs := Parse("content/events/kickoff.en.md", readTestdata(t, tc.file), testOpts)
		if errs.Err() != nil {
			t.Fatalf("%s: %v", tc.file, errs)
		}
		if f.Format != tc.format {
			t.Errorf("%s: Format = %q, want %q", tc.file, f.Format, tc.format)
		}
		// The JSON object ends at an empty line, which is part of it.
		bodyLine, body := 17, "\n## Programme"
		if tc.format == "json" {
			bodyLine, body = 18, "## Programme"
		}
		if f.BodyLine != bodyLine || !bytes.HasPrefix(f.Body, []byte(body)) {
			t.Errorf("%s: body at line %d: %q", tc.file, f.BodyLine, f.Body)
		}
		fronts = append(fronts, f.Front)
	}
	want := Front{
		Title:          "Kick-off in Tapachula",
		Summary:        "The first meeting of the Mexico–Guatemala border region.",
		Date:           time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC),
		Start:          time.Date(2019, 10, 7, 0, 0, 0, 0, time.UTC),
		End:            time.Date(2019, 10, 9, 18, 0, 0, 0, time.UTC),
		Location:       "Tapachula, Mexico",
		Venue:          "Centro de Convenciones",
		Registration:   "https://example.org/register",
		Regions:        []string{"mexico-guatemala"},
		Themes:         []string{"cross-border", "innovation"},
		Aliases:        []string{"/old/kickoff/"},
		Weight:         3,
		TranslationKey: "kickoff",
	}
	wantLines := map[string]int{
		"title": 2, "summary": 3, "date": 4, "start": 5, "end": 6, "location": 7, "venue": 8,
		"registration": 9, "regions": 10, "regions.0": 10, "themes": 11, "themes.0": 11, "themes.1": 11,
		"aliases": 12, "aliases.0": 12, "weight": 13, "draft": 14, "translationKey": 15,
	}
	for i, got := range fronts {
		if lines := linesMap(got.Lines); !reflect.DeepEqual(lines, wantLines) {
			t.Errorf("format %d: lines\n got %v\nwant %v", i, lines, wantLines)
		}
		got.Lines = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("format %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

func TestParseGood(t *testing.T) {
	f, errs := Parse("content/regions/mexico-guatemala.es.md", readTestdata(t, "region-bom-crlf.md"), testOpts)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if f.Front.Title != "Región" || f.Front.Programme != "INNOVACT" || !reflect.DeepEqual(f.Front.Countries, []string{"MX", "GT"}) {
		t.Errorf("front = %+v", f.Front)
	}
	if l, _ := f.Front.Lines.OfItem("countries", 1); l != 6 || f.Line("missing") != 1 || f.BodyLine != 8 || string(f.Body) != "\nTexto\n" {
		t.Errorf("lines: countries.1 at %d, body at %d %q", l, f.BodyLine, f.Body)
	}
	if f.Kind != KindRegion || f.Lang != "es" || f.Slug != "mexico-guatemala" {
		t.Errorf("name: %+v", f)
	}

	f, errs = Parse("content/newsletters/n3.en.md", readTestdata(t, "newsletter.md"), testOpts)
	if errs.Err() != nil || f.Front.Issue != 3 || f.Front.PDF != "/downloads/n3.pdf" {
		t.Errorf("newsletter: %+v %v", f.Front, errs)
	}

	// Accepted spellings: a single string as a one-item list, quoted numbers,
	// date-times, an empty summary, blank lines before the front matter.
	src := "\n\n---\ntitle: 2019\nweight: \"-2\"\nregions: peru-chile\ndate: 2019-10-07T10:00:00+02:00\nlastmod: 2019-10-08 09:30\nsummary:\n---\n"
	f, errs = Parse("content/x.md", []byte(src), testOpts)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if f.Front.Title != "2019" || f.Front.Weight != -2 || !reflect.DeepEqual(f.Front.Regions, []string{"peru-chile"}) ||
		!f.Front.Date.Equal(time.Date(2019, 10, 7, 8, 0, 0, 0, time.UTC)) ||
		!f.Front.Lastmod.Equal(time.Date(2019, 10, 8, 9, 30, 0, 0, time.UTC)) || f.Line("title") != 4 {
		t.Errorf("front = %+v", f.Front)
	}
}

func TestParseErrors(t *testing.T) {
	const ev = "content/events/kickoff.es.md"
	for _, tc := range []struct {
		name, path, src, want string
	}{
		{"bad date", ev, "---\ntitle: A\nstart: 2019-13-07\n---\n",
			ev + `:3:8: start: "2019-13-07" is not a date (want 2006-01-02)`},
		{"bad date BOM CRLF", ev, "\ufeff---\r\ntitle: A\r\nstart: 2019-13-07\r\n---\r\nbody\r\n",
			ev + `:3:8: start: "2019-13-07" is not a date (want 2006-01-02)`},
		{"number as date", ev, "---\ntitle: A\nstart: 2019\n---\n",
			ev + `:3:8: start: "2019" is not a date (want 2006-01-02)`},
		{"end before start", ev, "---\ntitle: A\nstart: 2019-10-07\nend: 2019-10-06\n---\n",
			ev + `:4:6: end: "2019-10-06" is before start "2019-10-07"`},
		{"unknown field", ev, "---\ntitle: A\nstart: 2019-10-07\nregion: [peru-chile]\n---\n",
			ev + `:4:1: unknown field "region" (did you mean "regions"?)`},
		{"unknown field no hint", ev, "---\ntitle: A\nstart: 2019-10-07\ncolour: red\n---\n",
			ev + `:4:1: unknown field "colour"`},
		{"field of another kind", ev, "---\ntitle: A\nstart: 2019-10-07\nissue: 3\n---\n",
			ev + `:4:1: field "issue" is for newsletters, not events`},
		{"event field on a page", "content/about.en.md", "---\ntitle: A\nvenue: Hall\n---\n",
			"content/about.en.md:3:1: field \"venue\" is for events, not pages"},
		{"not a whole number", ev, "---\ntitle: A\nstart: 2019-10-07\nweight: heavy\n---\n",
			ev + `:4:9: weight: "heavy" is not a whole number`},
		{"list wanted", ev, "---\ntitle: A\nstart: 2019-10-07\nregions: {a: 1}\n---\n",
			ev + `:4:10: regions: want a list of region keys`},
		{"text wanted", ev, "---\ntitle: [A, B]\nstart: 2019-10-07\n---\n",
			ev + `:2:8: title: want text, not a list`},
		{"bool wanted", ev, "---\ntitle: A\nstart: 2019-10-07\ndraft: yes\n---\n",
			ev + `:4:8: draft: "yes" is not true or false`},
		{"bad key", ev, "---\ntitle: A\nstart: 2019-10-07\nthemes:\n  - Smart Cities\n---\n",
			ev + `:5:5: themes: "Smart Cities" is not a key (want lowercase words joined by hyphens, like "smart-cities")`},
		{"bad country", "content/regions/r.en.md", "---\ntitle: A\ncountries: [mex]\n---\n",
			`content/regions/r.en.md:3:13: countries: "mex" is not an ISO 3166-1 alpha-2 code like "MX"`},
		{"bad registration", ev, "---\ntitle: A\nstart: 2019-10-07\nregistration: example.org\n---\n",
			ev + `:4:15: registration: "example.org" is not an absolute http(s) URL, like https://example.org/register`},
		{"bad alias", ev, "---\ntitle: A\nstart: 2019-10-07\naliases: [\"http://x\"]\n---\n",
			ev + `:4:11: aliases: "http://x" must be a path on this site, like /old/url/`},
		{"bad slug", ev, "---\ntitle: A\nstart: 2019-10-07\nslug: Semana Europea\n---\n",
			ev + `:4:7: slug: "Semana Europea" is not URL safe (want lowercase letters, digits and hyphens, like "semana-europea")`},
		{"issue zero", "content/newsletters/n.en.md", "---\ntitle: A\ndate: 2020-01-01\nissue: 0\n---\n",
			`content/newsletters/n.en.md:4:8: issue: "0" must be 1 or more`},
		{"missing title", ev, "---\nstart: 2019-10-07\n---\nbody\n",
			ev + `:1: missing required field "title"`},
		{"missing start and title", ev, "---\n---\n",
			ev + ":1: missing required field \"start\"\n" + ev + `:1: missing required field "title"`},
		{"newsletter needs date", "content/newsletters/n.en.md", "---\ntitle: A\n---\n",
			`content/newsletters/n.en.md:1: missing required field "date"`},
		{"empty title", ev, "---\ntitle: \"  \"\nstart: 2019-10-07\n---\n",
			ev + `:2:8: title: must not be empty`},
		{"null title", ev, "---\ntitle:\nstart: 2019-10-07\n---\n",
			ev + `:2:1: title: must not be empty`},
		{"duplicate field", ev, "---\ntitle: A\nstart: 2019-10-07\ntitle: B\n---\n",
			ev + `:4:1: duplicate field "title" (first on line 2)`},
		{"empty file", ev, "", ev + ":1: file is empty (want front matter: --- title: ... ---)"},
		{"blank file", ev, "\n \n", ev + ":1: file is empty (want front matter: --- title: ... ---)"},
		{"no front matter", ev, "# Hello\n", ev + ":1: missing front matter (--- title: ... ---)"},
		{"unclosed yaml", ev, "\n---\ntitle: A\n", ev + `:2: front matter opened with "---" is never closed (want a closing "---" line)`},
		{"unclosed json", ev, "{\n\"title\": \"A\"\n}\nbody\n",
			ev + `:1: front matter opened with "{" is never closed (want "}" on a line of its own, then an empty line)`},
		{"yaml syntax", ev, "---\ntitle: A\n  start: 2019-10-07\n---\n",
			ev + `:3: front matter: mapping values are not allowed in this context (put text that holds ": " in quotes, and check the indentation)`},
		{"yaml tab indent", ev, "---\ntitle: A\nregions:\n\t- a\n---\n",
			ev + `:4: front matter: found character that cannot start any token (indent with spaces, not tabs)`},
		{"yaml not a map", ev, "---\n- a\n---\n", ev + `:2:1: front matter: want fields (name: value), not a list`},
		{"yaml alias bomb", ev, string(readTestdata(t, "alias-bomb.md")),
			ev + `:2:4: front matter: YAML anchors and aliases (&name, *name) are not allowed`},
		{"toml syntax", ev, "+++\ntitle = \"A\"\nstart = \n+++\n",
			ev + `:3: front matter: expected value but found '\n' instead`},
		{"yaml in toml fences", ev, "+++\ntitle: A\n+++\n",
			ev + `:2: front matter: bare keys cannot contain ':' (front matter between +++ lines is TOML, written title = value; YAML goes between --- lines)`},
		{"toml bad date", ev, "+++\ntitle = \"A\"\nstart = 2019-13-07\n+++\n",
			ev + `:3: start: "2019-13-07" is not a date (want 2006-01-02)`},
		{"toml unknown field", ev, "+++\ntitle = \"A\"\nstart = 2019-10-07\n  regoins = [\"a\"]\n+++\n",
			ev + `:4:3: unknown field "regoins" (did you mean "regions"?)`},
		{"json syntax", ev, "{\n\"title\": \"A\",\n\"start\": \"2019-10-07\",\n}\n\n",
			ev + `:4:1: front matter: invalid character '}' looking for beginning of object key string`},
		{"json wrong type", ev, "---json\n{\"title\": \"A\", \"start\": \"2019-10-07\",\n \"weight\": 1.5}\n---\n",
			ev + `:3:12: weight: "1.5" is not a whole number`},
		{"json trailing text", ev, ";;;\n{\"title\": \"A\", \"start\": \"2019-10-07\"} x\n;;;\n",
			ev + `:2:39: front matter: invalid character 'x' after top-level value`},
		{"json not an object", ev, ";;;\n[1]\n;;;\n", ev + `:2:1: front matter: want a JSON object ({ "title": ... })`},
		{"invalid utf-8", ev, "---\ntitle: A\xff\n---\n", ev + `:2:9: invalid UTF-8 (save the file as UTF-8)`},
		{"bad name and field", "content/events/x.fr.md", "---\ntitle: A\nstart: 2019-10-07\nend: nope\n---\n",
			"content/events/x.fr.md:1: language \"fr\" is not a site language (site languages: en, es, pt)\n" +
				`content/events/x.fr.md:4:6: end: "nope" is not a date (want 2006-01-02)`},
		{"too big", ev, "---\ntitle: A\n---\n" + strings.Repeat("x", MaxFileSize),
			ev + ": file is 21 MB; the limit is 20 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := Parse(tc.path, []byte(tc.src), testOpts)
			if f == nil {
				t.Fatal("nil file")
			}
			// These events have no location, and so no attendance either,
			// which TestAttendance checks: the cases are about the rest.
			var kept []string
			for _, l := range strings.Split(errs.Error(), "\n") {
				if !strings.Contains(l, `missing field "attendance"`) {
					kept = append(kept, l)
				}
			}
			if got := strings.Join(kept, "\n"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	md := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"site.yaml":                          md("x"),
		"content/_index.en.md":               md("---\ntitle: Home\n---\nWelcome.\n"),
		"content/about.es.md":                md("---\ntitle: Acerca\n---\n"),
		"content/events/kickoff.es.md":       md("---\ntitle: A\nstart: 2019-10-07\nattendance: online\n---\n"),
		"content/events/kickoff.en.md":       md("---\ntitle: A\nlocation: Lima\n---\nNo start date.\n"),
		"content/events/photo.jpg":           md("\xff\xd8"),
		"content/events/.DS_Store":           md("\x00"),
		"content/events/_draft.md":           md("not read"),
		"content/_drafts/x.md":               md("not read"),
		"content/.git/x.md":                  md("not read"),
		"content/events/link.en.md":          {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"content/regions/_index.pt.md":       md("---\ntitle: Regiões\n---\n"),
		"content/regions/peru-chile.pt.md":   md("+++\ntitle = \"Peru–Chile\"\ncountries = [\"PE\", \"CL\"]\n+++\n"),
		"content/newsletters/n1.en.md":       md("{\n\"title\": \"N1\", \"date\": \"2020-01-01\"\n}\n\n"),
		"content/case-studies/a/b/c.en.md":   md("---\ntitle: Deep\n---\n"),
		"content/case-studies/notes.en.txt":  md("ignored"),
		"content/case-studies/quito.en.md":   md("---\ntitle: Quito\ncities: Quito\n---\n"),
		"content/case-studies/_index.en.md":  md("---\ntitle: Case studies\n---\n"),
		"content/case-studies/_index.es.md":  md("---\ntitle: Estudios de caso\n---\n"),
		"content/case-studies/_other.en.md":  md("not read"),
		"content/case-studies/README.txt.md": md("---\ntitle: Readme\n---\n"),
	}
	files, errs := Load(fsys, testOpts)
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	wantPaths := []string{
		"content/_index.en.md",
		"content/about.es.md",
		"content/case-studies/README.txt.md",
		"content/case-studies/_index.en.md",
		"content/case-studies/_index.es.md",
		"content/case-studies/a/b/c.en.md",
		"content/case-studies/quito.en.md",
		"content/events/kickoff.en.md",
		"content/events/kickoff.es.md",
		"content/newsletters/n1.en.md",
		"content/regions/_index.pt.md",
		"content/regions/peru-chile.pt.md",
	}
	if !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("paths:\n%s\nwant\n%s", strings.Join(paths, "\n"), strings.Join(wantPaths, "\n"))
	}
	wantErrs := strings.Join([]string{
		`content/case-studies/README.txt.md:1: file name "README" is not URL safe (want lowercase letters, digits and hyphens, like "readme")`,
		`content/case-studies/README.txt.md:1: language "txt" is not a site language (site languages: en, es, pt)`,
		`content/case-studies/a/b/c.en.md:1: pages are one folder deep: content/<section>/<slug>.<lang>.md`,
		`content/events/kickoff.en.md:1: missing required field "start"`,
		`content/events/link.en.md: symbolic links are not followed`,
	}, "\n")
	if got := errs.Error(); got != wantErrs {
		t.Errorf("errors:\n%s\nwant\n%s", got, wantErrs)
	}
	if f := files[6]; !reflect.DeepEqual(f.Front.Cities, []string{"Quito"}) || f.Kind != KindCaseStudy {
		t.Errorf("quito: %+v", f)
	}

	again, _ := Load(fsys, testOpts)
	if !reflect.DeepEqual(files, again) {
		t.Error("two loads differ")
	}

	// Without bodies: a file read without error keeps none, and finds it
	// again in its bytes; a file with an error keeps its own. The rest is
	// as loaded with bodies.
	opts := testOpts
	opts.DropBodies = true
	lean, _ := Load(fsys, opts)
	for i, f := range lean {
		full := files[i]
		broken := false
		for _, e := range errs.Errors() {
			broken = broken || e.Pos.File == full.Path
		}
		switch {
		case broken && (f.Body == nil || !bytes.Equal(f.Body, full.Body)):
			t.Errorf("%s: has an error, yet its body was dropped", f.Path)
		case !broken && f.Body != nil:
			t.Errorf("%s: body kept: %q", f.Path, f.Body)
		case !broken:
			if body, err := f.BodyFrom(fsys[f.Path].Data); err != nil || !bytes.Equal(body, full.Body) {
				t.Errorf("%s: body read again %q (%v), want %q", f.Path, body, err, full.Body)
			}
		}
		f.Body = full.Body
		if !reflect.DeepEqual(f, full) {
			t.Errorf("%s: loaded without bodies:\n%+v\nwith:\n%+v", f.Path, f, full)
		}
	}
}

func TestLoadMissingContent(t *testing.T) {
	_, errs := Load(fstest.MapFS{"site.yaml": {}}, testOpts)
	if got, want := errs.Error(), "content: no such folder"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_, errs = Load(fstest.MapFS{"content": {Data: []byte("x")}}, testOpts)
	if got, want := errs.Error(), "content: not a folder"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLoadRefusesSymlinksOnDisk(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte("---\ntitle: Secret\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "content", "events"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(root, "content", "events", "s.en.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "content", "linked")); err != nil {
		t.Fatal(err)
	}
	files, errs := Load(os.DirFS(root), testOpts)
	if len(files) != 0 {
		t.Errorf("read %d files through links", len(files))
	}
	want := "content/events/s.en.md: symbolic links are not followed\ncontent/linked: symbolic links are not followed"
	if got := errs.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// A content folder that is itself a link is refused too.
	root2 := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root2, "content")); err != nil {
		t.Fatal(err)
	}
	if _, errs := Load(os.DirFS(root2), testOpts); errs.Error() != "content: symbolic links are not followed" {
		t.Errorf("got %q", errs.Error())
	}
}

func TestScaffold(t *testing.T) {
	now := time.Date(2024, 5, 1, 15, 0, 0, 0, time.UTC)
	for _, kind := range []Kind{KindHome, KindSection, KindPage, KindRegion, KindEvent, KindNewsletter, KindCaseStudy} {
		for _, lang := range []string{"en", "es", "pt"} {
			slug := "kick-off-meeting"
			if kind == KindSection {
				slug = "events"
			}
			data, err := Scaffold(kind, slug, lang, now)
			if err != nil {
				t.Fatal(err)
			}
			p := ScaffoldPath(kind, slug, lang, "en")
			f, errs := Parse(p, data, testOpts)
			if errs.Err() != nil {
				t.Errorf("%s %s: %v\n%s", kind, lang, errs, data)
				continue
			}
			if f.Kind != kind || f.Lang != lang {
				t.Errorf("%s: parsed back as %s in %s", p, f.Kind, f.Lang)
			}
			if kind != KindSection && f.Front.Title != "Kick Off Meeting" {
				t.Errorf("%s: title %q", p, f.Front.Title)
			}
			if !f.Front.Date.Equal(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("%s: date %v", p, f.Front.Date)
			}
		}
	}
	if _, err := Scaffold(KindEvent, "Kick Off", "en", now); err == nil {
		t.Error("Scaffold took a bad slug")
	}
	if _, err := Scaffold("podcast", "x", "en", now); err == nil {
		t.Error("Scaffold took an unknown kind")
	}
}

func TestScaffoldPath(t *testing.T) {
	for _, tc := range []struct {
		kind             Kind
		slug, lang, want string
	}{
		{KindEvent, "kickoff", "es", "content/events/kickoff.es.md"},
		{KindCaseStudy, "quito", "", "content/case-studies/quito.en.md"},
		{KindRegion, "peru-chile", "pt", "content/regions/peru-chile.pt.md"},
		{KindNewsletter, "n3", "en", "content/newsletters/n3.en.md"},
		{KindPage, "about", "en", "content/about.en.md"},
		{KindHome, "", "es", "content/_index.es.md"},
		{KindSection, "events", "pt", "content/events/_index.pt.md"},
	} {
		if got := ScaffoldPath(tc.kind, tc.slug, tc.lang, "en"); got != tc.want {
			t.Errorf("ScaffoldPath(%s, %q, %q) = %q, want %q", tc.kind, tc.slug, tc.lang, got, tc.want)
		}
	}
}

func TestTranslate(t *testing.T) {
	src := readTestdata(t, "event.yaml.md")
	f, errs := Parse("content/events/kickoff.en.md", src, testOpts)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	p, data := Translate(f, src, "es")
	if p != "content/events/kickoff.es.md" {
		t.Errorf("path %q", p)
	}
	g, errs := Parse(p, data, testOpts)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if g.Lang != "es" || !reflect.DeepEqual(g.Front, f.Front) || !bytes.Equal(g.Body, f.Body) {
		t.Errorf("translation differs: %+v", g)
	}

	home, _ := Parse("content/_index.md", []byte("---\ntitle: Home\n---\n"), testOpts)
	if p, _ := Translate(home, nil, "pt"); p != "content/_index.pt.md" {
		t.Errorf("home translation path %q", p)
	}
}

func TestSlugify(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Semana Europea de las Regiones y Ciudades 2019", "semana-europea-de-las-regiones-y-ciudades-2019"},
		{"São Paulo – Brasil", "sao-paulo-brasil"},
		{"  --Hello__World--  ", "hello-world"},
		{"日本", ""},
	} {
		if got := Slugify(tc.in); got != tc.want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2019-10-07", time.Date(2019, 10, 7, 0, 0, 0, 0, time.UTC), true},
		{"2019-10-07T10:30", time.Date(2019, 10, 7, 10, 30, 0, 0, time.UTC), true},
		{"2019-10-07 10:30", time.Date(2019, 10, 7, 10, 30, 0, 0, time.UTC), true},
		{"2019-10-07T10:30:00-05:00", time.Date(2019, 10, 7, 15, 30, 0, 0, time.UTC), true},
		{"2019-13-07", time.Time{}, false},
		{"07/10/2019", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, ok := ParseDate(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			f.Add("content/events/kickoff.es.md", readTestdata(f, e.Name()))
		}
	}
	f.Add("content/Kick Off/../x.fr.md", []byte("+++\n[a]\nb = 1\n+++\n"))
	f.Fuzz(func(t *testing.T, path string, data []byte) {
		file, errs := Parse(path, data, testOpts)
		if file == nil {
			t.Fatal("nil file")
		}
		lines := bytes.Count(normalize(data), []byte("\n")) + 1
		for _, e := range errs {
			if e.Pos.File != path {
				t.Errorf("error in file %q, want %q", e.Pos.File, path)
			}
			if e.Pos.Line < 0 || e.Pos.Line > lines {
				t.Errorf("%v: line outside the file's %d lines", e, lines)
			}
			if e.Msg == "" {
				t.Errorf("empty message at %v", e.Pos)
			}
		}
		for field, l := range linesMap(file.Front.Lines) {
			if l < 1 || l > lines {
				t.Errorf("field %s at line %d, outside the file's %d lines", field, l, lines)
			}
		}
		if file.BodyLine < 1 || file.BodyLine > lines {
			t.Errorf("body at line %d of %d", file.BodyLine, lines)
		}
		if file.Format != "" {
			if want := libraryBodyStart(normalize(data)); file.BodyOffset != want {
				t.Errorf("body at byte %d, frontmatter reading the whole file says %d", file.BodyOffset, want)
			}
		}
	})
}

// libraryBodyStart is where the body starts when frontmatter reads the
// whole file, as Parse did before it stopped reading after the front
// matter (see frontReader).
func libraryBodyStart(src []byte) int {
	var c captured
	rest, err := frontmatter.Parse(bytes.NewReader(src), &c, formats...)
	if err != nil {
		return -1
	}
	return len(src) - len(rest)
}

// TestLongBody checks that a body well past frontmatter's read buffer
// (4 KB) comes back whole, in every format: Parse stops feeding frontmatter
// once the front matter is read and slices the body from the file.
func TestLongBody(t *testing.T) {
	long := strings.Repeat("A line of the body, long enough to matter.\n", 400) + "The end."
	for _, name := range []string{"event.yaml.md", "event.toml.md", "event.json.md"} {
		data := append(readTestdata(t, name), long...)
		f, errs := Parse("content/events/kickoff.en.md", data, testOpts)
		if errs.Err() != nil {
			t.Fatalf("%s: %v", name, errs)
		}
		if want := libraryBodyStart(data); f.BodyOffset != want || !bytes.Equal(f.Body, data[want:]) {
			t.Errorf("%s: body at byte %d (%d bytes), want byte %d (%d bytes)", name, f.BodyOffset, len(f.Body), want, len(data)-want)
		}
		if !bytes.HasSuffix(f.Body, []byte(long)) {
			t.Errorf("%s: body does not end with the long text", name)
		}
	}
}

func TestBodyFrom(t *testing.T) {
	data := []byte("\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\ntext.\r\n")
	f, errs := Parse("content/a.en.md", data, Options{Languages: []string{"en"}, DefaultLanguage: "en"})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	body, err := f.BodyFrom(data)
	if err != nil || string(body) != string(f.Body) {
		t.Errorf("BodyFrom = %q, %v; want %q", body, err, f.Body)
	}
	if _, err := f.BodyFrom(append(data, 'x')); err == nil {
		t.Error("a changed file was not noticed")
	}
}

// linesMap gives Lines as "field" and "field.i" keys, for comparisons.
func linesMap(l Lines) map[string]int {
	m := map[string]int{}
	for _, fl := range l {
		key := fl.Field
		if fl.Item >= 0 {
			key += "." + strconv.Itoa(int(fl.Item))
		}
		m[key] = int(fl.Line)
	}
	return m
}

func TestAttendance(t *testing.T) {
	const ev = "content/events/webinar.en.md"
	for _, tc := range []struct {
		name, src, want string
		att             Attendance
	}{
		{"online", "---\ntitle: A\nstart: 2020-10-13\nattendance: online\n---\n", "", AttendanceOnline},
		{"mixed with a location", "---\ntitle: A\nstart: 2020-10-13\nlocation: Lima\nattendance: mixed\n---\n", "", AttendanceMixed},
		{"a location alone", "---\ntitle: A\nstart: 2020-10-13\nlocation: Lima\n---\n", "", ""},
		{"neither", "---\ntitle: A\nstart: 2020-10-13\n---\n",
			ev + `:1: missing field "attendance": an event without a location needs one (online, or mixed)`, ""},
		{"in person nowhere", "---\ntitle: A\nstart: 2020-10-13\nattendance: in-person\n---\n",
			ev + `:4:13: attendance: "in-person" needs a location`, AttendanceInPerson},
		{"misspelt", "---\ntitle: A\nstart: 2020-10-13\nlocation: Lima\nattendance: onlne\n---\n",
			ev + `:5:13: attendance: "onlne" is not one of in-person, online, mixed (did you mean "online"?)`, ""},
		{"not an event", "---\ntitle: A\nattendance: online\n---\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := ev
			if tc.name == "not an event" {
				path = "content/about.en.md"
				tc.want = path + `:3:1: field "attendance" is for events, not pages`
			}
			f, errs := Parse(path, []byte(tc.src), testOpts)
			if got := errs.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if f.Front.Attendance != tc.att {
				t.Errorf("attendance = %q, want %q", f.Front.Attendance, tc.att)
			}
		})
	}
}

func TestTOCField(t *testing.T) {
	for src, want := range map[string]TOC{
		"---\ntitle: A\n---\n":             TOCAuto,
		"---\ntitle: A\ntoc: true\n---\n":  TOCOn,
		"---\ntitle: A\ntoc: false\n---\n": TOCOff,
	} {
		f, errs := Parse("content/about.en.md", []byte(src), testOpts)
		if errs.Err() != nil || f.Front.TOC != want {
			t.Errorf("%q: toc %v, %v; want %v", src, f.Front.TOC, errs, want)
		}
	}
}
