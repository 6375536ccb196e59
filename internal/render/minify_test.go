package render

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/puente-ssg/puente/internal/assets"
)

func TestScanActions(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{`<p>{{ .Title }}</p>`, []string{`{{ .Title }}`}},
		{"a{{- /* the page's own }} menu */ -}}b{{end}}", []string{"{{- /* the page's own }} menu */ -}}", "{{end}}"}},
		{`{{ printf "}}" }}{{ printf "%c" '}' }}`, []string{`{{ printf "}}" }}`, `{{ printf "%c" '}' }}`}},
		{"{{ printf `a }} b` }}x", []string{"{{ printf `a }} b` }}"}},
		{`{{ printf "\"}}" }}`, []string{`{{ printf "\"}}" }}`}},
		{`no actions`, nil},
	} {
		spans, err := scanActions(tc.src)
		if err != nil {
			t.Errorf("scanActions(%q): %v", tc.src, err)
			continue
		}
		var got []string
		for _, s := range spans {
			got = append(got, tc.src[s[0]:s[1]])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("scanActions(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
	if _, err := scanActions(`<p>{{ .Title </p>`); err == nil {
		t.Error("an unclosed action was accepted")
	}
}

const indentedPage = `{{ define "main" }}
<article>
    <h1>{{ .Title }}</h1>
    {{- /* a comment the minifier must not read: it's got "}}" in it */ -}}
    <ul>
        {{ range .Items }}
        <li>{{ .Name }}</li>
        {{ end }}
    </ul>
    <p>
        {{ .Missing }}
    </p>
</article>
{{ end }}`

func minifiedFixture(t *testing.T, files fstest.MapFS) (orig, min *Templates) {
	t.Helper()
	orig, errs := Load(files)
	if errs.HasErrors() {
		t.Fatal(errs.Error())
	}
	return orig, orig.Minified(assets.NewMinifier())
}

func TestMinifiedLayouts(t *testing.T) {
	orig, min := minifiedFixture(t, fstest.MapFS{
		"layouts/baseof.html": {Data: []byte("<!DOCTYPE html>\n<html>\n  <body>\n    {{ block \"main\" . }}{{ end }}\n  </body>\n</html>\n")},
		"layouts/page.html":   {Data: []byte(indentedPage)},
	})
	if min == nil {
		t.Fatal("the layouts were not minified")
	}
	if orig.Minified(assets.NewMinifier()) != min {
		t.Error("Minified made the layouts again")
	}
	src := min.sources["layouts/page.html"]
	for _, want := range []string{"<article><h1>{{ .Title }}</h1>", "{{ range .Items }}", "<li>{{ .Name }}</li>"} {
		if !strings.Contains(src, want) {
			t.Errorf("minified layout lacks %q:\n%s", want, src)
		}
	}
	if strings.Contains(src, "\n    ") {
		t.Errorf("indentation kept:\n%s", src)
	}
	if !min.usesBase["layouts/page.html"] {
		t.Error("the minified page layout no longer fills the base")
	}

	// Each action maps back to where it is written.
	sm := min.positions["layouts/page.html"]
	for _, s := range sm.spans {
		line, col := lineCol(sm.min, s.min+1)
		wantLine, wantCol := lineCol(sm.orig, s.orig+1)
		if gotLine, gotCol := sm.position(line, col); gotLine != wantLine || gotCol != wantCol {
			t.Errorf("action %q: %d:%d maps to %d:%d, want %d:%d", sm.orig[s.orig:s.orig+s.len], line, col, gotLine, gotCol, wantLine, wantCol)
		}
	}
}

// An error while rendering a minified layout names the line and column of
// the layout as written, the same as when it is not minified.
func TestMinifiedLayoutErrorPositions(t *testing.T) {
	orig, min := minifiedFixture(t, fstest.MapFS{
		"layouts/page.html": {Data: []byte(indentedPage)},
	})
	if min == nil {
		t.Fatal("the layouts were not minified")
	}
	type item struct{ Name string }
	data := struct {
		Title string
		Items []item
	}{"T", []item{{"a"}}}
	execError := func(tm *Templates) error {
		err := tm.sets["layouts/page.html"].ExecuteTemplate(io.Discard, "main", data)
		if err == nil {
			t.Fatal("no error for a missing field")
		}
		return err
	}
	want := orig.errorAt(execError(orig), "layouts/page.html").Error()
	if !strings.HasPrefix(want, "layouts/page.html:11:11: ") {
		t.Fatalf("unminified error = %q, want it at 11:11", want)
	}
	if got := min.errorAt(execError(min), "layouts/page.html").Error(); got != want {
		t.Errorf("minified layout error = %q, want %q", got, want)
	}
	// partialCached hands on its error's message whole, inside the page's.
	if got, want := min.mapError(execError(min)).Error(), execError(orig).Error(); got != want {
		t.Errorf("minified layout error message = %q, want %q", got, want)
	}
	// html/template's own errors carry a line only.
	e := min.errorAt(errors.New(`html/template:layouts/page.html:1: some escaping problem`), "layouts/page.html")
	if e.Pos.Line != 1 || e.Pos.Col != 0 {
		t.Errorf("line-only error mapped to %d:%d", e.Pos.Line, e.Pos.Col)
	}
}

// Layouts whose actions the minifier would not keep are left as written;
// the build then minifies each page whole.
func TestMinifiedLayoutsFallBack(t *testing.T) {
	for name, page := range map[string]string{
		"action in a comment": `{{ define "main" }}<p>a</p><!-- {{ .Title }} --><p>b</p>{{ end }}`,
		"textarea":            `{{ define "main" }}<form><TextArea name="a">  {{ .Title }}  </TextArea></form>{{ end }}`,
	} {
		if _, min := minifiedFixture(t, fstest.MapFS{"layouts/page.html": {Data: []byte(page)}}); min != nil {
			t.Errorf("%s: layouts minified though an action was lost:\n%s", name, min.sources["layouts/page.html"])
		}
	}
}
