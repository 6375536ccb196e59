package website_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// TestEveryReferenceResolvesAtAnyBasePath builds the repository's site at
// its own base URL and again under a path (as a GitHub Pages project site
// is published), and resolves every reference of every output (links,
// sources, srcsets, stylesheets and their integrity, feeds, sitemaps,
// robots.txt, search indexes, calendars, redirects) against the files
// built, both times. A page added to a copy of the site uses what its own
// pages do not yet: aliases, an image and a download in Markdown, links by
// file, by URL and by absolute URL.
func TestEveryReferenceResolvesAtAnyBasePath(t *testing.T) {
	_, s := built(t)
	src := t.TempDir()
	for _, d := range []string{"content", "layouts", "assets"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	extra := map[string]string{
		"site.yaml":            "",
		"assets/img/dot.png":   dotPNG(t),
		"assets/docs/note.txt": "a download\n",
		"content/publishing.en.md": `---
title: Publishing
date: 2020-01-01
aliases: [/en/old-publishing/, /publishing.html]
---
See [the about page](/about.md), [the same by URL](/en/about/#innovact-cross-border-cooperation-and-innovation),
[by its address](BASEen/about/),
[a note](/assets/docs/note.txt) and [the events](../events/).

![A dot](/assets/img/dot.png)
`,
	}
	for name, data := range extra {
		if name == "site.yaml" {
			b, err := os.ReadFile(filepath.Join(root, name))
			if err != nil {
				t.Fatal(err)
			}
			data = string(b)
		}
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	own := s.Config.BaseURL.String()
	under, err := url.Parse(own)
	if err != nil {
		t.Fatal(err)
	}
	under = under.JoinPath("a", "b") // same host, so a URL missing the path is caught
	under.Path += "/"
	page := filepath.Join(src, "content", "publishing.en.md")
	tmpl, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{own, under.String()} {
		t.Run(base, func(t *testing.T) {
			if err := os.WriteFile(page, bytes.ReplaceAll(tmpl, []byte("BASE"), []byte(base)), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "public")
			opts := build.Options{
				Source:      src,
				Dest:        dir,
				NoCache:     true,
				LoadOptions: build.LoadOptions{Minify: true, BaseURL: base},
			}
			if _, _, err := build.Build(opts); err != nil {
				t.Fatalf("build at %s: %v", base, err)
			}
			n := sitetest.CheckReferences(t, dir, base)
			baseURL, _ := url.Parse(base)
			if n < 1000 {
				t.Errorf("%d references resolved, want the site's thousands", n)
			}
			// The added page's references, and its aliases, are among them.
			for _, f := range []string{"en/old-publishing/index.html", "publishing.html"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("alias %s was not built: %v", f, err)
				}
			}
			refs, err := sitetest.References(dir)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{"en/about/index.html": false, "assets/img/dot.png": false, "assets/docs/note.txt": false, "en/events/index.html": false, "en/publishing/index.html": false}
			for _, r := range refs {
				if r.File != "en/publishing/index.html" && r.File != "publishing.html" {
					continue
				}
				if rel, err := sitetest.Resolve(dir, baseURL, r); err == nil {
					// The image is published as a picture of its variants.
					if strings.HasPrefix(rel, "assets/img/dot.") {
						rel = "assets/img/dot.png"
					}
					if _, ok := want[rel]; ok {
						want[rel] = true
					}
				}
			}
			for rel, found := range want {
				if !found {
					t.Errorf("no reference from en/publishing/ or its alias to %s", rel)
				}
			}
			t.Logf("%d references resolved under %s", n, base)
		})
	}
}

// dotPNG is a small real image: images in Markdown are decoded and made
// into responsive pictures, so a stand-in of a few bytes is an error.
func dotPNG(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(20, 15, color.RGBA{0, 0x33, 0x99, 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
