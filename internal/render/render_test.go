package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestTemplateErrorPositions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`template: layouts/event.html:12:3: executing "layouts/event.html" at <T "x">: error calling T: no UI string "x" for language "pt"`,
			`layouts/event.html:12:3: no UI string "x" for language "pt"`},
		{`template: partials/nav.html:4: unexpected "}" in operand`, `layouts/partials/nav.html:4: unexpected "}" in operand`},
		{`something else`, `layouts/x.html: something else`},
		{`html/template:layouts/list.html:2:12: no such template "partials/x.html"`, `layouts/list.html:2:12: no such template "partials/x.html"`},
		{`template: layouts/page.html:3:5: executing "main" at <.Titel>: can't evaluate field Titel in type *site.Page`, `layouts/page.html:3:5: can't evaluate field Titel in type *site.Page`},
	} {
		if got := templateError(errors.New(tc.in), "layouts/x.html").Error(); got != tc.want {
			t.Errorf("templateError(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoadReportsSyntaxErrorsWithLines(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/baseof.html":     {Data: []byte("<html>{{ block \"main\" . }}{{ end }}</html>")},
		"layouts/event.html":      {Data: []byte("{{ define \"main\" }}\n{{ .Title }\n{{ end }}")},
		"layouts/page.html":       {Data: []byte("{{ define \"main\" }}ok{{ end }}")},
		"layouts/partials/a.html": {Data: []byte("{{ template \"partials/b.html\" . }}")},
	}
	tmpl, errs := Load(fsys)
	if got := errs.Error(); !strings.Contains(got, "layouts/event.html:2:") {
		t.Errorf("errors = %q, want one at layouts/event.html:2", got)
	}
	if !tmpl.Has("layouts/page.html") || !tmpl.usesBase["layouts/page.html"] {
		t.Error("page.html should fill the base layout")
	}
	if f, ok := tmpl.Lookup("page", false); !ok || f != "layouts/page.html" {
		t.Errorf("lookup page = %q", f)
	}
	if _, ok := tmpl.Lookup("event", false); ok {
		t.Error("a layout that failed to parse was kept")
	}
}

func TestLookupOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/single.html":  {Data: []byte("single")},
		"layouts/default.html": {Data: []byte("default")},
		"layouts/event.html":   {Data: []byte("event")},
	}
	tmpl, errs := Load(fsys)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		kind string
		list bool
		want string
	}{
		{"event", false, "layouts/event.html"},
		{"region", false, "layouts/single.html"},
		{"section", true, "layouts/default.html"},
	} {
		if got, _ := tmpl.Lookup(tc.kind, tc.list); got != tc.want {
			t.Errorf("Lookup(%s) = %s, want %s", tc.kind, got, tc.want)
		}
	}
}

func TestICSFoldingAndEscaping(t *testing.T) {
	var b bytes.Buffer
	c := &icsWriter{w: &b}
	long := "SUMMARY:" + strings.Repeat("é", 60)
	c.line(long)
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
	}
	unfolded := strings.ReplaceAll(strings.TrimSuffix(b.String(), "\r\n"), "\r\n ", "")
	if unfolded != long {
		t.Errorf("unfolding gives %q", unfolded)
	}
	if got := icsEscape("a,b;c\\d\ne"); got != `a\,b\;c\\d\ne` {
		t.Errorf("icsEscape = %q", got)
	}
}

func TestInjection(t *testing.T) {
	doc := []byte(`<html><body class="x"><p>hi</p></body></html>`)
	got := string(injectBeforeBodyEnd(injectAfterBodyStart(doc, "<b>banner</b>"), "<script></script>"))
	if got != `<html><body class="x"><b>banner</b><p>hi</p><script></script></body></html>` {
		t.Errorf("got %s", got)
	}
}
