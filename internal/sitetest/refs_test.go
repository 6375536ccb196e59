package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a test that records its failures.
type recorder struct{ errs []string }

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatal(a ...any)            { r.errs = append(r.errs, fmt.Sprint(a...)) }

// TestCheckReferencesFindsWhatIsBroken gives CheckReferences a small built
// site with one reference of each kind that works and one of each that
// does not, and wants exactly the broken ones.
func TestCheckReferencesFindsWhatIsBroken(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":       `<meta http-equiv=refresh content="0; url=/a/en/"><a href=/en/>out</a>`,
		"en/index.html":    `<h2 id=top>x</h2><a href="/a/en/#top">ok</a><a href="/a/en/#nope">bad id</a><img srcset="/a/x.png 1x, /a/y.png 2x"><link rel=stylesheet href=/a/s.css integrity="sha256-X1cpPtbUO3pfG+6pTg9jh4znb+Uh4fL+4Ce3aOZpCGk="><script src=/a/s.css integrity=sha256-AAAA></script><a href="../en/">relative ok</a>`,
		"404.html":         `<a href="en/">relative in a 404</a>`,
		"x.png":            "",
		"s.css":            `body{background:url(/a/x.png)}`,
		"sitemap.xml":      `<urlset><url><loc>https://h.example/a/en/</loc><xhtml:link href="https://h.example/en/"/></url></urlset>`,
		"robots.txt":       "Sitemap: https://h.example/a/sitemap.xml\n",
		"en/search.json":   `[{"u":"/a/en/"},{"u":"/a/gone/"}]`,
		"en/calendar.ics":  "BEGIN:VEVENT\r\nURL:https://h.example/a/e\r\n n/\r\nEND:VEVENT\r\n",
		"other/index.html": `<a href="https://elsewhere.example/">external</a><a href="mailto:x@y">mail</a>`,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var r recorder
	n := CheckReferences(&r, dir, "https://h.example/a/")
	want := []string{
		"404.html: en/: a relative reference in a 404 page, which is served at any URL",
		"en/index.html: /a/en/#nope: en/index.html has no element with id \"nope\"",
		"en/index.html: /a/y.png: no file y.png in the built site",
		"en/index.html: /a/s.css: integrity sha256-AAAA, but the file's sha256 is X1cpPtbUO3pfG+6pTg9jh4znb+Uh4fL+4Ce3aOZpCGk=",
		"en/search.json: /a/gone/: no file gone/index.html in the built site",
		"index.html: /en/: outside https://h.example/a/, where the site is published",
		"sitemap.xml: https://h.example/en/: outside https://h.example/a/, where the site is published",
	}
	if strings.Join(r.errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(r.errs, "\n"), strings.Join(want, "\n"))
	}
	if n != 10 {
		t.Errorf("%d references resolved, want 10", n)
	}
}
