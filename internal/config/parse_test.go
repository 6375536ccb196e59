package config

import (
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/puente-ssg/puente/internal/diag"
)

// head is a valid start of site.yaml: three lines, three languages.
const head = `baseURL: https://example.org/
languages:
  en: {name: English, title: Site}
  es: {name: Español, title: Sitio}
  pt: {name: Português, title: Sítio}
`

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"unknown top-level key", "baseURL: https://example.org/\nlangauges:\n  en: {name: English, title: Site}\n", []string{
			`site.yaml: missing languages, like en: {name: English, title: My site}`,
			`site.yaml:2:1: unknown key "langauges" (did you mean "languages"?)`,
		}},
		{"unknown language key", "baseURL: https://example.org/\nlanguages:\n  en: {name: English, titel: Site}\n", []string{
			`site.yaml:3:3: languages.en: missing title (the site title in this language)`,
			`site.yaml:3:23: languages.en: unknown key "titel" (did you mean "title"?)`,
		}},
		{"unknown theme key", head + "themes:\n  trade:\n    name: {en: Trade, es: Comercio, pt: Comércio}\n    descripton: {en: x, es: x, pt: x}\n", []string{
			`site.yaml:9:5: themes.trade: unknown key "descripton" (did you mean "description"?)`,
		}},
		{"unknown markdown key", head + "markdown:\n  unsafeHtml: true\n", []string{
			`site.yaml:7:3: markdown: unknown key "unsafeHtml" (did you mean "unsafeHTML"?)`,
		}},
		{"unknown language in segments", head + "segments:\n  events: {en: events, es: eventos, pt: eventos, ed: x}\n", []string{
			`site.yaml:7:50: segments.events: "ed" is not one of the languages (en, es, pt) (did you mean "en"?)`,
		}},
		{"wrong types", head + "pagination: twenty\nmarkdown: {unsafeHTML: maybe}\nmenus: {main: regions}\nthemes: [a, b]\n", []string{
			`site.yaml:6:13: pagination: "twenty" is not a whole number`,
			`site.yaml:7:24: markdown.unsafeHTML: "maybe" is not true or false`,
			`site.yaml:8:15: menus.main: "regions" is not a list of entries, like [regions, events]`,
			`site.yaml:9:9: themes: a list is not a mapping of theme keys, like cross-border: {name: {en: ..., es: ...}}`,
		}},
		{"bad pagination", head + "pagination: 0\n", []string{
			`site.yaml:6:13: pagination: 0 is not a number of items per page; want 1 or more`,
		}},
		{"pagination as a list", head + "pagination: [20]\n", []string{
			`site.yaml:6:13: pagination: a list is not a whole number`,
		}},
		{"missing languages and baseURL", "pagination: 20\n", []string{
			`site.yaml: missing baseURL: where public/ is published, like https://example.org/`,
			`site.yaml: missing languages, like en: {name: English, title: My site}`,
		}},
		{"empty languages", "baseURL: https://example.org/\nlanguages: {}\n", []string{
			`site.yaml:2:12: languages: empty, want at least one language like en: {name: English, title: My site}`,
		}},
		{"bad language code", "baseURL: https://example.org/\nlanguages:\n  EN: {name: English, title: Site}\n  english: {name: English, title: Site}\n", []string{
			`site.yaml:3:3: languages: "EN" is not a language code like en, es or pt (did you mean "en"?)`,
			`site.yaml:4:3: languages: "english" is not a language code like en, es or pt`,
		}},
		{"bad default language", head + "defaultLanguage: fr\n", []string{
			`site.yaml:6:18: defaultLanguage: "fr" is not one of the languages (en, es, pt)`,
		}},
		{"default language typo", head + "defaultLanguage: ed\n", []string{
			`site.yaml:6:18: defaultLanguage: "ed" is not one of the languages (en, es, pt) (did you mean "en"?)`,
		}},
		{"no english and no default", "baseURL: https://example.org/\nlanguages:\n  es: {name: Español, title: Sitio}\n", []string{
			`site.yaml:2:1: missing defaultLanguage, and the default "en" is not one of the languages (es)`,
		}},
		{"bad baseURL", "baseURL: example.org\nlanguages:\n  en: {name: English, title: Site}\n", []string{
			`site.yaml:1:10: baseURL: "example.org" is not an absolute http(s) URL like https://example.org/`,
		}},
		{"baseURL not a string", "baseURL: {host: example.org}\nlanguages:\n  en: {name: English, title: Site}\n", []string{
			`site.yaml:1:10: baseURL: a mapping is not an absolute http(s) URL like https://example.org/`,
		}},
		{"bad segments", head + "segments:\n  events: {en: events, es: eventos/2019, pt: ''}\n  themes: {en: themes, es: temas}\n", []string{
			`site.yaml:7:28: segments.events.es: "eventos/2019" is not a single URL path segment (no "/", spaces, "?", "#" or "%")`,
			`site.yaml:7:46: segments.events.pt: empty, want one URL path segment like eventos`,
			`site.yaml:8:3: segments.themes: missing the segment for pt`,
		}},
		{"segment with a space and a clash", head + "segments:\n  events: {en: my events, es: temas, pt: eventos}\n  themes: {en: themes, es: temas, pt: temas}\n", []string{
			`site.yaml:7:16: segments.events.en: "my events" is not a single URL path segment (no "/", spaces, "?", "#" or "%")`,
			`site.yaml:8: segments.themes.es: "temas" is also the segment of events`,
		}},
		{"theme missing a language name", head + "themes:\n  cross-border:\n    name: {en: Cross-border, es: Transfronteriza}\n    description: {en: x, es: y, pt: ''}\n  Bad_Key:\n    name: {en: x, es: y, pt: z}\n  no-name: {description: {en: x, es: y, pt: z}}\n", []string{
			`site.yaml:8:5: themes.cross-border.name: missing the text for pt`,
			`site.yaml:9:37: themes.cross-border.description.pt: empty, want a text`,
			`site.yaml:10:3: themes: "Bad_Key" is not a theme key (lowercase letters, digits and single hyphens, like cross-border)`,
			`site.yaml:12:3: themes.no-name: missing name, like name: {en: ..., es: ..., pt: ...}`,
		}},
		{"bad bundles", head + "bundles:\n  /css/site.css: [css/a.css]\n  css/b.css: [assets/css/b.css, ../x.css]\n  js/c.js: []\n", []string{
			`site.yaml:7:3: bundles: "/css/site.css" is not an output name like css/site.css`,
			`site.yaml:8:15: bundles.css/b.css[0]: "assets/css/b.css": paths are relative to assets/ (did you mean "css/b.css"?)`,
			`site.yaml:8:33: bundles.css/b.css[1]: "../x.css" is not a path inside assets/ like css/base.css`,
			`site.yaml:9:12: bundles.js/c.js: empty, want at least one file in assets/`,
		}},
		{"syntax error", head + "menus:\n  main: [regions, events\npagination: 20\n", []string{
			`site.yaml:7: invalid YAML: did not find expected ',' or ']'`,
		}},
		{"tab indentation", "baseURL: https://example.org/\nlanguages:\n\ten: {name: English}\n", []string{
			`site.yaml:3: invalid YAML: found character that cannot start any token`,
		}},
		{"unterminated quote at end", "baseURL: 'https://example.org/", []string{
			`site.yaml:1: invalid YAML: found unexpected end of stream`,
		}},
		{"duplicate key", head + "pagination: 10\nmarkdown: {unsafeHTML: true, unsafeHTML: false}\npagination: 20\n", []string{
			`site.yaml:7:30: markdown: duplicate key "unsafeHTML" (first at line 7)`,
			`site.yaml:8:1: duplicate key "pagination" (first at line 6)`,
		}},
		{"alias", head + "menus:\n  main: &m [regions]\n  footer: *m\n", []string{
			`site.yaml:7:9: anchor &m: anchors and aliases are not allowed in site.yaml; write the value out`,
			`site.yaml:8:11: alias *m: anchors and aliases are not allowed in site.yaml; write the value out`,
		}},
		{"two documents", head + "---\npagination: 3\n", []string{
			`site.yaml:6:1: a second YAML document starts here; site.yaml holds one`,
		}},
		{"not a mapping", "- baseURL\n- languages\n", []string{
			`site.yaml:1:1: the top level is a list, want a mapping of settings like baseURL: https://example.org/`,
		}},
		{"line breaks YAML counts but editors do not", "baseURL: https://example.org/\r\nlanguages:\r  en: {name: English, title: Site}\u2028pagination: x\n", []string{
			`site.yaml:2:13: pagination: "x" is not a whole number`,
		}},
		{"utf-16", "\xff\xfeb\x00", []string{
			`site.yaml: encoded as UTF-16; save it as UTF-8`,
		}},
		{"empty", "# nothing yet\n", []string{
			`site.yaml: empty: site.yaml needs at least baseURL and languages`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, errs := Parse([]byte(tc.in))
			if cfg == nil {
				t.Fatal("Parse returned a nil Config")
			}
			if got, want := lines(errs.Errors()), tc.want; !reflect.DeepEqual(got, want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func lines(l diag.List) []string {
	var out []string
	for _, e := range l {
		out = append(out, e.Error())
	}
	return out
}

func TestParseWarnsOnNearStandardSegment(t *testing.T) {
	_, errs := Parse([]byte(head + "segments:\n  evnets: {en: events, es: eventos, pt: eventos}\n"))
	want := []string{`site.yaml:7:3: warning: segments: "evnets" is not a standard section or index key (did you mean "events"?)`}
	if got := lines(errs); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseTooLarge(t *testing.T) {
	data := []byte(head + "# " + strings.Repeat("x", MaxSize) + "\n")
	cfg, errs := Parse(data)
	want := []string{`site.yaml: too large: more than 1048576 bytes (1 MiB); settings are a few kilobytes`}
	if got := lines(errs); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if cfg.Pagination != 20 || cfg.BaseURL == nil || len(cfg.Languages) == 0 {
		t.Errorf("defaults missing from %+v", cfg)
	}
}

func TestParseAliasBombFile(t *testing.T) {
	data, err := os.ReadFile("testdata/alias-bomb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, errs := Parse(data)
	got := lines(errs.Errors())
	if len(got) == 0 || got[0] != `site.yaml:4:4: anchor &a: anchors and aliases are not allowed in site.yaml; write the value out` {
		t.Errorf("got %q", got)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestParseValid(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs := Parse(data)
	if len(errs) != 0 {
		t.Fatalf("unexpected problems:\n%v", errs)
	}
	want := &Config{
		BaseURL:         mustURL("https://example.org/cooperation/"),
		DefaultLanguage: "es",
		Languages: []Language{
			{Code: "pt", Name: "Português", Title: "Programas de cooperação UE–América Latina"},
			{Code: "en", Name: "English", Title: "EU–Latin America Cooperation Programmes"},
			{Code: "es", Name: "Español", Title: "Programas de cooperación UE–América Latina"},
		},
		Segments: map[string]map[string]string{
			"regions":      {"en": "regions", "es": "regiones", "pt": "regioes"},
			"events":       {"en": "events", "es": "eventos", "pt": "eventos"},
			"newsletters":  {"en": "newsletters", "es": "newsletters", "pt": "newsletters"},
			"case-studies": {"en": "case-studies", "es": "estudios-de-caso", "pt": "estudos-de-caso"},
			"themes":       {"en": "themes", "es": "themes", "pt": "themes"},
			"search":       {"en": "search", "es": "search", "pt": "search"},
			"years":        {"en": "years", "es": "años", "pt": "anos"},
		},
		Themes: []Theme{
			{
				Key:         "cross-border",
				Name:        map[string]string{"en": "Cross-border cooperation", "es": "Cooperación transfronteriza", "pt": "Cooperação transfronteiriça"},
				Description: map[string]string{"en": "Across borders", "es": "A través de fronteras", "pt": "Através das fronteiras"},
			},
			{
				Key:         "innovation",
				Name:        map[string]string{"en": "Innovation", "es": "Innovación", "pt": "Inovação"},
				Description: map[string]string{},
			},
		},
		Menus: map[string][]string{
			"main":   {"regions", "events", "newsletters", "case-studies", "themes", "years"},
			"footer": {"about", "contact"},
		},
		Pagination: 12,
		Markdown:   Markdown{UnsafeHTML: true},
		Bundles:    map[string][]string{"css/site.css": {"css/base.css", "css/layout.css"}},
		CMS:        CMS{Branch: "main"},
		Lines: map[string]int{
			"baseURL": 1, "defaultLanguage": 2, "languages": 3,
			"languages.pt": 4, "languages.pt.name": 4, "languages.pt.title": 4,
			"languages.en": 5, "languages.en.name": 5, "languages.en.title": 5,
			"languages.es": 6, "languages.es.name": 7, "languages.es.title": 8,
			"segments":         9,
			"segments.regions": 10, "segments.regions.en": 10, "segments.regions.es": 10, "segments.regions.pt": 10,
			"segments.events": 11, "segments.events.en": 11, "segments.events.es": 11, "segments.events.pt": 11,
			"segments.case-studies": 12, "segments.case-studies.en": 12, "segments.case-studies.es": 12, "segments.case-studies.pt": 12,
			"segments.years": 13, "segments.years.en": 13, "segments.years.es": 13, "segments.years.pt": 13,
			"themes":              14,
			"themes.cross-border": 15, "themes.cross-border.name": 16, "themes.cross-border.description": 17,
			"themes.cross-border.name.en": 16, "themes.cross-border.name.es": 16, "themes.cross-border.name.pt": 16,
			"themes.cross-border.description.en": 17, "themes.cross-border.description.es": 17, "themes.cross-border.description.pt": 17,
			"themes.innovation": 18, "themes.innovation.name": 19,
			"themes.innovation.name.en": 19, "themes.innovation.name.es": 19, "themes.innovation.name.pt": 19,
			"menus": 20, "menus.main": 21, "menus.footer": 22,
			"pagination": 23,
			"markdown":   24, "markdown.unsafeHTML": 25,
			"bundles": 26, "bundles.css/site.css": 27,
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got\n%#v\nwant\n%#v", cfg, want)
		for k, v := range want.Lines {
			if cfg.Lines[k] != v {
				t.Errorf("Lines[%q] = %d, want %d", k, cfg.Lines[k], v)
			}
		}
		for k := range cfg.Lines {
			if _, ok := want.Lines[k]; !ok {
				t.Errorf("unexpected Lines[%q]", k)
			}
		}
	}
	if got := cfg.Segment("years", "es"); got != "años" {
		t.Errorf(`Segment("years", "es") = %q`, got)
	}
}

func TestParseDefaults(t *testing.T) {
	cfg, errs := Parse([]byte("baseURL: http://localhost:1313\nlanguages:\n  en: {name: English, title: Site}\n"))
	if len(errs) != 0 {
		t.Fatalf("unexpected problems:\n%v", errs)
	}
	if got := cfg.BaseURL.String(); got != "http://localhost:1313/" {
		t.Errorf("BaseURL = %q", got)
	}
	if cfg.DefaultLanguage != "en" || cfg.Pagination != 20 || cfg.Markdown.UnsafeHTML {
		t.Errorf("defaults: %+v", cfg)
	}
	for _, key := range StandardSegments {
		if got := cfg.Segments[key]["en"]; got != key {
			t.Errorf("Segments[%q][en] = %q, want the key", key, got)
		}
	}
	if cfg.Menus == nil || cfg.Bundles == nil || cfg.Themes != nil {
		t.Errorf("Menus %v, Bundles %v, Themes %v", cfg.Menus, cfg.Bundles, cfg.Themes)
	}
}

// A Config with errors is still usable: defaults fill what is wrong.
func TestParseUsableWithErrors(t *testing.T) {
	cfg, errs := Parse([]byte("baseURL: nope\nlanguages: 3\npagination: x\n"))
	if !errs.HasErrors() {
		t.Fatal("no errors")
	}
	if cfg.BaseURL == nil || cfg.BaseURL.String() != fallbackBaseURL {
		t.Errorf("BaseURL = %v", cfg.BaseURL)
	}
	if len(cfg.Languages) != 1 || cfg.Languages[0].Code != "en" || cfg.Pagination != 20 {
		t.Errorf("config %+v", cfg)
	}
	if cfg.Segment("events", "en") != "events" {
		t.Errorf("Segment = %q", cfg.Segment("events", "en"))
	}
}

func TestLoad(t *testing.T) {
	valid, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs := Load(fstest.MapFS{"site.yaml": {Data: valid}})
	if len(errs) != 0 || cfg.Languages[0].Title != "My site" {
		t.Errorf("Load: %+v, %v", cfg, errs)
	}

	cfg, errs = Load(fstest.MapFS{"content/x.md": {Data: []byte("x")}})
	want := []string{"site.yaml: not found: a site folder holds site.yaml, content/ and layouts/"}
	if got := lines(errs); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if cfg == nil || cfg.BaseURL == nil {
		t.Error("Load without site.yaml returned no usable Config")
	}

	big := make([]byte, 2*MaxSize)
	_, errs = Load(fstest.MapFS{"site.yaml": {Data: big}})
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "too large") {
		t.Errorf("Load of a huge file: %v", errs)
	}
}

func TestLanguageCode(t *testing.T) {
	for _, tc := range []struct {
		code string
		ok   bool
		hint string
	}{
		{"en", true, ""},
		{"es", true, ""},
		{"pt", true, ""},
		{"pt-BR", true, ""},
		{"EN", false, ` (did you mean "en"?)`},
		{"pt-br", false, ` (did you mean "pt-BR"?)`},
		{"und", false, ""},
		{"zz", false, ""},
		{"english", false, ""},
		{"", false, ""},
		{"en_US", false, ` (did you mean "en-US"?)`},
	} {
		ok, hint := languageCode(tc.code)
		if ok != tc.ok || hint != tc.hint {
			t.Errorf("languageCode(%q) = %v, %q; want %v, %q", tc.code, ok, hint, tc.ok, tc.hint)
		}
	}
}

func TestValidSegment(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"eventos", true}, {"años", true}, {"case-studies", true}, {"v1.2", true},
		{"", false}, {".", false}, {"..", false}, {"a/b", false}, {"a b", false},
		{"a\tb", false}, {"a?b", false}, {"a#b", false}, {"a%20b", false}, {`a\b`, false},
	} {
		if got := validSegment(tc.s); got != tc.ok {
			t.Errorf("validSegment(%q) = %v, want %v", tc.s, got, tc.ok)
		}
	}
}
