package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/puente-ssg/puente/internal/assets"
)

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

// execute runs a kind file's set on data.
func execute(t *testing.T, tm *Templates, file, name string, data any) (string, error) {
	t.Helper()
	var b strings.Builder
	err := tm.sets[file].ExecuteTemplate(&b, name, data)
	return b.String(), err
}

type fixtureItem struct{ Name string }

type fixtureData struct {
	Title   string
	Items   []fixtureItem
	Missing string
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
	if !min.usesBase["layouts/page.html"] {
		t.Error("the minified page layout no longer fills the base")
	}
	data := fixtureData{Title: "T", Items: []fixtureItem{{"a"}, {"b"}}, Missing: "m"}
	got, err := execute(t, min, "layouts/page.html", baseName, data)
	if err != nil {
		t.Fatal(err)
	}
	want := "<!doctype html><html><body><article><h1>T</h1><ul><li>a</li><li>b</li></ul><p>m</p></article></body></html>"
	if strings.Join(strings.Fields(got), "") != strings.Join(strings.Fields(want), "") || strings.Contains(got, "\n    ") {
		t.Errorf("minified page = %q, want %q (up to the spaces next to actions)", got, want)
	}
	// Minifying the whole page written from the unminified layouts gives
	// the same page, but for spaces kept next to actions.
	plain, err := execute(t, orig, "layouts/page.html", baseName, data)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := assets.NewMinifier().Minify("text/html", []byte(plain))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(strings.Fields(string(whole)), "") != strings.Join(strings.Fields(got), "") {
		t.Errorf("minified layouts give %q, minifying the page gives %q", got, whole)
	}
}

// An error while rendering a minified layout names the line and column of
// the layout as written, the same as when it is not minified: the trees
// keep the positions of the source they were parsed from.
func TestMinifiedLayoutErrorPositions(t *testing.T) {
	orig, min := minifiedFixture(t, fstest.MapFS{
		"layouts/page.html": {Data: []byte(indentedPage)},
	})
	if min == nil {
		t.Fatal("the layouts were not minified")
	}
	data := struct {
		Title string
		Items []fixtureItem
	}{"T", []fixtureItem{{"a"}}}
	execError := func(tm *Templates) error {
		_, err := execute(t, tm, "layouts/page.html", "main", data)
		if err == nil {
			t.Fatal("no error for a missing field")
		}
		return err
	}
	want := templateError(execError(orig), "layouts/page.html").Error()
	if !strings.HasPrefix(want, "layouts/page.html:11:11: ") {
		t.Fatalf("unminified error = %q, want it at 11:11", want)
	}
	if got := templateError(execError(min), "layouts/page.html").Error(); got != want {
		t.Errorf("minified layout error = %q, want %q", got, want)
	}
	if got, want := execError(min).Error(), execError(orig).Error(); got != want {
		t.Errorf("minified layout error message = %q, want %q", got, want)
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
			t.Errorf("%s: layouts minified though an action was lost", name)
		}
	}
}
