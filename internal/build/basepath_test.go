package build_test

import (
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// basePathPage links in every way Markdown can: by file, by URL, with a
// fragment, relatively, by absolute URL, to a download and an image.
const basePathPage = `-- content/guide.en.md --
---
title: Guide
aliases: [/en/old-guide/]
---
[by file](events/kickoff.md), [by file from content](/about.md),
[by URL](/en/events/kickoff/), [with a fragment](/en/about/#top),
[relative](../about/), [absolute](https://example.org/a/b/en/about/),
[a download](/assets/docs/notes.txt) and ![a dot](/assets/img/dot.png).

## Top
-- content/about.en.md --
---
title: About
---
## Top
About.
-- assets/docs/notes.txt --
notes
-- assets/img/dot.png --
PNG
`

func TestBuildUnderABasePath(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+basePathPage)
	opts := s.Options()
	opts.BaseURL = "https://example.org/a/b/"
	if _, _, err := build.Build(opts); err != nil {
		t.Fatalf("build under /a/b/: %v", err)
	}
	s.AssertFile("en/guide/index.html",
		`<a href="/a/b/en/events/kickoff/">by file</a>`,
		`<a href="/a/b/en/about/">by file from content</a>`,
		`<a href="/a/b/en/events/kickoff/">by URL</a>`,
		`<a href="/a/b/en/about/#top">with a fragment</a>`,
		`<a href="../about/">relative</a>`,
		`<a href="https://example.org/a/b/en/about/">absolute</a>`,
		`<a href="/a/b/assets/docs/notes.txt">a download <span class="download-meta">(TXT, 6 B)</span></a>`,
		`<img src="/a/b/assets/img/dot.png" alt="a dot">`)
	s.AssertFile("en/old-guide/index.html", `content="0; url=/a/b/en/guide/"`)
	s.AssertFile("_redirects", "\n/a/b/en/old-guide/ /a/b/en/guide/ 301\n")
	if n := sitetest.CheckReferences(t, s.Path(""), opts.BaseURL); n < 50 {
		t.Errorf("%d references resolved, want every page's", n)
	}
}

func TestLinksOutsideTheBasePath(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- content/guide.en.md --
---
title: Guide
---
[written with the base path](/a/b/en/about/) and [elsewhere on the host](https://example.org/other/) and [missing](https://example.org/a/b/en/nowhere/).

[no such file](/events/nothing.md)
`)
	opts := s.Options()
	opts.BaseURL = "https://example.org/a/b/"
	_, _, err := build.Build(opts)
	list, ok := err.(diag.List)
	if !ok {
		t.Fatalf("err = %v, want problems", err)
	}
	var got []string
	for _, e := range list.Sorted() {
		got = append(got, e.Error())
	}
	want := []string{
		`content/guide.en.md:4: link "/a/b/en/about/" goes to /a/b/en/about/, which is not a page or file of this site (links by URL are paths of the site, without the base URL's path: write /en/about/)`,
		`content/guide.en.md:4: link "https://example.org/a/b/en/nowhere/" goes to /en/nowhere/, which is not a page or file of this site`,
		`content/guide.en.md:6: link "/events/nothing.md": no page is made from content/events/nothing.md (link to a content file by its path, like ../events/kickoff.md, or to a page's URL)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
