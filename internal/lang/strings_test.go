package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/puente-ssg/puente/internal/diag"
)

var enESPT = []string{"en", "es", "pt"}

// site returns a file system holding files under layouts/i18n.
func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys["layouts/i18n/"+name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func messages(l diag.List) []string {
	var out []string
	for _, e := range l.Sorted() {
		out = append(out, e.Error())
	}
	return out
}

func TestLoadStringsGood(t *testing.T) {
	s, errs := LoadStrings(os.DirFS("testdata"), "i18n", enESPT)
	if len(errs) > 0 {
		t.Fatalf("unexpected problems:\n%v", errs)
	}
	if got, want := s.Keys(), []string{"next", "page_of", "read_more"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		code, key string
		args      []any
		want      string
	}{
		{"en", "read_more", nil, "Read more"},
		{"es", "read_more", nil, "Leer más"},
		{"pt", "next", nil, "Próxima"},
		{"es", "page_of", []any{2, 7}, "Página 2 de 7"},
		{"en", "page_of", nil, "Page %d of %d"}, // no args: the string as written
	} {
		got, err := s.T(tc.code, tc.key, tc.args...)
		if err != nil || got != tc.want {
			t.Errorf("T(%q, %q, %v) = %q, %v; want %q", tc.code, tc.key, tc.args, got, err, tc.want)
		}
	}
	if !s.Has("pt", "read_more") || s.Has("pt", "nope") || s.Has("fr", "read_more") {
		t.Error("Has answers wrongly")
	}
}

func TestTErrors(t *testing.T) {
	s, errs := LoadStrings(os.DirFS("testdata"), "i18n", enESPT)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var none *Strings
	empty, errs := LoadStrings(fstest.MapFS{}, "layouts/i18n", enESPT)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		s         *Strings
		code, key string
		args      []any
		want      string
	}{
		{s, "pt", "x", nil, `no UI string "x" for language "pt"`},
		{s, "fr", "read_more", nil, `no UI string "read_more" for language "fr"`},
		{s, "en", "read_mroe", nil, `no UI string "read_mroe" for language "en" (did you mean "read_more"?)`},
		{none, "en", "read_more", nil, `no UI string "read_more" for language "en"`},
		{empty, "en", "read_more", nil, `no UI string "read_more" for language "en"`},
		{s, "en", "page_of", []any{"two"}, `UI string "page_of" for language "en": arguments do not fit "Page %d of %d": Page %!d(string=two) of %!d(MISSING)`},
	} {
		got, err := tc.s.T(tc.code, tc.key, tc.args...)
		if err == nil || err.Error() != tc.want || got != "" {
			t.Errorf("T(%q, %q) = %q, %v; want error %s", tc.code, tc.key, got, err, tc.want)
		}
	}
	if none.Has("en", "x") || none.Keys() != nil || len(empty.Keys()) != 0 {
		t.Error("nil or empty Strings claims to have strings")
	}
}

func TestLoadStringsProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		codes []string
		want  []string
	}{
		{
			name: "missing key",
			files: map[string]string{
				"en.yaml": "next: Next\nprev: Previous\n\n\nread_more: Read more\n",
				"es.yaml": "next: Siguiente\nprev: Anterior\nread_more: Leer más\n",
				"pt.yaml": "next: Próxima\nprev: Anterior\n",
			},
			want: []string{`layouts/i18n/pt.yaml:1: missing key "read_more" (present in layouts/i18n/en.yaml:5)`},
		},
		{
			name: "key only in a later language",
			files: map[string]string{
				"en.yaml": "next: Next\n",
				"es.yaml": "next: Siguiente\n",
				"pt.yaml": "next: Próxima\nshare: Compartilhar\n",
			},
			want: []string{
				`layouts/i18n/en.yaml:1: missing key "share" (present in layouts/i18n/pt.yaml:2)`,
				`layouts/i18n/es.yaml:1: missing key "share" (present in layouts/i18n/pt.yaml:2)`,
			},
		},
		{
			name: "wrong types",
			files: map[string]string{
				"en.yaml": "count: 3\nok: true\nnested:\n  a: b\nlist: [a, b]\nempty:\nwhen: 2019-10-07\nfine: Fine\n",
			},
			codes: []string{"en"},
			want: []string{
				`layouts/i18n/en.yaml:1: count: want a string, got the number 3 (quote it: "3")`,
				`layouts/i18n/en.yaml:2: ok: want a string, got the boolean true (quote it: "true")`,
				`layouts/i18n/en.yaml:4: nested: want a string, got a nested mapping`,
				`layouts/i18n/en.yaml:5: list: want a string, got a list`,
				`layouts/i18n/en.yaml:6: empty: want a string, got nothing`,
				`layouts/i18n/en.yaml:7: when: want a string, got the date 2019-10-07 (quote it: "2019-10-07")`,
			},
		},
		{
			name: "a bad value still counts as present",
			files: map[string]string{
				"en.yaml": "count: 3\n",
				"es.yaml": "count: \"3\"\n",
			},
			codes: []string{"en", "es"},
			want:  []string{`layouts/i18n/en.yaml:1: count: want a string, got the number 3 (quote it: "3")`},
		},
		{
			name: "missing file",
			files: map[string]string{
				"en.yaml": "next: Next\n",
				"pt.yml":  "next: Próxima\n",
			},
			want: []string{
				`layouts/i18n/es.yaml: missing UI strings for language "es" (want layouts/i18n/es.yaml)`,
				`layouts/i18n/pt.yaml: missing UI strings for language "pt" (want layouts/i18n/pt.yaml; found layouts/i18n/pt.yml, rename it to pt.yaml)`,
			},
		},
		{
			name: "not a mapping",
			files: map[string]string{
				"en.yaml": "next: Next\n",
				"es.yaml": "# Spanish\n- a\n- b\n",
				"pt.yaml": "just words\n",
			},
			want: []string{
				`layouts/i18n/es.yaml:2: want a mapping of key: string, got a list`,
				`layouts/i18n/pt.yaml:1: want a mapping of key: string, got the string "just words"`,
			},
		},
		{
			name: "syntax error",
			files: map[string]string{
				"en.yaml": "next: Next\nprev: \"Previous\n",
				"es.yaml": "next: Siguiente\n",
			},
			codes: []string{"en", "es"},
			want:  []string{`layouts/i18n/en.yaml:2: found unexpected end of stream`},
		},
		{
			name: "duplicate key",
			files: map[string]string{
				"en.yaml": "next: Next\nnext: Onwards\n",
			},
			codes: []string{"en"},
			want:  []string{`layouts/i18n/en.yaml:2: key "next" given twice (first at line 1)`},
		},
		{
			name: "two documents",
			files: map[string]string{
				"en.yaml": "next: Next\n---\nprev: Previous\n",
			},
			codes: []string{"en"},
			want:  []string{`layouts/i18n/en.yaml:2: more than one YAML document (want one mapping of key: string)`},
		},
		{
			name: "empty and comment-only files are empty mappings",
			files: map[string]string{
				"en.yaml": "",
				"es.yaml": "# nothing yet\n",
				"pt.yaml": "next: Próxima\n",
			},
			want: []string{
				`layouts/i18n/en.yaml:1: missing key "next" (present in layouts/i18n/pt.yaml:1)`,
				`layouts/i18n/es.yaml:1: missing key "next" (present in layouts/i18n/pt.yaml:1)`,
			},
		},
		{
			name: "aliases to strings are strings",
			files: map[string]string{
				"en.yaml": "next: &n Next\nonwards: *n\n",
			},
			codes: []string{"en"},
		},
		{
			name: "unlisted language",
			files: map[string]string{
				"en.yaml":   "next: Next\n",
				"esp.yaml":  "next: Siguiente\n",
				"README.md": "notes\n",
			},
			codes: []string{"en", "es"},
			want: []string{
				`layouts/i18n/es.yaml: missing UI strings for language "es" (want layouts/i18n/es.yaml)`,
				`layouts/i18n/esp.yaml: warning: UI strings for language "esp", which the site does not list (did you mean "es"?)`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			codes := tc.codes
			if codes == nil {
				codes = enESPT
			}
			s, errs := LoadStrings(site(tc.files), "layouts/i18n", codes)
			if s == nil {
				t.Fatal("LoadStrings returned a nil *Strings")
			}
			if got := messages(errs); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestLoadStringsNoFolder(t *testing.T) {
	fsys := fstest.MapFS{"layouts/page.html": {Data: []byte("x")}}
	s, errs := LoadStrings(fsys, "layouts/i18n", enESPT)
	if len(errs) != 0 || s == nil || len(s.Keys()) != 0 {
		t.Errorf("LoadStrings without layouts/i18n = %v, %v; want empty strings and no problems", s, errs)
	}
	fsys = fstest.MapFS{"layouts/i18n": {Data: []byte("x")}}
	_, errs = LoadStrings(fsys, "layouts/i18n", enESPT)
	want := []string{`layouts/i18n: want a folder of UI strings (layouts/i18n/<language>.yaml), got a file`}
	if got := messages(errs); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzLoadStrings(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/i18n/*.yaml")
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "# c\n", "a: 1\n", "a:\n  b: c\n", "- a\n", "a: &x b\nc: *x\n", "<<: {a: b}\n",
		"a: \"unterminated\n", "a: b\n---\nc: d\n", "a: b\na: c\n", "? [a]\n: b\n", "\t", "a: !!binary aGk=\n",
		"x: |\n  multi\n  line\n", "{a: b, c: [d]}", "---\n...\n---\n",
	} {
		f.Add([]byte(s))
	}
	const other = "read_more: Read more\nnext: Next\n"
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := site(map[string]string{"en.yaml": other, "es.yaml": string(data)})
		s, errs := LoadStrings(fsys, "layouts/i18n", []string{"en", "es"})
		if s == nil {
			t.Fatal("nil *Strings")
		}
		lines := map[string]int{
			"layouts/i18n/en.yaml": strings.Count(other, "\n") + 1,
			"layouts/i18n/es.yaml": bytes.Count(data, []byte("\n")) + 1,
		}
		for _, e := range errs {
			n, ok := lines[e.Pos.File]
			if !ok {
				t.Errorf("problem in unexpected file: %v", e)
				continue
			}
			if e.Pos.Line < 0 || e.Pos.Line > n {
				t.Errorf("line outside the file (%d lines): %v", n, e)
			}
			if e.Msg == "" {
				t.Errorf("empty message at %v", e.Pos)
			}
		}
		for _, k := range s.Keys() {
			for _, code := range []string{"en", "es"} {
				if _, err := s.T(code, k); err != nil && s.Has(code, k) {
					t.Errorf("Has(%q, %q) but T fails: %v", code, k, err)
				}
			}
		}
	})
}
