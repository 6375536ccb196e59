package build_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gen2brain/webp"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// twoLanguageHomes is the settings and home pages of the image tests'
// sites: English and Spanish.
const twoLanguageHomes = `
-- site.yaml --
baseURL: https://example.org/
defaultLanguage: en
languages:
  en: {name: English, title: Cooperation}
  es: {name: Español, title: Cooperación}
-- content/_index.en.md --
---
title: Home
---
Welcome.
-- content/_index.es.md --
---
title: Inicio
---
Bienvenida.
`

// imageSite is a one-language site whose layouts print what pages get of
// images: the page's picture, its body, its social image and the icons.
const imageSite = twoLanguageHomes + `-- content/about.en.md --
---
title: About
---
![A plaza at noon](/assets/photos/plaza.jpg "The plaza, 2019")

Some text.

![A small logo](/assets/logo.png)
-- content/visit.en.md --
---
title: Visit
image: photos/plaza.jpg
imageAlt: The plaza seen from the town hall
---
Text ![an inline logo](/assets/logo.png) in a line.
-- layouts/default.html --
<head>
{{- with socialImage . }}
og {{ .URL }} {{ .Type }} {{ .Width }}x{{ .Height }} alt={{ .Alt }}
{{- end }}
{{- range icons }}
icon {{ .Rel }} {{ .URL }} {{ .MediaType }}{{ with .Sizes }} {{ . }}{{ end }}
{{- end }}
</head>
hero {{ picture . }}
body {{ .Content }}
-- layouts/i18n/en.yaml --
tagline: A test site
-- layouts/i18n/es.yaml --
tagline: Un sitio de prueba
`

// testPhoto is a deterministic picture: gradients and a pattern, which
// survive scaling and lossy coding distinguishably.
func testPhoto(w, h int) image.Image {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x/16 + y/16) % 2 * 200), 255})
		}
	}
	return m
}

