package assets

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/puente-ssg/puente/internal/diag"
)

const (
	mainCSS = `/* Site styles */
body {
    margin: 0px;
    color: #ff0000;
}

.nav  a {
    padding: 0.50em  1em;
}
`
	appJS = `// Menu toggle
function toggleMenu(button) {
    var menu = document.getElementById("menu");
    var expanded = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", expanded ? "false" : "true");
    menu.hidden = expanded;
}
`
	logoSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`
)

func siteFS() fstest.MapFS {
	return fstest.MapFS{
		"assets/css/main.css":            {Data: []byte(mainCSS)},
		"assets/css/print.css":           {Data: []byte("@media print { .nav { display: none; } }\n")},
		"assets/js/app.js":               {Data: []byte(appJS)},
		"assets/img/logo.svg":            {Data: []byte(logoSVG)},
		"assets/docs/newsletter.pdf":     {Data: []byte("%PDF-1.4 not really")},
		"assets/.DS_Store":               {Data: []byte("junk")},
		"assets/.cache/x.css":            {Data: []byte("a{}")},
		"assets/fonts/.keep":             {Data: nil},
		"content/_index.en.md":           {Data: []byte("---\ntitle: Home\n---\n")},
		"assets/js/vendor/lib.min.js":    {Data: []byte("var lib=1;")},
		"assets/downloads/LICENSE":       {Data: []byte("MIT")},
		"assets/downloads/event.ics":     {Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")},
		"assets/img/photo.JPG":           {Data: []byte{0xff, 0xd8, 0xff}},
		"assets/css/components/card.css": {Data: []byte(".card { border: 1px solid #000000; }\n")},
	}
}

func mustBuild(t *testing.T, fsys fstest.MapFS, opts Options) *Manifest {
	t.Helper()
	m, diags := Build(fsys, opts)
	if len(diags) > 0 {
		t.Fatalf("Build: unexpected problems:\n%s", diags)
	}
	return m
}

func TestBuildEntries(t *testing.T) {
	m := mustBuild(t, siteFS(), Options{Minifier: NewMinifier()})
	wantNames := []string{
		"css/components/card.css",
		"css/main.css",
		"css/print.css",
		"docs/newsletter.pdf",
		"downloads/LICENSE",
		"downloads/event.ics",
		"img/logo.svg",
		"img/photo.JPG",
		"js/app.js",
		"js/vendor/lib.min.js",
	}
	if got := m.Names(); !reflect.DeepEqual(got, wantNames) {
		t.Fatalf("Names() = %q\nwant %q", got, wantNames)
	}
	pathRE := regexp.MustCompile(`^assets/(.*/)?[^/]+\.([0-9a-f]{8})(\.[A-Za-z0-9]+)?$`)
	for i, e := range m.Entries() {
		if e.Name != wantNames[i] {
			t.Errorf("Entries()[%d].Name = %q, want %q", i, e.Name, wantNames[i])
		}
		got, ok := m.Lookup(e.Name)
		if !ok || !reflect.DeepEqual(got, e) {
			t.Errorf("Lookup(%q) = %+v, %v; want the entry from Entries", e.Name, got, ok)
		}
		sm := pathRE.FindStringSubmatch(e.Path)
		if sm == nil {
			t.Errorf("%s: Path %q is not assets/<dir>/<name>.<hash8>.<ext>", e.Name, e.Path)
			continue
		}
		sum := sha256.Sum256(e.Data)
		if want := hex.EncodeToString(sum[:])[:8]; sm[2] != want {
			t.Errorf("%s: hash in path = %s, want %s (sha256 of the output)", e.Name, sm[2], want)
		}
		if e.URL != "/"+e.Path {
			t.Errorf("%s: URL = %q, want %q", e.Name, e.URL, "/"+e.Path)
		}
		sri := sha512.Sum384(e.Data)
		if want := "sha384-" + base64.StdEncoding.EncodeToString(sri[:]); e.Integrity != want {
			t.Errorf("%s: Integrity = %q, want %q", e.Name, e.Integrity, want)
		}
	}

	for _, tc := range []struct{ name, path, ctype string }{
		{"css/main.css", "assets/css/main.%s.css", "text/css; charset=utf-8"},
		{"js/vendor/lib.min.js", "assets/js/vendor/lib.min.%s.js", "text/javascript; charset=utf-8"},
		{"img/logo.svg", "assets/img/logo.%s.svg", "image/svg+xml; charset=utf-8"},
		{"docs/newsletter.pdf", "assets/docs/newsletter.%s.pdf", "application/pdf"},
		{"downloads/LICENSE", "assets/downloads/LICENSE.%s", "application/octet-stream"},
		{"downloads/event.ics", "assets/downloads/event.%s.ics", "text/calendar; charset=utf-8"},
		{"img/photo.JPG", "assets/img/photo.%s.JPG", "image/jpeg"},
	} {
		e, ok := m.Lookup(tc.name)
		if !ok {
			t.Errorf("Lookup(%q) not found", tc.name)
			continue
		}
		sum := sha256.Sum256(e.Data)
		if want := strings.Replace(tc.path, "%s", hex.EncodeToString(sum[:4]), 1); e.Path != want {
			t.Errorf("Lookup(%q).Path = %q, want %q", tc.name, e.Path, want)
		}
		if e.ContentType != tc.ctype {
			t.Errorf("Lookup(%q).ContentType = %q, want %q", tc.name, e.ContentType, tc.ctype)
		}
	}

	// Files that are not CSS or JS pass through byte for byte.
	for _, name := range []string{"img/logo.svg", "docs/newsletter.pdf", "downloads/event.ics"} {
		e, _ := m.Lookup(name)
		if string(e.Data) != string(siteFS()["assets/"+name].Data) {
			t.Errorf("%s: Data changed: %q", name, e.Data)
		}
	}
	for _, name := range []string{".DS_Store", ".cache/x.css", "fonts/.keep", "_index.en.md"} {
		if _, ok := m.Lookup(name); ok {
			t.Errorf("Lookup(%q) found a file that should be skipped", name)
		}
	}
}

func TestMinifiedSmaller(t *testing.T) {
	m := mustBuild(t, siteFS(), Options{Minifier: NewMinifier()})
	for _, name := range []string{"css/main.css", "js/app.js", "css/components/card.css"} {
		e, _ := m.Lookup(name)
		src := siteFS()["assets/"+name].Data
		if len(e.Data) == 0 || len(e.Data) >= len(src) {
			t.Errorf("%s: minified to %d bytes from %d: %q", name, len(e.Data), len(src), e.Data)
		}
	}
	e, _ := m.Lookup("css/main.css")
	if strings.Contains(string(e.Data), "Site styles") || !strings.Contains(string(e.Data), "margin:0") {
		t.Errorf("css/main.css minified to %q", e.Data)
	}

	// Without Minify, output is the source.
	plain := mustBuild(t, siteFS(), Options{})
	e, _ = plain.Lookup("js/app.js")
	if string(e.Data) != appJS {
		t.Errorf("js/app.js without Minify = %q, want the source", e.Data)
	}
}

func TestHashesFollowContent(t *testing.T) {
	for _, minify := range []bool{false, true} {
		opts := Options{Bundles: map[string][]string{"css/site.css": {"css/main.css", "css/print.css"}}}
		if minify {
			opts.Minifier = NewMinifier()
		}
		a := mustBuild(t, siteFS(), opts)
		b := mustBuild(t, siteFS(), opts)
		if !reflect.DeepEqual(a.Entries(), b.Entries()) {
			t.Fatalf("minify=%v: two builds of the same input differ", minify)
		}

		changed := siteFS()
		changed["assets/css/print.css"] = &fstest.MapFile{Data: []byte("@media print { .nav { display: block; } }\n")}
		c := mustBuild(t, changed, opts)
		for _, e := range a.Entries() {
			got, _ := c.Lookup(e.Name)
			wantChange := e.Name == "css/print.css" || e.Name == "css/site.css"
			if (got.Path != e.Path) != wantChange {
				t.Errorf("minify=%v: %s: path %s -> %s; want changed=%v", minify, e.Name, e.Path, got.Path, wantChange)
			}
			if (got.Integrity != e.Integrity) != wantChange {
				t.Errorf("minify=%v: %s: integrity changed=%v, want %v", minify, e.Name, got.Integrity != e.Integrity, wantChange)
			}
		}
	}

	// The hash is of the output: a change that minifies away keeps the URL.
	spaced := siteFS()
	spaced["assets/css/main.css"] = &fstest.MapFile{Data: []byte(mainCSS + "\n\n/* more notes */\n")}
	a := mustBuild(t, siteFS(), Options{Minifier: NewMinifier()})
	b := mustBuild(t, spaced, Options{Minifier: NewMinifier()})
	ea, _ := a.Lookup("css/main.css")
	eb, _ := b.Lookup("css/main.css")
	if ea.URL != eb.URL {
		t.Errorf("comment-only change moved the minified URL: %s -> %s", ea.URL, eb.URL)
	}
}

func TestBundles(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/css/a.css": {Data: []byte("a { color: red; }")},
		"assets/css/b.css": {Data: []byte("b { color: blue; } // x")},
		"assets/css/c.css": {Data: []byte("c { color: green; }\n")},
		"assets/js/one.js": {Data: []byte("var one = 1 // trailing comment")},
		"assets/js/two.js": {Data: []byte("(function () { window.two = 2 })()\n")},
	}
	opts := Options{Bundles: map[string][]string{
		"css/site.css":    {"css/c.css", "css/a.css", "css/b.css"},
		"js/bundle.js":    {"js/one.js", "js/two.js"},
		"bundles/all.css": {"css/a.css"},
	}}
	m := mustBuild(t, fsys, opts)
	for _, tc := range []struct{ name, want string }{
		{"css/site.css", "c { color: green; }\n\na { color: red; }\nb { color: blue; } // x"},
		{"js/bundle.js", "var one = 1 // trailing comment\n;\n(function () { window.two = 2 })()\n"},
		{"bundles/all.css", "a { color: red; }"},
	} {
		e, ok := m.Lookup(tc.name)
		if !ok {
			t.Errorf("bundle %s missing from manifest", tc.name)
			continue
		}
		if string(e.Data) != tc.want {
			t.Errorf("bundle %s = %q, want %q", tc.name, e.Data, tc.want)
		}
	}
	// Members stay available on their own.
	for _, name := range []string{"css/a.css", "css/b.css", "css/c.css", "js/one.js", "js/two.js"} {
		if _, ok := m.Lookup(name); !ok {
			t.Errorf("bundle member %s missing from manifest", name)
		}
	}

	// Minified, the JS bundle still parses and keeps both files, in order.
	opts.Minifier = NewMinifier()
	opts.Bundles = map[string][]string{"js/bundle.js": {"js/one.js", "js/two.js"}}
	m = mustBuild(t, fsys, opts)
	e, _ := m.Lookup("js/bundle.js")
	s := string(e.Data)
	if i, j := strings.Index(s, "one"), strings.Index(s, "two"); i < 0 || j < 0 || i > j {
		t.Errorf("minified js/bundle.js = %q, want one before two", s)
	}
}

func TestBuildErrors(t *testing.T) {
	base := fstest.MapFS{
		"assets/css/main.css": {Data: []byte("a { color: red; }")},
		"assets/css/more.css": {Data: []byte("b { color: red; }")},
		"assets/js/app.js":    {Data: []byte("var a = 1;")},
		"assets/img/logo.svg": {Data: []byte(logoSVG)},
	}
	for _, tc := range []struct {
		name    string
		files   map[string]string
		bundles map[string][]string
		lines   map[string]int
		prefix  string
		want    []string
	}{
		{
			name:    "missing bundle file",
			bundles: map[string][]string{"css/site.css": {"css/main.css", "css/mian.css", "fonts/body.css"}},
			lines:   map[string]int{"css/site.css": 7},
			want: []string{
				`site.yaml:7: bundles: css/site.css: "css/mian.css" is not a file in assets/ (did you mean "css/main.css"?)`,
				`site.yaml:7: bundles: css/site.css: "fonts/body.css" is not a file in assets/`,
			},
		},
		{
			name:    "missing bundle file without line",
			bundles: map[string][]string{"js/all.js": {"js/ap.js"}},
			want:    []string{`site.yaml: bundles: js/all.js: "js/ap.js" is not a file in assets/ (did you mean "js/app.js"?)`},
		},
		{
			name:    "bundle member named with assets/",
			bundles: map[string][]string{"css/site.css": {"assets/css/main.css"}},
			want:    []string{`site.yaml: bundles: css/site.css: "assets/css/main.css" is not a file in assets/ (did you mean "css/main.css"?)`},
		},
		{
			name:    "wrong member type",
			bundles: map[string][]string{"css/site.css": {"css/main.css", "js/app.js"}},
			want:    []string{`site.yaml: bundles: css/site.css: "js/app.js" is not a .css file (want only .css files in a .css bundle)`},
		},
		{
			name:    "bundle of images",
			bundles: map[string][]string{"img/all.svg": {"img/logo.svg"}},
			want:    []string{`site.yaml: bundles: img/all.svg: extension ".svg" cannot be bundled (want .css or .js)`},
		},
		{
			name:    "bundle name clashes with a file",
			bundles: map[string][]string{"css/main.css": {"css/more.css"}},
			want:    []string{`site.yaml: bundles: css/main.css: name clashes with file assets/css/main.css (want a name no file uses)`},
		},
		{
			name:    "empty bundle",
			bundles: map[string][]string{"css/site.css": nil},
			lines:   map[string]int{"css/site.css": 3},
			want:    []string{`site.yaml:3: bundles: css/site.css: lists no files (want at least one .css file)`},
		},
		{
			name:    "bundle name outside assets",
			bundles: map[string][]string{"../site.css": {"css/main.css"}},
			want:    []string{`site.yaml: bundles: "../site.css" is not a file name under assets/ (want a name such as css/site.css)`},
		},
		{
			name:   "bad prefix",
			prefix: "https://cdn.example.org/assets/",
			want:   []string{`site.yaml: assets prefix: "https://cdn.example.org/assets/" is not a URL path (want a path such as /assets/)`},
		},
		{
			name:  "broken js",
			files: map[string]string{"assets/js/broken.js": "var a = 1;\nvar s = 'abc\n"},
			want:  []string{`assets/js/broken.js:2:9: invalid JavaScript: unterminated string literal in expression`},
		},
		{
			// The member's error is reported once, at the member.
			name:    "broken js in a bundle",
			files:   map[string]string{"assets/js/broken.js": "var a = 1;\nvar s = 'abc\n"},
			bundles: map[string][]string{"js/all.js": {"js/app.js", "js/broken.js"}},
			want:    []string{`assets/js/broken.js:2:9: invalid JavaScript: unterminated string literal in expression`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			for k, v := range tc.files {
				fsys[k] = &fstest.MapFile{Data: []byte(v)}
			}
			m, diags := Build(fsys, Options{Minifier: NewMinifier(), Bundles: tc.bundles, BundleLines: tc.lines, Prefix: tc.prefix})
			var got []string
			for _, e := range diags.Sorted() {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if m == nil {
				t.Fatal("Build returned a nil manifest")
			}
			// Good files are still in the manifest.
			if _, ok := m.Lookup("css/main.css"); !ok {
				t.Error("css/main.css missing after an unrelated error")
			}
		})
	}
}

func TestBundleErrorMapsToMember(t *testing.T) {
	parts := []part{{name: "js/a.js", line: 1}, {name: "js/b.js", line: 5}}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&MinifyError{MediaType: "text/javascript", Line: 3, Col: 2, Msg: "oops"}, "assets/js/a.js:3:2: invalid JavaScript: oops"},
		{&MinifyError{MediaType: "text/javascript", Line: 5, Col: 4, Msg: "oops"}, "assets/js/b.js:1:4: invalid JavaScript: oops"},
		{&MinifyError{MediaType: "text/javascript", Line: 9, Col: 1, Msg: "oops"}, "assets/js/b.js:5:1: invalid JavaScript: oops"},
		{&MinifyError{MediaType: "text/javascript", Msg: "oops"}, "assets/js/all.js: invalid JavaScript: bundle js/all.js: oops"},
	} {
		var diags diag.List
		reportMinify(&diags, "js/all.js", tc.err, parts)
		if got := diags.Error(); got != tc.want {
			t.Errorf("reportMinify(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestSymlinkRejected(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "assets", "css"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "assets", "css", "main.css"), []byte("a{color:red}"), 0o644))
	if err := os.Symlink("main.css", filepath.Join(dir, "assets", "css", "alias.css")); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
	m, diags := Build(os.DirFS(dir), Options{})
	want := "assets/css/alias.css: is a symbolic link (want a regular file or folder; copy the target into assets/)"
	if got := diags.Error(); got != want {
		t.Errorf("problems = %q, want %q", got, want)
	}
	if _, ok := m.Lookup("css/alias.css"); ok {
		t.Error("symbolic link made it into the manifest")
	}
	if _, ok := m.Lookup("css/main.css"); !ok {
		t.Error("css/main.css missing")
	}
}

func TestNoAssets(t *testing.T) {
	m, diags := Build(fstest.MapFS{"site.yaml": {Data: []byte("baseURL: x")}}, Options{})
	if len(diags) > 0 || m == nil || len(m.Names()) != 0 || len(m.Entries()) != 0 {
		t.Errorf("Build without assets/ = %v, %v; want an empty manifest", m, diags)
	}
	_, diags = Build(fstest.MapFS{"assets": {Data: []byte("oops")}}, Options{})
	if got, want := diags.Error(), "assets: is a file (want a folder of assets)"; got != want {
		t.Errorf("assets as a file: problems = %q, want %q", got, want)
	}
	var nilManifest *Manifest
	if _, ok := nilManifest.Lookup("x"); ok {
		t.Error("nil manifest found an entry")
	}
}

func TestPrefix(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "/assets/", true},
		{"/assets/", "/assets/", true},
		{"assets", "/assets/", true},
		{"/static", "/static/", true},
		{"/a/b/", "/a/b/", true},
		{"/", "", false},
		{"/../x/", "", false},
		{"/a//b/", "", false},
		{"https://cdn.example.org/", "", false},
		{"//cdn.example.org/", "", false},
		{"/a b/", "", false},
	} {
		got, ok := normalizePrefix(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("normalizePrefix(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}

	m := mustBuild(t, siteFS(), Options{Prefix: "/static"})
	e, _ := m.Lookup("img/logo.svg")
	if !strings.HasPrefix(e.Path, "static/img/logo.") || e.URL != "/"+e.Path {
		t.Errorf("with prefix /static: Path %q, URL %q", e.Path, e.URL)
	}
}

func TestDataIsNotShared(t *testing.T) {
	// Data must not alias the file system's bytes, or a MapFS edit in serve
	// tests would change a built manifest.
	fsys := fstest.MapFS{"assets/a.txt": {Data: []byte("hello")}}
	m := mustBuild(t, fsys, Options{})
	fsys["assets/a.txt"].Data[0] = 'J'
	e, _ := m.Lookup("a.txt")
	if !bytes.Equal(e.Data, []byte("hello")) {
		t.Errorf("Data = %q after editing the source", e.Data)
	}
}
