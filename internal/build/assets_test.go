package build_test

import (
	"crypto/sha512"
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

const assetLayout = `
-- layouts/baseof.html --
<!DOCTYPE html>
<html lang="{{ .Lang }}"><head><title>{{ .Title }}</title>
{{ with asset "css/site.css" }}<link rel="stylesheet" href="{{ .URL }}" integrity="{{ .Integrity }}">{{ end }}
{{ with asset "js/app.js" }}<script src="{{ .URL }}" integrity="{{ .Integrity }}" defer></script>{{ end }}
</head><body>{{ block "main" . }}{{ end }}</body></html>
-- assets/js/app.js --
// A comment that minification drops.
function greet(name) {
  return "hello " + name;
}
-- assets/docs/closing.pdf --
%PDF-1.4 not really
`

var integrityRE = regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)" integrity="(sha384-[^"]+)"`)

func TestAssetsAreFingerprintedMinifiedAndIntegrityChecked(t *testing.T) {
	src := readFixture(t, "basic.txtar")
	src = strings.Replace(src, "-- layouts/baseof.html --", "-- layouts/unused.html --", 1) + assetLayout
	src = strings.Replace(src, "title: Boletim de encerramento\n", "title: Boletim de encerramento\npdf: docs/closing.pdf\n", 1)
	s := sitetest.Write(t, src)
	opts := s.Options()
	opts.Minify = true
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	page := s.Read("en/events/kickoff/index.html")
	refs := integrityRE.FindAllStringSubmatch(page, -1)
	if len(refs) != 2 {
		t.Fatalf("want a stylesheet and a script with integrity, found %d in:\n%s", len(refs), page)
	}
	for _, ref := range refs {
		if !regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`).MatchString(ref[1]) {
			t.Errorf("%s has no content hash in its name", ref[1])
		}
		data := s.Read(strings.TrimPrefix(ref[1], "/"))
		sum := sha512.Sum384([]byte(data))
		// The attribute is read as a browser reads it: html/template writes
		// a "+" of the base64 as &#43;.
		if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); html.UnescapeString(ref[2]) != want {
			t.Errorf("%s: integrity %s, file hashes to %s", ref[1], ref[2], want)
		}
		if strings.Contains(data, "A comment") || strings.Contains(data, "\n  ") {
			t.Errorf("%s is not minified:\n%s", ref[1], data)
		}
	}
	// HTML output is minified too, and still a document.
	if strings.Contains(page, "\n\n") || !strings.HasPrefix(strings.ToLower(page), "<!doctype html>") {
		t.Errorf("HTML not minified or not a document:\n%s", page)
	}
	// Downloads are published under their plain name as well; stylesheets
	// and scripts only under their fingerprinted one.
	s.AssertFile("assets/docs/closing.pdf", "%PDF-1.4")
	for _, f := range s.Files() {
		if (strings.HasSuffix(f, ".css") || strings.HasSuffix(f, ".js")) && !regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`).MatchString(f) {
			t.Errorf("%s is published without a content hash", f)
		}
	}
}

func TestMissingAssetsAreErrorsWithPositions(t *testing.T) {
	src := readFixture(t, "basic.txtar") + `-- layouts/event.html --
{{ define "main" }}{{ with asset "css/missing.css" }}{{ .URL }}{{ end }}{{ end }}
`
	src = strings.Replace(src, "title: Boletim de encerramento\n", "title: Boletim de encerramento\npdf: docs/closin.pdf\n", 1)
	src = strings.Replace(src, "A pilot.", "A pilot. ![Map](/assets/img/map.png)", 1)
	lines := sitetest.Write(t, src).BuildErrors()
	joined := strings.Join(lines, "\n")
	for _, want := range []string{
		`layouts/event.html:1:`,
		`asset "css/missing.css" does not exist in assets/`,
		`content/newsletters/closing.pt.md:3: pdf: "docs/closin.pdf" is not a file in assets/`,
		`content/case-studies/pilot.en.md:7: image "/assets/img/map.png" goes to /assets/img/map.png, which is not a page or file of this site`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors lack %q:\n%s", want, joined)
		}
	}
}