func jpegFile(t testing.TB, w, h int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testPhoto(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngFile(t testing.TB, w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, testPhoto(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeImages puts generated images into a test site's assets/.
func writeImages(t testing.TB, s *sitetest.Site, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(s.Dir, "assets", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func imageTestSite(t testing.TB) *sitetest.Site {
	s := sitetest.Write(t, imageSite)
	writeImages(t, s, map[string][]byte{
		"photos/plaza.jpg": jpegFile(t, 2000, 1000),
		"logo.png":         pngFile(t, 300, 200),
	})
	return s
}

var variantRE = regexp.MustCompile(`/assets/[a-z/]+\.[0-9a-f]{8}-\d+\.(webp|jpg|png)`)

func TestPicturesInMarkdown(t *testing.T) {
	s := imageTestSite(t).Build()
	about := s.Read("en/about/index.html")
	id := regexp.MustCompile(`plaza\.([0-9a-f]{8})-`).FindStringSubmatch(about)
	if id == nil {
		t.Fatalf("no plaza variant in:\n%s", about)
	}
	v := func(w, ext string) string { return "/assets/photos/plaza." + id[1] + "-" + w + "." + ext }
	sizes := `sizes="` + images.Sizes + `"`
	// The titled image alone in its paragraph: a figure, loaded at once
	// (the first image of a page without a picture of its own).
	wantPlaza := `<figure><picture><source type="image/webp" srcset="` +
		v("400", "webp") + ` 400w, ` + v("800", "webp") + ` 800w, ` + v("1200", "webp") + ` 1200w, ` + v("1600", "webp") + ` 1600w" ` + sizes + `>` +
		`<img src="` + v("800", "jpg") + `" srcset="` + v("400", "jpg") + ` 400w, ` + v("800", "jpg") + ` 800w, ` + v("1200", "jpg") + ` 1200w, ` + v("1600", "jpg") + ` 1600w" ` + sizes +
		` width="1600" height="800" alt="A plaza at noon"></picture><figcaption>The plaza, 2019</figcaption></figure>`
	s.AssertFile("en/about/index.html", wantPlaza)
	if strings.Contains(about, "<p><figure>") || strings.Contains(about, "<p><picture") {
		t.Errorf("a picture alone in its paragraph is still in a <p>:\n%s", about)
	}
	// The logo is 300 pixels wide: one width, never upscaled; lazy, as the
	// second image of the page.
	logo := regexp.MustCompile(`<picture><source type="image/webp" srcset="/assets/logo\.[0-9a-f]{8}-300\.webp 300w" ` + regexp.QuoteMeta(sizes) +
		`><img src="/assets/logo\.[0-9a-f]{8}-300\.png" srcset="/assets/logo\.[0-9a-f]{8}-300\.png 300w" ` + regexp.QuoteMeta(sizes) +
		` width="300" height="200" alt="A small logo" loading="lazy" decoding="async"></picture>`)
	if !logo.MatchString(about) {
		t.Errorf("no lazy 300w logo picture in:\n%s", about)
	}

	// Every variant named is published, at its width and in its format.
	for _, u := range variantRE.FindAllString(about, -1) {
		data := s.Read(strings.TrimPrefix(u, "/"))
		var cfg image.Config
		var err error
		if strings.HasSuffix(u, ".webp") {
			cfg, err = webp.DecodeConfig(bytes.NewReader([]byte(data)))
		} else {
			cfg, _, err = image.DecodeConfig(strings.NewReader(data))
		}
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		w := regexp.MustCompile(`-(\d+)\.`).FindStringSubmatch(u)[1]
		if got := strconv.Itoa(cfg.Width); got != w {
			t.Errorf("%s is %d pixels wide, want %s", u, cfg.Width, w)
		}
	}

	// A page with a picture of its own: the picture loads at once, and the
	// body's first image is lazy; an image inside a line stays inline.
	visit := s.Read("en/visit/index.html")
	if !strings.Contains(visit, `hero <picture class="page-picture"><source type="image/webp"`) ||
		!strings.Contains(visit, `alt="The plaza seen from the town hall"></picture>`) {
		t.Errorf("visit has no eager page picture:\n%s", visit)
	}
	if !strings.Contains(visit, `<p>Text <picture><source`) || !strings.Contains(visit, `alt="an inline logo" loading="lazy" decoding="async"></picture> in a line.</p>`) {
		t.Errorf("visit's inline image is not a lazy picture inside its line:\n%s", visit)
	}
}

func TestSocialImagesAndIcons(t *testing.T) {
	s := imageTestSite(t).Build()
	// A page's own image: its largest variant up to 1200 pixels, in the
	// source's format, with the alternative text of imageAlt.
	visit := s.Read("en/visit/index.html")
	if !regexp.MustCompile(`og https://example\.org/assets/photos/plaza\.[0-9a-f]{8}-1200\.jpg image/jpeg 1200x600 alt=The plaza seen from the town hall`).MatchString(visit) {
		t.Errorf("visit has no og image of its own:\n%s", visit)
	}
	// Other pages: the social card of their language, 1200×630, named
	// after the site's title.
	for _, c := range []struct{ page, lang, title string }{
		{"en/about/index.html", "en", "Cooperation"},
		{"es/index.html", "es", "Cooperación"},
	} {
		got := s.Read(c.page)
		m := regexp.MustCompile(`og https://example\.org/(assets/social/card-` + c.lang + `\.[0-9a-f]{8}\.png) image/png 1200x630 alt=` + c.title + `\n`).FindStringSubmatch(got)
		if m == nil {
			t.Errorf("%s has no social card:\n%s", c.page, got)
			continue
		}
		cfg, err := png.DecodeConfig(strings.NewReader(s.Read(m[1])))
		if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
			t.Errorf("%s: %dx%d, %v; want a 1200x630 PNG", m[1], cfg.Width, cfg.Height, err)
		}
	}
	if en, es := s.Read("en/index.html"), s.Read("es/index.html"); regexp.MustCompile(`card-..\.[0-9a-f]+`).FindString(en) == regexp.MustCompile(`card-..\.[0-9a-f]+`).FindString(es) {
		t.Error("English and Spanish share a card")
	}
	s.AssertLines("en/about/index.html", `icon icon /favicon.ico image/x-icon 32x32
icon icon /favicon.svg image/svg&#43;xml
icon apple-touch-icon /apple-touch-icon.png image/png`)
	if cfg, err := png.DecodeConfig(strings.NewReader(s.Read("apple-touch-icon.png"))); err != nil || cfg.Width != 180 {
		t.Errorf("apple-touch-icon.png: %v, %d wide", err, cfg.Width)
	}
	if ico := s.Read("favicon.ico"); !strings.HasPrefix(ico, "\x00\x00\x01\x00\x02\x00") {
		t.Errorf("favicon.ico does not start as an ICO file of two images: % x", ico[:6])
	}
	s.AssertFile("favicon.svg", `<svg xmlns="http://www.w3.org/2000/svg"`)
}

func TestImagesDeterministicAndCached(t *testing.T) {
	s := imageTestSite(t)
	opts := s.Options()
	opts.NoCache = true
	cacheDir := build.ImageCacheDir(filepath.Join(s.Dir, "public"))

	first := images.NewProcessor(images.Options{CacheDir: cacheDir})
	opts.Images = first
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	// Four widths of the plaza in two formats, one width of the logo in
	// two, a card per language, and the icons.
	if got, want := first.Encodes(), int64(4*2+2+2+1); got != want {
		t.Errorf("first build encoded %d files, want %d", got, want)
	}
	one := tree(t, filepath.Join(s.Dir, "public"))

	// A new build with the cache on disk encodes nothing, and writes the
	// same bytes.
	second := images.NewProcessor(images.Options{CacheDir: cacheDir})
	opts.Images = second
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	if n := second.Encodes(); n != 0 {
		t.Errorf("a build with every variant cached encoded %d files", n)
	}
	compareTrees(t, one, tree(t, filepath.Join(s.Dir, "public")), "cached build")

	// Without the cache, everything is encoded again, to the same bytes.
	if err := os.RemoveAll(cacheDir); err != nil {
		t.Fatal(err)
	}
	third := images.NewProcessor(images.Options{CacheDir: cacheDir})
	opts.Images = third
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	if third.Encodes() == 0 {
		t.Error("a build without a cache encoded nothing")
	}
	compareTrees(t, one, tree(t, filepath.Join(s.Dir, "public")), "build without cache")

	// One image changed: only its variants are made again.
	writeImages(t, s, map[string][]byte{"logo.png": pngFile(t, 310, 200)})
	fourth := images.NewProcessor(images.Options{CacheDir: cacheDir})
	opts.Images = fourth
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	if n := fourth.Encodes(); n != 2 {
		t.Errorf("after changing the logo, %d files were encoded, want its 2", n)
	}
}

func compareTrees(t *testing.T, a, b map[string][]byte, what string) {
	t.Helper()
	for name, data := range a {
		if !bytes.Equal(b[name], data) {
			t.Errorf("%s: %s differs", what, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: %s is new", what, name)
		}
	}
}

func TestSessionDoesNotReencode(t *testing.T) {
	s := imageTestSite(t)
	proc := images.NewProcessor(images.Options{})
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now, Images: proc})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	before := proc.Encodes()
	if before == 0 {
		t.Fatal("the first build encoded nothing")
	}
	// A layout edit renders every page again; images stay as they were.
	if err := os.WriteFile(filepath.Join(s.Dir, "layouts/default.html"), []byte("{{ .Content }}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"layouts/default.html"}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	// So does an asset edit that leaves the images alone.
	writeImages(t, s, map[string][]byte{"css/site.css": []byte("body{color:red}")})
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"assets/css/site.css"}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if n := proc.Encodes() - before; n != 0 {
		t.Errorf("rebuilds with unchanged images encoded %d files", n)
	}
	if !strings.Contains(string(out.files["en/about/index.html"]), "<picture>") {
		t.Errorf("about after rebuilds: %s", out.files["en/about/index.html"])
	}
}

// An image that cannot be decoded is an error at the line that uses it,
// one over the size budget a warning there; build and check agree.
func TestImageProblems(t *testing.T) {
	s := sitetest.Write(t, `
-- site.yaml --
baseURL: https://example.org/
defaultLanguage: en
languages:
  en: {name: English, title: Cooperation}
-- content/_index.en.md --
---
title: Home
---
-- content/about.en.md --
---
title: About
---
Text.

![A cut photo](/assets/cut.jpg)

![A wide banner](/assets/wide.png)

![Not a photo](/assets/text.jpg)
-- content/visit.en.md --
---
title: Visit
image: photos/plaza.jpg
imageAlt: A plaza
---
Text.
-- content/team.en.md --
---
title: Team
image: wide.png
---
Text.
-- layouts/default.html --
{{ .Content }}
-- assets/text.jpg --
just text
`)
	full := jpegFile(t, 300, 200)
	writeImages(t, s, map[string][]byte{
		"cut.jpg":  full[:len(full)/2],
		"wide.png": pngFile(t, 2600, 10),
	})
	budget := "2600×10 pixels (budget 2500 on the longer side): make it smaller before committing it (pages get resized copies, but the repository keeps the original)"
	want := []string{
		`content/about.en.md:6: image /assets/cut.jpg cannot be decoded: invalid JPEG format: short Huffman data`,
		`content/about.en.md:8: warning: image /assets/wide.png is ` + budget,
		`content/about.en.md:10: image /assets/text.jpg is not a JPEG or PNG image (its bytes are of no format puente reads)`,
		`content/team.en.md:3: warning: image wide.png is ` + budget,
		`content/team.en.md:3:1: image wide.png has no imageAlt: add imageAlt: with what it shows`,
		`content/visit.en.md:3: image: "photos/plaza.jpg" is not an image in assets/`,
	}
	// check: the same problems, warnings too, and nothing written.
	site, problems := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now, Images: build.SiteImages(s.Dir, true)})
	if !problems.HasErrors() {
		_, _, rerrs := build.Render(site, build.Discard{}, build.RenderOptions{})
		problems.Add(rerrs...)
	}
	var lines []string
	for _, e := range problems.Sorted() {
		lines = append(lines, e.Error())
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("check:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if _, err := os.Stat(filepath.Join(s.Dir, build.CacheDir)); err == nil {
		t.Errorf("check wrote %s", build.CacheDir)
	}

	// build: the same errors (its warnings come apart from them).
	var errs []string
	for _, l := range want {
		if !strings.Contains(l, ": warning: ") {
			errs = append(errs, l)
		}
	}
	if got := s.BuildErrors(); strings.Join(got, "\n") != strings.Join(errs, "\n") {
		t.Errorf("build errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(errs, "\n"))
	}
}

// Serve keeps converted bodies from one rebuild to the next; a body with
// a picture of an image that changed is converted again, as its picture
// now has other widths and files.
func TestSessionPictureFollowsItsImage(t *testing.T) {
	s := imageTestSite(t)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if !strings.Contains(string(out.files["en/about/index.html"]), `1600w`) {
		t.Fatalf("no 1600w plaza before the edit:\n%s", out.files["en/about/index.html"])
	}
	writeImages(t, s, map[string][]byte{"photos/plaza.jpg": jpegFile(t, 500, 250)})
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"assets/photos/plaza.jpg"}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	about := string(out.files["en/about/index.html"])
	if strings.Contains(about, `1600w`) || !strings.Contains(about, `width="500" height="250" alt="A plaza at noon"`) {
		t.Errorf("the plaza's picture did not follow its image:\n%s", about)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("serve differs from a full build:\n%s", strings.Join(d, "\n"))
	}
}

// Serve's warnings follow body edits: a warning a body edit fixed goes,
// one it made comes, and both stay what a full build reports through
// edits of other files.
func TestBodyEditsKeepWarningsCurrent(t *testing.T) {
	s := sitetest.Write(t, twoLanguageHomes+`-- content/about.en.md --
---
title: About
translationKey: about
---
Text.

![A wide banner](/assets/wide.png)
-- content/visit.en.md --
---
title: Visit
---
Text.
-- content/team.en.md --
---
title: Team
---
Text.

![A wide banner](/assets/wide.png)
-- layouts/default.html --
{{ .Content }}
`)
	writeImages(t, s, map[string][]byte{"wide.png": pngFile(t, 2600, 10)})
	warnings := warningLines
	fullWarnings := func() string { return fullBuildWarnings(t, s.Dir) }
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	out := &memOut{files: map[string][]byte{}}
	errs := func(changed ...string) diag.List {
		t.Helper()
		_, errs := sess.Rebuild(out, build.RenderOptions{}, changed, sitetest.Now)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		return errs
	}
	first := warnings(errs())
	if !strings.Contains(first, "content/about.en.md:7: warning: image /assets/wide.png is 2600×10 pixels") ||
		!strings.Contains(first, "translationKey \"about\" is used by this file only") {
		t.Fatalf("first rebuild's warnings:\n%s", first)
	}
	about, visit := readFile(t, s, "content/about.en.md"), readFile(t, s, "content/visit.en.md")
	steps := []struct{ name, text string }{
		{"content/about.en.md", strings.Replace(about, "![A wide banner](/assets/wide.png)", "No banner.", 1)},
		{"content/visit.en.md", strings.Replace(visit, "Text.", "Text.\n\n![A wide banner](/assets/wide.png)", 1)},
		{"content/about.en.md", strings.Replace(about, "![A wide banner](/assets/wide.png)", "Still no banner.", 1)},
		{"content/visit.en.md", strings.Replace(visit, "Text.", "Text, edited.\n\n![A wide banner](/assets/wide.png)", 1)},
	}
	for i, step := range steps {
		s.WriteFile(step.name, step.text)
		got := warnings(errs(step.name))
		if sess.Way() != "body" {
			t.Fatalf("step %d went the %s way, not the body edit's", i, sess.Way())
		}
		if want := fullWarnings(); got != want {
			t.Errorf("step %d (%s): serve warns\n%s\nwhere a full build warns\n%s", i, step.name, got, want)
		}
	}
	// A title edit renders the lists again, not a page that does not
	// show it: that page's warning comes from its record.
	s.WriteFile("content/about.en.md", strings.Replace(about, "title: About", "title: About us", 1))
	got := warnings(errs("content/about.en.md"))
	if slices.Contains(sess.RenderedPaths(), "en/team/index.html") {
		t.Fatalf("a title edit of another page rendered en/team/index.html again: %v", sess.RenderedPaths())
	}
	if want := fullWarnings(); got != want || !strings.Contains(got, "team.en.md:6: warning: image") {
		t.Errorf("after a title edit: serve warns\n%s\nwhere a full build warns\n%s", got, want)
	}
}

// A field edit after a body edit reports the body-edited page's warnings
// as they are now: the page is not rendered again, and its problems are
// those of its rendering by the body edit.
func TestFieldEditAfterBodyEditKeepsWarningsCurrent(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	writeImages(t, s, map[string][]byte{"wide.png": pngFile(t, 2600, 10)})
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	out := &memOut{files: map[string][]byte{}}
	rebuild := func(way string, changed ...string) string {
		t.Helper()
		_, errs := sess.Rebuild(out, build.RenderOptions{}, changed, sitetest.Now)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		if len(changed) > 0 && sess.Way() != way {
			t.Fatalf("%v went the %s way, not the %s way", changed, sess.Way(), way)
		}
		return warningLines(errs)
	}
	full := func() string { return fullBuildWarnings(t, s.Dir) }
	rebuild("")
	const about, kickoff = "content/about.en.md", "content/events/kickoff.en.md"
	aboutText, kickoffText := readFile(t, s, about), readFile(t, s, kickoff)
	for i, banner := range []string{"\n\n![A wide banner](/assets/wide.png)\n", ""} {
		s.WriteFile(about, strings.Replace(aboutText, "About us.", "About us."+banner, 1))
		rebuild("body", about)
		s.WriteFile(kickoff, strings.Replace(kickoffText, "title: ", fmt.Sprintf("title: Edit %d ", i), 1))
		got, want := rebuild("fields", kickoff), full()
		if got != want || strings.Contains(got, "wide.png") != (banner != "") {
			t.Errorf("step %d: serve warns\n%s\nwhere a full build warns\n%s", i, got, want)
		}
	}
}

// warningLines are the warnings of errs, sorted, one a line.
func warningLines(errs diag.List) string {
	var lines []string
	for _, e := range errs.Warnings().Sorted() {
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

// fullBuildWarnings are the warnings a full check of the site in dir
// reports, as warningLines gives them.
func fullBuildWarnings(t *testing.T, dir string) string {
	t.Helper()
	site, problems := build.Load(os.DirFS(dir), build.LoadOptions{Now: sitetest.Now, Images: build.SiteImages(dir, true)})
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	_, _, rerrs := build.Render(site, build.Discard{}, build.RenderOptions{})
	problems.Add(rerrs...)
	return warningLines(problems)
}
