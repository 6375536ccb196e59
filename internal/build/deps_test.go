package build_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// recordLayouts read a field no code of the build names (Weight), a
// method of a page (Switcher, in baseof), a model-reading function
// (sectionFeed), a function of another page (xdefault of the home page)
// and a cached partial that reads a field of its own.
const recordLayouts = `-- layouts/single.html --
{{ define "main" }}single {{ .Title }} weight {{ .Weight }} feed {{ sectionFeed "events" }} home {{ (xdefault .Site.Home).URL }}
{{ partialCached "partials/stamp.html" . .Key }}{{ .Content }}{{ end }}
-- layouts/partials/stamp.html --
stamp {{ .Lastmod.Year }}
`

// TestRecorderHearsEveryReadAndCall checks what a page's record holds:
// fields read by name alone, methods, calls and cached partials.
func TestRecorderHearsEveryReadAndCall(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+recordLayouts)
	site, errs := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	r, err := render.New(site.Templates, site.Model, site.Strings, site.Assets, render.Options{Record: true, Source: os.DirFS(s.Dir)})
	if err != nil {
		t.Fatal(err)
	}
	const page = "en/about/index.html"
	for _, p := range site.Model.Pages {
		if p.OutputPath == page {
			var b strings.Builder
			if errs := r.Page(&b, p); errs.HasErrors() {
				t.Fatal(errs)
			}
		}
	}
	rec := r.Records()[page]
	if rec == nil {
		t.Fatalf("no record of %s", page)
	}
	reads := rec.Reads()
	for _, want := range []render.PageField{{Page: page, Field: "Weight"}, {Page: page, Field: "Title"}, {Page: page, Field: "File"}, {Page: page, Field: ""}, {Page: "en/index.html", Field: ""}} {
		if !slices.Contains(reads, want) {
			t.Errorf("record lacks %+v; has %+v", want, reads)
		}
	}
	if !slices.Contains(rec.Calls(), "sectionFeed") {
		t.Errorf("record lacks the call of sectionFeed: %v", rec.Calls())
	}
	if slices.Contains(rec.Calls(), "dateRange") || slices.Contains(rec.Calls(), "partialCached") || slices.Contains(rec.Calls(), "xdefault") {
		t.Errorf("record has calls it need not make again: %v", rec.Calls())
	}
	if len(rec.Partials()) != 1 || !slices.Contains(rec.Partials()[0].Reads(), render.PageField{Page: page, Field: "Lastmod"}) {
		t.Errorf("the cached partial's reads are not linked: %v", rec.Partials())
	}
}

// TestContentEditRendersWhatReadsIt checks that a title edit renders the
// pages that show the title, not the whole site, and that the result is
// the full build's.
func TestContentEditRendersWhatReadsIt(t *testing.T) {
	s, sess, out := servedBasic(t)
	all := sess.Rendered()
	const name = "content/events/old.en.md"
	retitle(t, s, sess, out, name)
	if n := sess.Rendered(); n >= all || n == 0 {
		t.Errorf("a title edit rendered %d files of %d", n, all)
	}
}

