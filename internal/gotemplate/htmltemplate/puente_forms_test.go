package template

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	template "github.com/puente-ssg/puente/internal/gotemplate/texttemplate"
)

// TestStringForms checks each escaper's string form against the escaper
// itself on plain strings: every rune of the Basic Multilingual Plane and
// some beyond, invalid UTF-8, and URLs safe and unsafe.
func TestStringForms(t *testing.T) {
	forms := map[string][2]any{
		"htmlEscaper":        {htmlEscaper, htmlEscaperString},
		"attrEscaper":        {attrEscaper, htmlEscaperString},
		"rcdataEscaper":      {rcdataEscaper, htmlEscaperString},
		"htmlNospaceEscaper": {htmlNospaceEscaper, htmlNospaceEscaperString},
		"urlFilter":          {urlFilter, urlFilterString},
		"urlNormalizer":      {urlNormalizer, func(s string) string { return urlProcessorString(true, s) }},
		"urlEscaper":         {urlEscaper, func(s string) string { return urlProcessorString(false, s) }},
	}
	inputs := []string{
		"", " ", "plain", "a & b", `"quoted" 'single'`, "<b>bold</b>", "a\x00b", "\xff\xfe", "é ñ ç",
		"javascript:alert(1)", "JavaScript:x", "vbscript:x", "data:text/html,x", "http://x.org/a b?q=1&r=é#f",
		"https://x.org/%zz/%41", "mailto:a@b.org", "/en/events/x/", "../a:b", "tel:+1", "a\tb\nc=d`e",
		"\ufdd0\ufffe\U0001F600", strings.Repeat("x<", 100),
	}
	for r := rune(0); r < 0x10000; r++ {
		inputs = append(inputs, "a"+string(r)+"b")
	}
	for r := rune(0x10000); r <= utf8.MaxRune; r += 0x1011 {
		inputs = append(inputs, string(r))
	}
	for name, pair := range forms {
		f, form := pair[0].(func(...any) string), pair[1].(func(string) string)
		for _, in := range inputs {
			if want, got := f(in), form(in); want != got {
				t.Errorf("%s(%q) = %q, its string form gives %q", name, in, want, got)
			}
		}
	}
}

// TestStringFormsInPipelines executes templates that print strings in
// every context html/template knows, with the string forms and direct
// calls on and off, and wants the same output: the forms are registered
// and used, and where there is none (scripts, styles) nothing changes.
func TestStringFormsInPipelines(t *testing.T) {
	for _, f := range []func(...any) string{htmlEscaper, attrEscaper, rcdataEscaper, htmlNospaceEscaper, urlFilter, urlNormalizer, urlEscaper} {
		if !template.HasStringForm(f) {
			t.Errorf("%v has no string form registered", reflect.ValueOf(f))
		}
	}
	// Once a template is escaped (at its first execution), the escapers'
	// forms are found by the names the escaper gives them, in it and in
	// its clones.
	tmpl := Must(New("t").Funcs(FuncMap{"id": func(s string) string { return s }}).Parse(`{{.}}`))
	clone := Must(tmpl.Clone())
	for _, tt := range []*Template{tmpl, clone} {
		if err := tt.Execute(io.Discard, "x"); err != nil {
			t.Fatal(err)
		}
	}
	forms := 0
	for name := range funcMap {
		f, _ := funcMap[name].(func(...any) string)
		want := f != nil && template.HasStringForm(f)
		if want {
			forms++
		}
		for _, tt := range []*Template{tmpl, clone} {
			if got := template.HasStringFormNamed(tt.text, name); got != want {
				t.Errorf("%s: string form found by name %v, want %v", name, got, want)
			}
		}
	}
	if forms != 7 {
		t.Errorf("%d escapers with string forms, want 7", forms)
	}
	if template.HasStringFormNamed(tmpl.text, "id") {
		t.Error("id: a function of the template's own has a string form")
	}
	text := `{{range .}}<p title="{{.}}" data-x={{.}}>{{.}}</p><a href="{{.}}">{{.}}</a><a href="/q?x={{.}}&y={{. | printf "%s!"}}">` +
		`<img src="{{.}}" srcset="{{.}} 2x"><textarea>{{.}}</textarea><title>{{.}}</title><meta http-equiv="refresh" content="0; url={{.}}">` +
		`<script>var x = {{.}}; var y = "{{.}}";</script><style>p { color: {{.}} }</style><a href={{.}}>{{.}}</a>` +
		`<a onclick="f({{.}})">{{print . 1}}</a>{{html .}}{{urlquery .}}<!-- {{.}} -->{{end}}`
	data := []any{"", "plain", "a & b <c>", `"q" 'q'`, "javascript:alert(1)", "http://x.org/a b?q=é&r#f", "/en/x/", "\x00\xff",
		HTML("<b>x</b>"), URL("javascript:ok"), 42, nil}
	run := func(fast bool) string {
		defer template.FastPaths(template.FastPaths(fast))
		var b strings.Builder
		if err := Must(New("t").Parse(text)).Execute(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if slow, fast := run(false), run(true); slow != fast {
		t.Errorf("output differs:\n standard: %s\n direct:   %s", slow, fast)
	}
}
