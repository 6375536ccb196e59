package website_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/browsertest"
	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/site"
)

// root is the repository, whose site these tests check.
const root = "../.."

// validateDir holds the pinned validators (npm ci there).
const validateDir = root + "/scripts/validate"

var (
	vnuJar = filepath.Join(validateDir, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	axeJS  = filepath.Join(validateDir, "node_modules", "axe-core", "axe.min.js")
)

// mustKinds are the kinds of page every language must have, and the sample
// the accessibility test checks (one page of each, per language).
var mustKinds = []string{
	"home", "section", site.KindRegions, "region", "event", "newsletter", "case-study",
	"page", site.KindThemes, site.KindTheme, site.KindYears, site.KindYear, site.KindNotFound,
}

// The site is built once for every test: building it per test would only
// repeat the same work. TestMain removes the folder afterwards, which
// t.TempDir cannot do for a value shared between tests.
var (
	buildOnce sync.Once
	builtDir  string
	builtSite *build.Site
	buildErr  error
	tmpRoot   string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range []string{tmpRoot, readerRoot} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// built returns the folder of the built site and the model it was built from.
func built(t *testing.T) (string, *build.Site) {
	t.Helper()
	buildOnce.Do(func() {
		tmpRoot, buildErr = os.MkdirTemp("", "puente-website-")
		if buildErr != nil {
			return
		}
		builtDir = filepath.Join(tmpRoot, "public")
		_, _, buildErr = build.Build(build.Options{
			Source:      root,
			Dest:        builtDir,
			LoadOptions: build.LoadOptions{Minify: true},
		})
		if buildErr != nil {
			return
		}
		s, errs := build.Load(os.DirFS(root), build.LoadOptions{Minify: true})
		if errs.HasErrors() {
			buildErr = errs.Errors()
			return
		}
		builtSite = s
	})
	if buildErr != nil {
		t.Fatalf("building the repository's site: %v", buildErr)
	}
	return builtDir, builtSite
}

// htmlFiles lists every built HTML file, relative to dir with forward slashes.
func htmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// need skips the test when a tool is missing, or fails it when env is set
// (CI sets it, so that a missing tool is never a silent pass).
func need(t *testing.T, env, what, how string) {
	t.Helper()
	if os.Getenv(env) != "" {
		t.Fatalf("%s is missing and %s is set: %s", what, env, how)
	}
	t.Skipf("%s is missing; to run this test: %s", what, how)
}

func TestHTMLIsValid(t *testing.T) {
	dir, _ := built(t)
	validateHTML(t, dir, htmlFiles(t, dir))
}

// validateHTML runs the Nu validator on files (relative to dir) and
// reports every error as a test error.
func validateHTML(t *testing.T, dir string, files []string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		need(t, "PUENTE_REQUIRE_VALIDATORS", "java", "install a Java runtime (17 or later)")
	}
	if _, err := os.Stat(vnuJar); err != nil {
		need(t, "PUENTE_REQUIRE_VALIDATORS", "the Nu validator ("+vnuJar+")", "run: cd scripts/validate && npm ci")
	}
	args := []string{"-jar", vnuJar, "--errors-only", "--format", "json"}
	for _, f := range files {
		args = append(args, filepath.Join(dir, filepath.FromSlash(f)))
	}
	cmd := exec.Command(java, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		t.Fatalf("running the Nu validator: %v", runErr)
	}
	// The JSON report goes to stderr; exit status 1 only says there were errors.
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			SubType  string `json:"subType"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			LastCol  int    `json:"lastColumn"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(stderr.String()), &report); err != nil {
		t.Fatalf("reading the Nu validator's report: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	for _, m := range report.Messages {
		file := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			if rel, err := filepath.Rel(dir, u.Path); err == nil {
				file = filepath.ToSlash(rel)
			}
		}
		// Minified pages are one long line: the column finds the place.
		t.Errorf("%s:%d:%d: %s: %s (in %q)", file, m.LastLine, m.LastCol, m.Type, m.Message, m.Extract)
	}
	if runErr != nil && len(report.Messages) == 0 {
		t.Errorf("the Nu validator failed without messages: %v\n%s", runErr, stdout.String())
	}
	t.Logf("validated %d HTML files, %d errors", len(files), len(report.Messages))
}

