package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// copySite copies this repository's own site (settings, content, layouts,
// assets) into a temporary folder that a test may edit.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content", "layouts", "assets"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fullBuildWith renders the site in dir from scratch into memory.
func fullBuildWith(t *testing.T, dir string, opts build.LoadOptions) map[string][]byte {
	t.Helper()
	out := &memOut{files: map[string][]byte{}}
	s, errs := build.Load(os.DirFS(dir), opts)
	if errs.HasErrors() {
		t.Fatalf("full build: %v", errs)
	}
	if _, _, errs := build.Render(s, out, build.RenderOptions{}); errs.HasErrors() {
		t.Fatalf("full render: %v", errs)
	}
	return out.files
}

// TestServeSiteHomeLists edits this site as an editor would while serve
// runs with drafts and future pages hidden: the home pages' latest events
// and newsletters must follow every edit, as a full build shows them.
func TestServeSiteHomeLists(t *testing.T) {
	dir := copySite(t)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	opts := build.LoadOptions{Drafts: false, Future: false, Now: now}
	sess := build.NewSession(os.DirFS(dir), opts)
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, now); errs.HasErrors() {
		t.Fatal(errs)
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	newest := func(section, lang string) string {
		t.Helper()
		for _, p := range sess.Site().Model.Pages {
			if p.Kind == "section" && p.Section == section && p.Lang == lang && len(p.Items) > 0 {
				if p.Pager == nil || p.Pager.Number == 1 {
					return p.Items[0].Page.File.Path
				}
			}
		}
		t.Fatalf("no %s in %s", section, lang)
		return ""
	}
	setField := func(text, field, value string) string {
		re := regexp.MustCompile(`(?m)^` + field + `: .*$`)
		if re.MatchString(text) {
			return re.ReplaceAllString(text, field+": "+value)
		}
		return strings.Replace(text, "---\n", "---\n"+field+": "+value+"\n", 1)
	}
	steps := []struct {
		what string
		edit func() []string
	}{
		{"add an event", func() []string {
			name := "content/events/added-event.en.md"
			write(name, "---\ntitle: An added event\nsummary: Added while serving.\nstart: 2026-11-20\nattendance: online\nregions: [cundinamarca-lazio]\n---\nBody.\n")
			return []string{name}
		}},
		{"rename the newest event", func() []string {
			name := newest("events", "es")
			write(name, setField(read(name), "title", "Un evento con otro título"))
			return []string{name}
		}},
		{"move the newest event to another year", func() []string {
			name := newest("events", "en")
			write(name, setField(setField(read(name), "start", "2018-01-10"), "end", "2018-01-11"))
			return []string{name}
		}},
		{"edit the newest newsletter's summary", func() []string {
			name := newest("newsletters", "pt")
			write(name, setField(read(name), "summary", "Um resumo novo."))
			return []string{name}
		}},
		{"edit the newest newsletter's title", func() []string {
			name := newest("newsletters", "en")
			write(name, setField(read(name), "title", "A newsletter renamed"))
			return []string{name}
		}},
	}
	for _, st := range steps {
		changed := st.edit()
		if _, errs := sess.Rebuild(out, build.RenderOptions{EarlyPages: func() {}}, changed, now); errs.HasErrors() {
			t.Fatalf("%s: %v", st.what, errs)
		}
		if d := diffTrees(out.files, fullBuildWith(t, dir, opts)); len(d) > 0 {
			t.Fatalf("%s: serve differs from a full build:\n%s", st.what, strings.Join(d, "\n"))
		}
	}
}

