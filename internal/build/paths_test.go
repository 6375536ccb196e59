package build_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/site"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// countingOutput records how many times each path is written.
type countingOutput struct {
	mu     sync.Mutex
	writes map[string]int
}

func (c *countingOutput) WriteFile(name string, _ []byte) error {
	c.mu.Lock()
	c.writes[name]++
	c.mu.Unlock()
	return nil
}

// The model refuses aliases on other outputs' paths (see the alias cases
// in testdata/broken); the pipeline refuses two outputs on one path
// whatever let them through. Here aliases are slipped into a loaded model
// past its checks: rendering names both writers, at the alias's file, and
// writes no path twice.
func TestRenderRefusesTwoOutputsOnOnePath(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	s.WriteFile("assets/css/base.css", "body{margin:0}")
	loaded, errs := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	var about *site.Page
	for _, p := range loaded.Model.Pages {
		if p.File != nil && p.File.Path == "content/about.en.md" {
			about = p
		}
	}
	asset := ""
	for _, e := range loaded.Assets.Entries() {
		asset = "/" + e.Path
	}
	for _, a := range []string{"/robots.txt", "/en/index.xml", "/en/search.json", "/en/events/kickoff/index.html", "/index.html", asset, "/" + build.MarkerFile} {
		loaded.Model.Aliases = append(loaded.Model.Aliases, site.Alias{Path: a, Page: about})
	}
	out := &countingOutput{writes: map[string]int{}}
	_, _, rerrs := build.Render(loaded, out, build.RenderOptions{})
	got := rerrs.Error()
	for _, want := range []string{
		"content/about.en.md: the alias /robots.txt in content/about.en.md and robots.txt both write robots.txt; every output needs a path of its own",
		"content/about.en.md: the alias /en/index.xml in content/about.en.md and the en feed both write en/index.xml",
		"content/about.en.md: the alias /en/search.json in content/about.en.md and the en search index both write en/search.json",
		"content/about.en.md: the page of content/events/kickoff.en.md and the alias /en/events/kickoff/index.html in content/about.en.md both write en/events/kickoff/index.html",
		"content/about.en.md: the language chooser and the alias /index.html in content/about.en.md both write index.html",
		"content/about.en.md: the alias /.puente-build in content/about.en.md writes .puente-build, the file that marks a folder as puente's",
		"content/about.en.md: the alias " + asset + " in content/about.en.md and the asset assets/css/site.css both write " + strings.TrimPrefix(asset, "/"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack\n%s\ngot\n%s", want, got)
		}
	}
	for name, n := range out.writes {
		if n > 1 {
			t.Errorf("%s written %d times", name, n)
		}
	}
}