// pageURL is the path a browser asks for to get a page's file.
func pageURL(p *site.Page) string {
	u := "/" + p.OutputPath
	return strings.TrimSuffix(u, "index.html")
}

// sample returns one page of each kind in each language, and the language
// chooser at the root, as paths.
func sample(s *build.Site) []string {
	paths := []string{"/"}
	for _, lv := range s.Model.Langs {
		seen := map[string]bool{}
		for _, p := range s.Model.PagesIn(lv.Code) {
			if !seen[p.Kind] {
				seen[p.Kind] = true
				paths = append(paths, pageURL(p))
			}
		}
	}
	return paths
}

// browser starts a headless Chromium for one test.
func browser(t *testing.T, timeout time.Duration) context.Context {
	return browsertest.Context(t, timeout)
}

// serve serves the built site on 127.0.0.1 and returns its base URL.
func serve(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// escapePath escapes a site path (which may hold ñ or ç) for a URL.
func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

const axeRun = `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || '', help: v.help,
	nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''}))
})))`

func TestAccessibility(t *testing.T) {
	ctx := browser(t, 5*time.Minute)
	axe, err := os.ReadFile(axeJS)
	if err != nil {
		need(t, "PUENTE_REQUIRE_VALIDATORS", "axe-core ("+axeJS+")", "run: cd scripts/validate && npm ci")
	}
	dir, s := built(t)
	base := serve(t, dir)
	runAxe := func(u string) []axeViolation { return axeViolations(t, ctx, axe, u) }
	// A page with known faults first: a harness that finds nothing there
	// would pass any site.
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!DOCTYPE html><html><title>x</title><p style="color:#ccc;background:#fff">faint</p><img src="data:,">`)
	}))
	defer canary.Close()
	if vs := runAxe(canary.URL); len(vs) < 2 {
		t.Fatalf("axe-core found %d violations on a page with three (no lang, contrast, no alt): the harness is broken", len(vs))
	}
	pages := sample(s)
	serious, other := 0, 0
	// The language chooser at / sends the browser on at once (a zero-second
	// meta refresh), which would pull the page away from under axe-core: it
	// is checked as served, less that one line.
	chooser, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	still := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(refreshRE.ReplaceAll(chooser, nil))
	}))
	defer still.Close()
	for _, p := range pages {
		u := base + escapePath(p)
		if p == "/" {
			u = still.URL + "/"
		}
		for _, v := range runAxe(u) {
			for _, n := range v.Nodes {
				if v.Impact == "serious" || v.Impact == "critical" {
					serious++
					t.Errorf("%s: %s (%s): %s at %s\n\t%s", p, v.ID, v.Impact, v.Help, n.Target, strings.ReplaceAll(n.Summary, "\n", "\n\t"))
				} else {
					other++
					t.Logf("%s: %s (%s, not failing): %s at %s", p, v.ID, v.Impact, v.Help, n.Target)
				}
			}
		}
	}
	t.Logf("checked %d pages with axe-core: %d serious or critical, %d other", len(pages), serious, other)
}

// axeViolations loads u in the browser and runs axe-core on it.
func axeViolations(t *testing.T, ctx context.Context, axe []byte, u string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+"\n;typeof axe === 'object'")); err != nil {
		t.Fatalf("%s: injecting axe-core: %v", u, err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe-core: %v", u, err)
	}
	return vs
}

// refreshRE matches a meta refresh element.
var refreshRE = regexp.MustCompile(`(?i)<meta\s+http-equiv=["']?refresh["']?[^>]*>`)

// attrURL finds href and src values, quoted or not (the minifier drops
// quotes where it can).
var attrURL = regexp.MustCompile(`\s(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

func TestSiteShape(t *testing.T) {
	dir, s := built(t)
	exists := func(rel string) bool {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
		return err == nil && !fi.IsDir()
	}

	// Pages per kind and language, counting only pages whose file was built.
	counts := map[string]map[string]int{} // lang → kind → pages
	innovact := map[string]int{}
	for _, lv := range s.Model.Langs {
		counts[lv.Code] = map[string]int{}
		for _, p := range s.Model.PagesIn(lv.Code) {
			if !exists(p.OutputPath) {
				t.Errorf("%s page %s: %s was not built", p.Kind, p.URL, p.OutputPath)
				continue
			}
			counts[lv.Code][p.Kind]++
			if p.Kind == "region" && p.File != nil && strings.EqualFold(p.File.Front.Programme, "INNOVACT") {
				innovact[lv.Code]++
			}
		}
		for _, k := range mustKinds {
			if counts[lv.Code][k] == 0 {
				t.Errorf("%s: no page of kind %s", lv.Code, k)
			}
		}
		if innovact[lv.Code] < 7 {
			t.Errorf("%s: %d INNOVACT region pages, want at least 7", lv.Code, innovact[lv.Code])
		}
		if n, want := counts[lv.Code][site.KindTheme], len(s.Config.Themes); n != want {
			t.Errorf("%s: %d theme pages, want one per theme of site.yaml (%d)", lv.Code, n, want)
		}
		t.Logf("%s: %v (INNOVACT regions %d)", lv.Code, counts[lv.Code], innovact[lv.Code])
	}

	// Every content file is a page in the language it is written in.
	pageOf := map[string]*site.Page{}
	for _, p := range s.Model.Pages {
		if p.File != nil {
			pageOf[p.File.Path] = p
		}
	}
	for _, f := range s.Files {
		if f.Front.Draft {
			continue
		}
		p := pageOf[f.Path]
		switch {
		case p == nil && f.Kind != "home" && f.Kind != "section":
			t.Errorf("%s: no page built from it", f.Path)
		case p == nil:
			// Home and section files feed generated list pages.
		case p.Lang != f.Lang:
			t.Errorf("%s: its page %s is in %s, want %s", f.Path, p.URL, p.Lang, f.Lang)
		case !exists(p.OutputPath):
			t.Errorf("%s: its page %s was not built", f.Path, p.OutputPath)
		}
	}

	// Every internal link resolves to a built file.
	files := htmlFiles(t, dir)
	links := 0
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range attrURL.FindAllStringSubmatch(string(b), -1) {
			raw := html.UnescapeString(m[1] + m[2] + m[3])
			if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") {
				continue
			}
			links++
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: link %q: %v", f, raw, err)
				continue
			}
			target := strings.TrimPrefix(path.Clean(u.Path), "/")
			if strings.HasSuffix(u.Path, "/") {
				target = path.Join(target, "index.html")
			}
			if !exists(target) && !exists(path.Join(target, "index.html")) {
				t.Errorf("%s: link %s: no built file %s", f, raw, target)
			}
		}
	}
	t.Logf("%d HTML files, %d internal links checked", len(files), links)

	// The stylesheet the pages link to stays light.
	home, err := os.ReadFile(filepath.Join(dir, "en", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`href="?(/[^"\s>]*\.css)`).FindSubmatch(home)
	if css == nil {
		t.Fatal("en/index.html links no stylesheet")
	}
	fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(string(css[1]))))
	if err != nil {
		t.Fatalf("stylesheet %s: %v", css[1], err)
	}
	if fi.Size() >= 20*1024 {
		t.Errorf("stylesheet %s is %d bytes minified, want under 20 KB", css[1], fi.Size())
	}
	t.Logf("stylesheet %s: %d bytes", css[1], fi.Size())
}

func TestWorksWithoutJavaScript(t *testing.T) {
	ctx := browser(t, time.Minute)
	dir, s := built(t)
	base := serve(t, dir)
	disable := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if _, err := chromedp.Run(ctx, disable); err != nil {
		t.Fatalf("disabling JavaScript: %v", err)
	}
	// A page whose script would retitle it proves scripts are really off.
	probe := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!DOCTYPE html><title>off</title><script>document.title = "on"</script>`)
	}))
	defer probe.Close()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(probe.URL)); err != nil {
		t.Fatal(err)
	}
	if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || title != "off" {
		t.Fatalf("JavaScript is not disabled: the probe page's title is %q (%v)", title, err)
	}
	for _, lv := range s.Model.Langs {
		home := base + escapePath(pageURL(lv.Home))
		if _, err := chromedp.Run(ctx, chromedp.Navigate(home)); err != nil {
			t.Fatalf("%s: %v", home, err)
		}
		// Visible means laid out with a size and not hidden by CSS; with
		// scripts off nothing can have revealed them.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]string](`(function(){
			function shown(sel){ return Array.from(document.querySelectorAll(sel)).filter(a => {
				const r = a.getBoundingClientRect(), st = getComputedStyle(a);
				return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
			}).map(a => a.getAttribute('href')); }
			return {menu: shown('nav.site-nav a'), switcher: shown('nav.lang-switcher a')};
		})()`))
		if err != nil {
			t.Fatalf("%s: %v", home, err)
		}
		if n, want := len(got["menu"]), len(lv.Menu); n != want || n == 0 {
			t.Errorf("%s: %d visible menu links %v, want %d", lv.Code, n, got["menu"], want)
		}
		if n, want := len(got["switcher"]), len(s.Model.Langs); n != want {
			t.Errorf("%s: %d visible language links %v, want %d", lv.Code, n, got["switcher"], want)
		}
	}
}

// TestSearchFindsPagesBySpanishWords runs the search page's script in
// Chromium: Spanish words, with or without accents, in other forms than
// the text's, find the regions they belong to.
func TestSearchFindsPagesBySpanishWords(t *testing.T) {
	ctx := browser(t, time.Minute)
	dir, s := built(t)
	base := serve(t, dir)
	var searchURL string
	for _, lv := range s.Model.Langs {
		if lv.Code == "es" && lv.Search != nil {
			searchURL = base + escapePath(lv.Search.URL)
		}
	}
	if searchURL == "" {
		t.Fatal("no Spanish search page")
	}
	for _, tc := range []struct{ query, want string }{
		{"Guatemala", "/es/regiones/mexico-guatemala/"},
		{"frontera paraguay", "/es/regiones/argentina-paraguay-brasil/"},
		{"cooperacion transfronteriza", "/es/regiones/"},
	} {
		if _, err := chromedp.Run(ctx, chromedp.Navigate(searchURL+"?q="+url.QueryEscape(tc.query))); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Array.from(document.querySelectorAll("#search-results a")).some(function(a){return a.getAttribute("href").indexOf(`+strconv.Quote(tc.want)+`) === 0})`))
			if err == nil && found {
				break
			}
			if time.Now().After(deadline) {
				html, _ := chromedp.Run(ctx, chromedp.OuterHTML("#search-results"))
				t.Errorf("search %q: no result under %s; results:\n%s", tc.query, tc.want, html)
				break
			}
			time.Sleep(50 * time.Millisecond) // polling the browser
		}
	}
}

// The build minifies the theme's layouts once and each body as it is
// converted (see render/minify.go). Each page must mean what minifying the
// page whole would make it mean, and come out within a few bytes of that.
func TestMinifiedLayoutsMeanTheSame(t *testing.T) {
	dir, _ := built(t)
	raw := filepath.Join(t.TempDir(), "public")
	if _, _, err := build.Build(build.Options{Source: root, Dest: raw, LoadOptions: build.LoadOptions{Minify: true}}); err != nil {
		t.Fatal(err)
	}
	m := assets.NewMinifier()
	var size, wholeSize int
	for _, f := range htmlFiles(t, raw) {
		rawPage, err := os.ReadFile(filepath.Join(raw, f))
		if err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := m.Minify("text/html", rawPage)
		if err != nil {
			t.Fatal(err)
		}
		again, err := m.Minify("text/html", page)
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(whole) {
			t.Errorf("%s: the page differs from the page minified whole", f)
		}
		size += len(page)
		wholeSize += len(whole)
	}
	if size > wholeSize+wholeSize/100 {
		t.Errorf("pages total %d bytes, %d when minified whole: more than 1 %% apart", size, wholeSize)
	}
	t.Logf("pages total %d bytes, %d when minified whole", size, wholeSize)
}
