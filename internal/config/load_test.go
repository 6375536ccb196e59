package config

import (
	"strings"
	"testing"
)

const valid = `baseURL: https://example.org
defaultLanguage: es
languages:
  en: {name: English, title: Cooperation}
  es: {name: Español, title: Cooperación}
segments:
  events: {en: events, es: eventos}
themes:
  cross-border:
    name: {en: Cross-border, es: Transfronteriza}
    description: {en: Across., es: A través.}
menus:
  main: [events, themes]
pagination: 5
markdown:
  unsafeHTML: true
bundles:
  css/site.css: [css/a.css, css/b.css]
`

func TestParseValid(t *testing.T) {
	c, errs := Parse([]byte(valid))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if c.BaseURL.String() != "https://example.org/" {
		t.Errorf("baseURL = %s", c.BaseURL)
	}
	if c.DefaultLanguage != "es" || len(c.Languages) != 2 || c.Languages[1].Name != "Español" || c.Languages[0].Title != "Cooperation" {
		t.Errorf("languages = %+v, default %s", c.Languages, c.DefaultLanguage)
	}
	if c.Segment("events", "es") != "eventos" || c.Segment("regions", "es") != "regions" {
		t.Errorf("segments = %v", c.Segments)
	}
	if th, ok := c.Theme("cross-border"); !ok || th.Name["es"] != "Transfronteriza" || th.Description["en"] != "Across." {
		t.Errorf("theme = %+v", th)
	}
	if strings.Join(c.Menus["main"], ",") != "events,themes" || c.Pagination != 5 || !c.Markdown.UnsafeHTML {
		t.Errorf("menus %v, pagination %d, markdown %+v", c.Menus, c.Pagination, c.Markdown)
	}
	if strings.Join(c.Bundles["css/site.css"], ",") != "css/a.css,css/b.css" {
		t.Errorf("bundles = %v", c.Bundles)
	}
	if c.Lines["themes"] != 8 || c.Lines["themes.cross-border"] != 9 {
		t.Errorf("lines = %v", c.Lines)
	}
}

func TestParseErrors(t *testing.T) {
	base := "baseURL: https://example.org/\nlanguages:\n  en: {name: English}\n  es: {name: Español}\n"
	for _, tc := range []struct{ name, in, want string }{
		{"unknown top key", base + "langauges: x\n", `site.yaml:5:1: unknown key "langauges" (did you mean "languages"?)`},
		{"unknown nested key", base + "markdown:\n  unsafeHtml: true\n", `site.yaml:6:3: markdown: unknown key "unsafeHtml" (did you mean "unsafeHTML"?)`},
		{"unknown language field", "baseURL: https://example.org/\nlanguages:\n  en: {name: English, tittle: X}\n", `site.yaml:3:23: languages: en: unknown key "tittle" (did you mean "title"?)`},
		{"pagination word", base + "pagination: twenty\n", `site.yaml:5:13: pagination: "twenty" is not a whole number`},
		{"pagination zero", base + "pagination: 0\n", `site.yaml:5:13: pagination: 0 items per page; want 1 or more`},
		{"bad base URL", "baseURL: example.org\nlanguages:\n  en: {name: English}\n", `site.yaml:1:10: baseURL: "example.org" is not an absolute http(s) URL like https://example.org/`},
		{"missing base URL", "languages:\n  en: {name: English}\n", `site.yaml:1: missing baseURL: where the site is published, like https://example.org/`},
		{"missing languages", "baseURL: https://example.org/\n", `site.yaml:1: missing languages`},
		{"bad default", base + "defaultLanguage: fr\n", `site.yaml:5:18: defaultLanguage: "fr" is not one of the languages (en, es)`},
		{"bad language code", "baseURL: https://example.org/\nlanguages:\n  English: {name: English}\n", `site.yaml:3:3: languages: "English" is not a language code like en, es or pt-BR`},
		{"segment with slash", base + "segments:\n  events: {en: events, es: even/tos}\n", `site.yaml:6:28: segments: events: es: "even/tos" is not one URL segment`},
		{"segment missing a language", base + "segments:\n  events: {en: events}\n", `site.yaml:6:11: segments: events: missing the es segment`},
		{"theme missing a name", base + "themes:\n  x:\n    name: {en: X}\n", `site.yaml:7:11: themes: x: name: missing the es text`},
		{"theme bad key", base + "themes:\n  Cross Border:\n    name: {en: X, es: Y}\n", `site.yaml:6:3: themes: "Cross Border" is not a theme key`},
		{"syntax error", base + "menus:\n  main: [a, b\n", `not valid YAML`},
		{"tab indentation", base + "menus:\n\tmain: [a]\n", `site.yaml:6: not valid YAML: found character that cannot start any token`},
		{"duplicate key", base + "pagination: 3\npagination: 4\n", `site.yaml:6:1: duplicate key "pagination"`},
		{"alias bomb", base + "menus:\n  a: &a [x, x]\n  b: [*a, *a]\n", `anchors and aliases (& and *) are not supported`},
		{"wrong type", base + "menus: regions\n", `site.yaml:5:8: menus: want a mapping of menus`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Parse([]byte(tc.in))
			if !strings.Contains(errs.Error(), tc.want) {
				t.Errorf("errors:\n%v\nwant one containing:\n%s", errs, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte("baseURL: [\n"))
	f.Add([]byte("a: &a [x]\nb: *a\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, errs := Parse(data)
		if c == nil {
			t.Fatal("nil config")
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range errs {
			if e.Pos.Line > lines+1 {
				t.Fatalf("error %q at line %d of a %d-line file", e.Msg, e.Pos.Line, lines)
			}
		}
	})
}
