package website_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-ssg/puente/internal/build"
)

// The site's texts use no callout, video or download link yet; these tests
// build it with one more page, in each language, that uses all of them
// (and has a table of contents), and hold its output to the validators.
var readerSample = map[string]string{
	"en": `---
title: Reader sample
---
## Before the meeting

> [!IMPORTANT]
> Register by *10 May*.

Read [the programme](/assets/docs/sample.pdf).

## The meeting

https://www.youtube.com/watch?v=dQw4w9WgXcQ

## After the meeting

> [!TIP]
> The slides follow.
`,
	"es": `---
title: Página de muestra
---
## Antes de la reunión

> [!WARNING]
> Inscríbase antes del *10 de mayo*.

Lea [el programa](/assets/docs/sample.pdf).

## La reunión

[La reunión de Lima](https://vimeo.com/76979871)

## Después de la reunión
`,
	"pt": `---
title: Página de exemplo
---
## Antes da reunião

> [!CAUTION]
> Inscreva-se até *10 de maio*.

Leia [o programa](/assets/docs/sample.pdf).

## A reunião

https://youtu.be/dQw4w9WgXcQ

## Depois da reunião

> [!NOTE]
> Os slides vêm a seguir.
`,
}

var (
	readerOnce sync.Once
	readerRoot string // removed by TestMain
	readerOut  string
	readerErr  error
)

// readerBuilt builds the repository's site with the sample pages added.
func readerBuilt(t *testing.T) string {
	t.Helper()
	readerOnce.Do(func() {
		if readerRoot, readerErr = os.MkdirTemp("", "puente-reader-"); readerErr != nil {
			return
		}
		src := filepath.Join(readerRoot, "site")
		for _, d := range []string{"content", "layouts", "assets"} {
			if readerErr = os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join(root, d))); readerErr != nil {
				return
			}
		}
		var cfg []byte
		if cfg, readerErr = os.ReadFile(filepath.Join(root, "site.yaml")); readerErr != nil {
			return
		}
		if readerErr = os.WriteFile(filepath.Join(src, "site.yaml"), cfg, 0o644); readerErr != nil {
			return
		}
		for code, text := range readerSample {
			if readerErr = os.WriteFile(filepath.Join(src, "content", "reader-sample."+code+".md"), []byte(text), 0o644); readerErr != nil {
				return
			}
		}
		os.MkdirAll(filepath.Join(src, "assets", "docs"), 0o755)
		pdf := "%PDF-1.4\n" + strings.Repeat("%", 148_000-10) + "\n"
		if readerErr = os.WriteFile(filepath.Join(src, "assets", "docs", "sample.pdf"), []byte(pdf), 0o644); readerErr != nil {
			return
		}
		readerOut = filepath.Join(src, "public")
		_, _, readerErr = build.Build(build.Options{Source: src, Dest: readerOut, LoadOptions: build.LoadOptions{Minify: true}})
	})
	if readerErr != nil {
		t.Fatalf("building the site with the sample pages: %v", readerErr)
	}
	return readerOut
}

var readerPages = []string{"en/reader-sample/index.html", "es/reader-sample/index.html", "pt/reader-sample/index.html"}

func TestReaderFeaturesAreValidHTML(t *testing.T) {
	dir := readerBuilt(t)
	for i, want := range []string{`(PDF, 148 KB)`, `(PDF, 148 kB)`, `(PDF, 148 kB)`} {
		html, err := os.ReadFile(filepath.Join(dir, readerPages[i]))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{want, `<nav class="toc" aria-labelledby="toc_label">`, `role="note"`, `data-player="`} {
			if !strings.Contains(string(html), w) {
				t.Errorf("%s lacks %s", readerPages[i], w)
			}
		}
	}
	validateHTML(t, dir, readerPages)
}

// TestReaderFeaturesAreAccessible runs axe-core on the sample pages and
// follows a video link: the script puts a titled player from the
// privacy-friendly domain in its place.
func TestReaderFeaturesAreAccessible(t *testing.T) {
	ctx := browser(t, 2*time.Minute)
	axe, err := os.ReadFile(axeJS)
	if err != nil {
		need(t, "PUENTE_REQUIRE_VALIDATORS", "axe-core ("+axeJS+")", "run: cd scripts/validate && npm ci")
	}
	base := serve(t, readerBuilt(t))
	for _, p := range readerPages {
		for _, v := range axeViolations(t, ctx, axe, base+"/"+strings.TrimSuffix(p, "index.html")) {
			for _, n := range v.Nodes {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s: %s (%s): %s at %s\n\t%s", p, v.ID, v.Impact, v.Help, n.Target, n.Summary)
				}
			}
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"/en/reader-sample/")); err != nil {
		t.Fatal(err)
	}
	// No request to the video's site before the click.
	frames, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("iframe").length`))
	if err != nil || frames != 0 {
		t.Fatalf("%d frames before the click (%v)", frames, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(function(){
		document.querySelector("a.embed-link").click();
		var f = document.querySelector(".embed-frame iframe");
		return f ? [f.getAttribute("src"), f.title] : [];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" || !strings.Contains(got[1], "Watch the video") {
		t.Errorf("after the click: %q, want the youtube-nocookie player titled after the link", got)
	}
}
