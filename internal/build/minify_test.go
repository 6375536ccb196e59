package build_test

import (
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

const indentedEvent = `-- layouts/event.html --
{{ define "main" }}
<article>
    <h1>{{ .Title }}</h1>
    <div class="prose">
        {{ .Content }}
    </div>
</article>
{{ end }}
`

const kickoffBody = "The \"kickoff\" event.\n\n## Agenda\n\n- one\n- two\n\n```\ncode\n  indented\n```\n"

// minifiedBuild builds src minified, and not, and returns both sites.
func minifiedBuild(t *testing.T, src string) (min, raw *sitetest.Site) {
	t.Helper()
	src = strings.Replace(src, "The \"kickoff\" event.\n", kickoffBody, 1)
	min, raw = sitetest.Write(t, src), sitetest.Write(t, src)
	opts := min.Options()
	opts.Minify = true
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	raw.Build()
	return min, raw
}

// A build minifies the layouts once and each body as it is converted, not
// each whole page: the pages come out minified all the same, and mean what
// minifying each whole page would make them mean.
func TestPagesComeOutMinified(t *testing.T) {
	min, raw := minifiedBuild(t, readFixture(t, "basic.txtar")+indentedEvent)
	want := `<article><h1>Kickoff</h1><div class="prose"><p>The “kickoff” event.</p><h2 id="agenda">Agenda</h2><ul><li>one</li><li>two</li></ul><pre><code>code
  indented
</code></pre></div></article>`
	if page := min.Read("en/events/kickoff/index.html"); !strings.Contains(page, want) {
		t.Errorf("page not minified, want it to hold\n%s\nin\n%s", want, page)
	}

	m := assets.NewMinifier()
	pages := 0
	for _, f := range raw.Files() {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		pages++
		whole, err := m.Minify("text/html", []byte(raw.Read(f)))
		if err != nil {
			t.Fatal(err)
		}
		again, err := m.Minify("text/html", []byte(min.Read(f)))
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(whole) {
			t.Errorf("%s means something else than the page minified whole:\n%s\nwant\n%s", f, again, whole)
		}
	}
	if pages < 20 {
		t.Errorf("compared %d pages", pages)
	}
}

// A layout the build cannot minify on its own (here an action inside an
// HTML comment, which minifying would drop) leaves each page to be
// minified whole.
func TestPagesMinifiedWholeWhenLayoutsCannotBe(t *testing.T) {
	src := readFixture(t, "basic.txtar") + strings.Replace(indentedEvent, "</article>", "<!-- {{ .Title }} -->\n</article>", 1)
	min, _ := minifiedBuild(t, src)
	page := min.Read("en/events/kickoff/index.html")
	if !strings.Contains(page, `<article><h1>Kickoff</h1><div class="prose"><p>The “kickoff” event.</p><h2 id="agenda">Agenda</h2>`) {
		t.Errorf("page not minified:\n%s", page)
	}
}

// Errors in minified layouts, cached partials included, name the lines and
// columns of the layouts as written.
func TestMinifiedLayoutErrors(t *testing.T) {
	src := readFixture(t, "basic.txtar") + strings.Replace(indentedEvent, "</article>", "    {{ partialCached \"partials/facts.html\" . }}\n</article>", 1) + `-- layouts/partials/facts.html --
<dl>
    <dt>Title</dt>
    <dd>{{ .Title }}</dd>
    <dt>Place</dt>
    <dd>{{ .Place }}</dd>
</dl>
`
	for _, minify := range []bool{false, true} {
		s := sitetest.Write(t, src)
		opts := s.Options()
		opts.Minify = minify
		_, _, err := build.Build(opts)
		if err == nil {
			t.Fatal("a missing field built")
		}
		want := `layouts/event.html:7:7: template: partials/facts.html:5:11: executing "partials/facts.html" at <.Place>: can't evaluate field Place`
		if !strings.Contains(err.Error(), want) {
			t.Errorf("minify %v: errors\n%v\nwant one starting %s", minify, err, want)
		}
	}
}