// publishedTree reads what `puente build` published into dir, but for
// the marker that says the folder is a build's (serve has none).
func publishedTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == filepath.Join(dir, build.MarkerFile) {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// A layout that reads the raw Markdown of the pages it lists sees none,
// in serve as in `puente build`: a body reaches a layout only as its own
// page's Content. So a body edit, which renders only its own page (and
// the search indexes, which read bodies' text themselves), leaves serve
// where a build is.
func TestBodiesReachOnlyTheirOwnPage(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- layouts/home.html --
{{ define "main" }}home{{ range $k, $sec := .Site.Sections }}{{ range $sec.Items }} {{ $k }}:{{ len .Page.File.Body }}{{ end }}{{ end }}
{{ end }}
`)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	const name = "content/events/kickoff.en.md"
	s.WriteFile(name, readFile(t, s, name)+"\nA longer body, to change its length.\n")
	out.take()
	// The page, and the search index of each language that lists it.
	n, errs := sess.Rebuild(out, build.RenderOptions{}, []string{name}, sitetest.Now)
	if got := out.take(); errs.HasErrors() || n != strings.Count(got, " ")+1 || !strings.HasPrefix(got, "en/events/kickoff/index.html en/search/p-") || strings.Contains(got, "search.json") {
		t.Fatalf("body edit published %d files: %s: %v", n, got, errs)
	}
	opts := s.Options()
	opts.Now = sitetest.Now
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(out.files, publishedTree(t, filepath.Join(s.Dir, "public"))); len(d) > 0 {
		t.Fatalf("serve differs from puente build:\n%s", strings.Join(d, "\n"))
	}
}

// A body that links to a content file is converted again when the page
// it links to moves, though its own file did not change: the link's
// answer is part of what the kept body depends on (render.Bodies).
func TestKeptBodyFollowsItsLinks(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	const about = "content/about.en.md"
	s.WriteFile(about, strings.Replace(readFile(t, s, about), "[the kickoff](/en/events/kickoff/)", "[the kickoff](/events/kickoff.md)", 1))
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if !strings.Contains(string(out.files["en/about/index.html"]), `href="/en/events/kickoff/"`) {
		t.Fatalf("about does not link to the kickoff:\n%s", out.files["en/about/index.html"])
	}
	const kickoff = "content/events/kickoff.en.md"
	s.WriteFile(kickoff, strings.Replace(readFile(t, s, kickoff), "title: Kickoff\n", "title: Kickoff\nslug: start\n", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{kickoff}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if !strings.Contains(string(out.files["en/about/index.html"]), `href="/en/events/start/"`) {
		t.Errorf("about still links to the old URL:\n%s", out.files["en/about/index.html"])
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("serve differs from a full build:\n%s", strings.Join(d, "\n"))
	}
}

// A body whose links were answered alike across edits (a title edit
// changes no link's answer, so its links are not asked again) is still
// asked again when a page it links to goes away, and when it comes back,
// however the link names it: by URL, with the site's host, by the
// folder's index.html, relatively, or by its file. Those that name it by
// another last element than its slug (index.html, a "..") are asked again
// after any edit that moves a page.
func TestKeptBodyNoticesItsLinkGone(t *testing.T) {
	// A link by file to a file gone goes to another language's page.
	byFile := map[string]bool{"/events/kickoff.md": true, "events/kickoff.md#programme": true}
	for _, link := range []string{"/en/events/kickoff/", "https://example.org/en/events/kickoff/", "/en/events/kickoff/index.html",
		"../events/kickoff/", "../events/kickoff/../kickoff/", "/events/kickoff.md", "events/kickoff.md#programme"} {
		t.Run(link, func(t *testing.T) {
			s := sitetest.Write(t, readFixture(t, "basic.txtar"))
			const about = "content/about.en.md"
			s.WriteFile(about, strings.Replace(readFile(t, s, about), "(/en/events/kickoff/)", "("+link+")", 1))
			sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
			out := &memOut{files: map[string][]byte{}}
			if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
				t.Fatal(errs)
			}
			const kickoff = "content/events/kickoff.en.md"
			original := readFile(t, s, kickoff)
			s.WriteFile(kickoff, strings.Replace(original, "title: Kickoff\n", "title: The kickoff\n", 1))
			if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{kickoff}, sitetest.Now); errs.HasErrors() {
				t.Fatal(errs)
			}
			if err := os.Remove(filepath.Join(s.Dir, kickoff)); err != nil {
				t.Fatal(err)
			}
			_, errs := sess.Rebuild(out, build.RenderOptions{}, []string{kickoff}, sitetest.Now)
			if byFile[link] {
				if errs.HasErrors() {
					t.Fatal(errs)
				}
				if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
					t.Fatalf("with the kickoff gone, serve differs from a full build:\n%s", strings.Join(d, "\n"))
				}
			} else if broken := fmt.Sprintf("content/about.en.md:4: link %q goes to /en/events/kickoff/", link); !strings.Contains(errs.Error(), broken) {
				t.Fatalf("with the kickoff gone, serve reports:\n%v\nwant:\n%s", errs, broken)
			}
			s.WriteFile(kickoff, original)
			if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{kickoff}, sitetest.Now); errs.HasErrors() {
				t.Fatalf("with the kickoff back, serve still reports: %v", errs)
			}
			if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
				t.Fatalf("serve differs from a full build:\n%s", strings.Join(d, "\n"))
			}
		})
	}
}

// What a page's view takes from its body besides the HTML (the table of
// contents, whether it has a video) is kept with the body: a rebuild
// that reuses the body, as after a layout edit, shows them as a full
// build does.
func TestKeptBodyKeepsContentsAndEmbeds(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- layouts/page.html --
{{ define "main" }}page {{ .Title }} toc{{ range .TOC }} {{ .ID }}{{ range .Children }} ({{ .ID }}){{ end }}{{ end }} embeds {{ .Embeds }}
{{ .Content }}{{ end }}
-- content/guide.en.md --
---
title: Guide
---
## One

### One and a half

## Two

https://www.youtube.com/watch?v=dQw4w9WgXcQ

## Three
`)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	const want = "page Guide toc one (one-and-a-half) two three embeds true"
	if got := string(out.files["en/guide/index.html"]); !strings.Contains(got, want) {
		t.Fatalf("guide does not show %q:\n%s", want, got)
	}
	s.WriteFile("layouts/page.html", strings.Replace(readFile(t, s, "layouts/page.html"), "page ", "a page ", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"layouts/page.html"}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if got := string(out.files["en/guide/index.html"]); !strings.Contains(got, "a "+want) {
		t.Fatalf("after a layout edit, guide does not show %q:\n%s", "a "+want, got)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("serve differs from a full build:\n%s", strings.Join(d, "\n"))
	}
}