// retitle edits the title of the content file name, rebuilds, and checks
// that serve's files are a full build's.
func retitle(t *testing.T, s *sitetest.Site, sess *build.Session, out *memOut, name string) {
	t.Helper()
	s.WriteFile(name, strings.Replace(readFile(t, s, name), "title: ", "title: Renamed ", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{name}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("after a title edit: %s", strings.Join(d, "\n"))
	}
}

// TestCallsAreMadeAgainInTheirLanguage checks that a call a page of one
// language made is made again in that language: sectionFeed "events" is
// another URL in each, and an edit that leaves every language's list of
// events as it was renders none of them again.
func TestCallsAreMadeAgainInTheirLanguage(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- layouts/list.html --
{{ define "main" }}list {{ .Kind }} {{ .Title }} feed {{ sectionFeed "events" }}
{{ template "partials/items.html" .Items }}{{ end }}
`)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	lists := regexp.MustCompile(`^(en/events|es/eventos|pt/eventos)/(page/[0-9]+/)?index\.html$`)
	var before []string
	for p := range out.files {
		if lists.MatchString(p) {
			before = append(before, p)
		}
	}
	if len(before) < 3 {
		t.Fatalf("the fixture has too few lists of events: %v", before)
	}
	// The about page is in no list of events, in no language.
	const name = "content/about.en.md"
	retitle(t, s, sess, out, name)
	for _, p := range sess.RenderedPaths() {
		if lists.MatchString(p) {
			t.Errorf("a title edit of a page no list of events shows rendered %s again", p)
		}
	}
}

// TestFunctionsOfAPageAreReadsOfIt: a function of one page (eventJSONLD)
// that a list calls for each of its items is a read of that item, not a
// call made again: an edit of what only the function shows (an event's
// location) renders the list again, and a title edit of a page the list
// does not show does not.
func TestFunctionsOfAPageAreReadsOfIt(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- layouts/list.html --
{{ define "main" }}list {{ .Kind }}{{ range .Items }} {{ eventJSONLD .Page }}{{ end }}{{ end }}
`)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	const list = "en/events/index.html"
	if !strings.Contains(string(out.files[list]), "Brussels") {
		t.Fatalf("the list of events does not show the kickoff's location:\n%s", out.files[list])
	}
	retitle(t, s, sess, out, "content/about.en.md")
	if slices.Contains(sess.RenderedPaths(), list) {
		t.Errorf("a title edit of a page the list does not show rendered %s again", list)
	}
	const kickoff = "content/events/kickoff.en.md"
	s.WriteFile(kickoff, strings.Replace(readFile(t, s, kickoff), "location: Brussels", "location: Lisbon", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{kickoff}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if !strings.Contains(string(out.files[list]), "Lisbon") {
		t.Errorf("after the kickoff moved, the list of events still shows:\n%s", out.files[list])
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("serve differs from a full build:\n%s", strings.Join(d, "\n"))
	}
}

// TestPagesComingAndGoingRenderWhatReadsThem checks edits that add,
// remove or move pages: a new file, a translation added, a slug changed,
// a file renamed and one deleted. Each renders fewer files than the site
// has, removes the outputs no longer made, and leaves what a full build
// writes.
func TestPagesComingAndGoingRenderWhatReadsThem(t *testing.T) {
	s, sess, out := servedBasic(t)
	all := sess.Rendered()
	const event = "---\ntitle: Workshop\nstart: 2019-05-02\nlocation: Lima\nregions: [mexico-guatemala]\nthemes: [innovation]\n---\nA workshop.\n"
	for _, step := range []struct {
		what    string
		changed []string
		apply   func()
	}{
		{"a file added", []string{"content/events/workshop.en.md"}, func() { s.WriteFile("content/events/workshop.en.md", event) }},
		{"a translation added", []string{"content/events/workshop.pt.md"}, func() {
			s.WriteFile("content/events/workshop.pt.md", strings.Replace(event, "Workshop", "Oficina", 1))
		}},
		{"a slug changed", []string{"content/events/workshop.pt.md"}, func() {
			s.WriteFile("content/events/workshop.pt.md", strings.Replace(event, "title: Workshop", "title: Oficina\nslug: oficina", 1))
		}},
		{"a file renamed", []string{"content/events/workshop.en.md", "content/events/seminar.en.md"}, func() {
			s.WriteFile("content/events/seminar.en.md", readFile(t, s, "content/events/workshop.en.md"))
			s.Remove("content/events/workshop.en.md")
		}},
		{"a file deleted", []string{"content/events/old.pt.md"}, func() { s.Remove("content/events/old.pt.md") }},
		{"a translation deleted", []string{"content/events/workshop.pt.md"}, func() { s.Remove("content/events/workshop.pt.md") }},
	} {
		step.apply()
		if _, errs := sess.Rebuild(out, build.RenderOptions{}, step.changed, sitetest.Now); errs.HasErrors() {
			t.Fatalf("%s: %v", step.what, errs)
		}
		if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
			t.Fatalf("after %s: %s", step.what, strings.Join(d, "\n"))
		}
		if n := sess.Rendered(); n >= all || n == 0 {
			t.Errorf("%s: rendered %d files of %d", step.what, n, all)
		}
		t.Logf("%s: rendered %d files of %d", step.what, sess.Rendered(), all)
	}
}

// TestOutputsMadeFromPagesFollowTheirPages: a sitemap, calendar or search
// index is made again after an edit when a page it is made from changed
// in a field it reads, and not when none did. The English event's title
// shows in the English calendar and search index, not in the sitemap,
// which its last change does; its Spanish and Portuguese versions, which
// those languages' outputs list, are as they were.
func TestOutputsMadeFromPagesFollowTheirPages(t *testing.T) {
	s, sess, out := servedBasic(t)
	const name = "content/events/old.en.md"
	retitle(t, s, sess, out, name)
	made := sess.RenderedPaths()
	for _, want := range []string{"en/events/calendar.ics", "en/search/t-o.json"} {
		if !slices.Contains(made, want) {
			t.Errorf("a title edit did not make %s again; made %v", want, made)
		}
	}
	if slices.Contains(made, "en/sitemap.xml") {
		t.Error("a title edit made the sitemap again, which shows no title")
	}
	s.WriteFile(name, strings.Replace(readFile(t, s, name), "\ntitle: ", "\nlastmod: 2024-05-06\ntitle: ", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{name}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if !slices.Contains(sess.RenderedPaths(), "en/sitemap.xml") || !strings.Contains(string(out.files["en/sitemap.xml"]), "2024-05-06") {
		t.Errorf("a lastmod edit did not make the sitemap again: %s", out.files["en/sitemap.xml"])
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("after a lastmod edit: %s", strings.Join(d, "\n"))
	}
	for _, p := range made {
		if (strings.HasPrefix(p, "es/") || strings.HasPrefix(p, "pt/")) && (strings.HasSuffix(p, "sitemap.xml") || strings.HasSuffix(p, ".ics") || strings.Contains(p, "/search/")) {
			t.Errorf("a title edit of an English page made %s again", p)
		}
	}
}
