package cms_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-ssg/puente/internal/browsertest"
	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/cms"
	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/server"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// nodeModules finds the editor's npm packages, or skips (or fails, with
// PUENTE_REQUIRE_BROWSER) the test.
func nodeModules(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("..", "..", filepath.FromSlash(cms.Dir), "node_modules"))
	_, err1 := os.Stat(filepath.Join(dir, "decap-cms", "dist", "decap-cms.js"))
	_, err2 := os.Stat(filepath.Join(dir, "decap-server", "dist", "index.js"))
	node, err3 := exec.LookPath("node")
	if err1 == nil && err2 == nil && err3 == nil && node != "" {
		return dir
	}
	msg := "the editor's npm packages or node are missing; to run this test: cd scripts/cms && npm ci --ignore-scripts"
	if os.Getenv(browsertest.RequireEnv) != "" {
		t.Fatalf("%s (%s is set)", msg, browsertest.RequireEnv)
	}
	t.Skip(msg)
	return ""
}

// copyEditorBundle copies decap-cms's package.json and browser bundle
// (what puente publishes at /admin/) into the test site's own
// scripts/cms/node_modules. A link to the repository's packages would not
// do: puente reads nothing through a link that leads out of the site.
func copyEditorBundle(t *testing.T, modules, site string) {
	t.Helper()
	from := filepath.Join(modules, "decap-cms")
	to := filepath.Join(site, filepath.FromSlash(cms.Dir), "node_modules", "decap-cms")
	if err := os.MkdirAll(filepath.Join(to, "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	names := []string{"package.json"}
	entries, err := os.ReadDir(filepath.Join(from, "dist"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, "decap-cms.js") || filepath.Ext(n) == ".wasm" {
			names = append(names, filepath.Join("dist", n))
		}
	}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(from, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// editorSite writes the build tests' small site with the editor's
// configuration and packages, and starts decap-server (Decap's local
// backend) on it and serve.
type editorSite struct {
	*sitetest.Site
	base    string // serve's address
	backend int    // decap-server's port
	srv     *server.Server
}

func startEditorSite(t *testing.T) *editorSite {
	t.Helper()
	modules := nodeModules(t)
	browsertest.Path(t)
	archive, err := os.ReadFile(filepath.Join("..", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Write(t, string(archive))
	if err := os.MkdirAll(filepath.Join(s.Dir, "scripts", "cms"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyEditorBundle(t, modules, s.Dir)
	cfg, errs := config.Load(os.DirFS(s.Dir))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	for name, data := range cms.Configs(cfg) {
		if err := os.WriteFile(filepath.Join(s.Dir, "scripts", "cms", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	es := &editorSite{Site: s, backend: freePort(t)}

	// decap-server in its file-system mode, on loopback only.
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "node", filepath.Join(modules, "decap-server", "dist", "index.js"))
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", es.backend), "BIND_HOST=127.0.0.1", "MODE=fs", "GIT_REPO_DIRECTORY="+s.Dir, "LOG_LEVEL=error")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/api/v1", es.backend), "application/json", strings.NewReader(`{"action":"info"}`))
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("decap-server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond) // polling a child process
	}

	srv := server.New(server.Options{Source: s.Dir, Now: sitetest.Now, Drafts: true, Quiet: 30 * time.Millisecond})
	if errs := srv.Rebuild(nil); errs.HasErrors() {
		t.Fatalf("first build: %v", errs)
	}
	sctx, scancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(sctx, func(a string) { addrc <- a }) }()
	t.Cleanup(func() {
		scancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop within 5s")
		}
	})
	select {
	case a := <-addrc:
		es.base = "http://" + a
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	es.srv = srv
	return es
}

// requests lists every URL the page has asked for: itself and each
// resource (scripts, chunks, fetches of the configuration and the backend).
func requests(t *testing.T, ctx context.Context) []string {
	t.Helper()
	urls, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.href].concat(performance.getEntriesByType("resource").map(function(e){return e.name}))`))
	if err != nil {
		t.Fatal(err)
	}
	return urls
}

func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	browsertest.WaitJS(t, ctx, what, expr, 20*time.Second)
}

// js runs a script in the page and fails the test when it throws.
func js(t *testing.T, ctx context.Context, script string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){`+script+`;return true})()`)); err != nil {
		t.Fatalf("%s: %v", script, err)
	}
}

// field is the JavaScript for the input of a form field in a pane: 0 the
// language written in (left), 1 the translation beside it (right).
func field(name string, pane int) string {
	return fmt.Sprintf(`document.querySelectorAll('[id^="%s-field-"]')[%d]`, name, pane)
}

// body is the JavaScript for the Markdown editor of a pane.
func body(pane int) string {
	return fmt.Sprintf(`document.querySelectorAll('[data-slate-editor]')[%d]`, pane)
}

// typeInto fills a field. Text inputs are filled as Playwright's fill
// does (the value set, then an input event for the form's handlers): keys
// typed into a form still busy rendering its translation pane get
// reordered. The Markdown editor gets keys.
func typeInto(t *testing.T, ctx context.Context, el, text string) {
	t.Helper()
	got := ""
	for try := 0; try < 4; try++ {
		js(t, ctx, `var e = `+el+`; e.focus(); if (e.select) e.select(); else document.execCommand("selectAll")`)
		isInput, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var e = `+el+`; return e.value !== undefined})()`))
		if err != nil {
			t.Fatal(err)
		}
		if isInput {
			js(t, ctx, `var e = `+el+`; var proto = e.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype; Object.getOwnPropertyDescriptor(proto, "value").set.call(e, `+jsString(text)+`); e.dispatchEvent(new Event("input", {bubbles: true}))`)
		} else if err := chromedp.Do(ctx, chromedp.KeyEvent(text)); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var e = `+el+`; return e.value !== undefined ? e.value : e.innerText.trim()})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got = v; v == text {
			return
		}
	}
	t.Fatalf("typed %q, the field holds %q", text, got)
}

// keys types into a field as a keyboard would (select and relation fields
// search as they are typed into).
func keys(t *testing.T, ctx context.Context, el, text string) {
	t.Helper()
	js(t, ctx, el+".focus()")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(text)); err != nil {
		t.Fatal(err)
	}
}

// pick types into a select or relation field and takes the option shown.
func pick(t *testing.T, ctx context.Context, el, text, option string) {
	t.Helper()
	keys(t, ctx, el, text)
	waitJS(t, ctx, "option "+option, `[...document.querySelectorAll('[class*="option"]')].some(o => o.innerText.includes(`+jsString(option)+`))`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
}

// setDate sets a date input as the browser's date picker does.
func setDate(t *testing.T, ctx context.Context, el, day string) {
	t.Helper()
	js(t, ctx, `var e = `+el+`; Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(e, `+jsString(day)+`); e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); e.dispatchEvent(new Event("blur", {bubbles: true}))`)
}

// checkSite does what `puente check` does: load, render into nothing,
// and compare the editor's configuration.
func checkSite(t *testing.T, es *editorSite) {
	t.Helper()
	fsys := os.DirFS(es.Dir)
	s, errs := build.Load(fsys, build.LoadOptions{Now: sitetest.Now})
	if !errs.HasErrors() {
		_, _, rerrs := build.Render(s, build.Discard{}, build.RenderOptions{})
		errs.Add(rerrs...)
		errs.Add(cms.Check(fsys, s.Config)...)
	}
	if len(errs) > 0 {
		t.Errorf("check: %v", errs)
	}
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

// clickText clicks the first button or menu item whose text is text.
func clickText(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	sel := `[...document.querySelectorAll('button, [role=menuitem], [role=button]')].find(b => b.innerText.trim() === ` + jsString(text) + `)`
	waitJS(t, ctx, "button "+text, sel)
	js(t, ctx, sel+".click()")
}

// openEditor opens /admin/ as an editor writing in lang with the other
// languages also, signs in to the local backend and waits for the list of
// collections.
func openEditor(t *testing.T, ctx context.Context, es *editorSite, lang, also string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/admin/?lang=%s&also=%s&backend=%d", es.base, lang, also, es.backend))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "sign-in page", `document.querySelector("section button")`)
	js(t, ctx, `document.querySelector("section button").click()`)
}

// sameOrigin fails the test on a request to anywhere but serve and the
// local backend.
func sameOrigin(t *testing.T, ctx context.Context, es *editorSite) {
	t.Helper()
	backend := fmt.Sprintf("http://127.0.0.1:%d/", es.backend)
	for _, u := range requests(t, ctx) {
		if !strings.HasPrefix(u, es.base+"/") && !strings.HasPrefix(u, backend) {
			t.Errorf("request to another origin: %s", u)
		}
	}
}

func waitFile(t *testing.T, ctx context.Context, path string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		if time.Now().After(deadline) {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			entries, _ := os.ReadDir(filepath.Dir(path))
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("%s not written within 20s; folder has %v; page:\n%s", path, names, text)
		}
		time.Sleep(100 * time.Millisecond) // polling files another process writes
	}
}

// TestEditorCreatesTranslatedEvent drives /admin/ as an editor would: a
// new event written in Spanish with its Portuguese translation, a region
// and a theme picked from lists, saved through Decap's local backend.
func TestEditorCreatesTranslatedEvent(t *testing.T) {
	es := startEditorSite(t)
	ctx := browsertest.Context(t, 120*time.Second)
	openEditor(t, ctx, es, "es", "pt")
	waitJS(t, ctx, "collections in Spanish", `document.body.innerText.includes("Eventos") && document.body.innerText.includes("Boletines")`)
	js(t, ctx, `location.hash = "#/collections/events/new"`)
	waitJS(t, ctx, "the form and its translation", field("title", 1))

	typeInto(t, ctx, field("title", 0), "Encuentro de ciudades")
	typeInto(t, ctx, field("summary", 0), "Ciudades de los dos continentes.")
	setDate(t, ctx, field("start", 0), "2021-03-15")
	setDate(t, ctx, field("end", 0), "2021-03-16")
	pick(t, ctx, field("regions", 0), "Méx", "México–Guatemala")
	pick(t, ctx, field("themes", 0), "Innov", "Innovación")
	typeInto(t, ctx, field("location", 0), "Bogotá, Colombia")
	typeInto(t, ctx, field("registration", 0), "https://example.org/inscripcion")
	typeInto(t, ctx, body(0), "Un encuentro de ciudades europeas y latinoamericanas.")
	typeInto(t, ctx, field("title", 1), "Encontro de cidades")
	typeInto(t, ctx, body(1), "Um encontro de cidades europeias e latino-americanas.")
	typeInto(t, ctx, field("location", 1), "Bogotá, Colômbia")

	clickText(t, ctx, "Publicar")
	clickText(t, ctx, "Publicar ahora")

	esFile := waitFile(t, ctx, filepath.Join(es.Dir, "content", "events", "encuentro-de-ciudades.es.md"))
	ptFile := waitFile(t, ctx, filepath.Join(es.Dir, "content", "events", "encuentro-de-ciudades.pt.md"))
	t.Logf("written:\n%s\n%s", esFile, ptFile)
	for _, want := range []string{"title: Encuentro de ciudades", "summary: Ciudades de los dos continentes.", "start: 2021-03-15", "end: 2021-03-16", "- mexico-guatemala", "- innovation", "location: Bogotá, Colombia", "registration: https://example.org/inscripcion", "Un encuentro de ciudades europeas y latinoamericanas."} {
		if !strings.Contains(strings.ReplaceAll(esFile, "'", ""), want) {
			t.Errorf("es file lacks %q:\n%s", want, esFile)
		}
	}
	for _, want := range []string{"title: Encontro de cidades", "start: 2021-03-15", "- mexico-guatemala", "- innovation", "location: Bogotá, Colômbia", "Um encontro de cidades europeias e latino-americanas."} {
		if !strings.Contains(strings.ReplaceAll(ptFile, "'", ""), want) {
			t.Errorf("pt file lacks %q:\n%s", want, ptFile)
		}
	}
	if _, err := os.Stat(filepath.Join(es.Dir, "content", "events", "encuentro-de-ciudades.en.md")); err == nil {
		t.Error("an English file was written for a language the editor did not fill")
	}
	sameOrigin(t, ctx, es)

	// The new pages build, pass check and are served in both languages.
	if errs := es.srv.Rebuild(nil); errs.HasErrors() {
		t.Fatalf("rebuild: %v", errs)
	}
	checkSite(t, es)
	es.Build()
	es.AssertFile("es/eventos/encuentro-de-ciudades/index.html", "Encuentro de ciudades")
	es.AssertFile("pt/eventos/encuentro-de-ciudades/index.html", "Encontro de cidades")
	for _, p := range []string{"/es/eventos/encuentro-de-ciudades/", "/pt/eventos/encuentro-de-ciudades/"} {
		resp, err := http.Get(es.base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("serve %s: %d", p, resp.StatusCode)
		}
	}
}

// TestEditorChangesOneTranslation edits one translation of an existing
// page beside its English source, as a translator would: the Portuguese
// file changes, the English one reads the same, and the Spanish one,
// which the translator did not open, keeps its bytes.
func TestEditorChangesOneTranslation(t *testing.T) {
	es := startEditorSite(t)
	dir := filepath.Join(es.Dir, "content", "events")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	enBefore, esBefore := read("old.en.md"), read("old.es.md")
	ctx := browsertest.Context(t, 120*time.Second)
	openEditor(t, ctx, es, "en", "pt")
	waitJS(t, ctx, "collections in English", `document.body.innerText.includes("Events") && document.body.innerText.includes("Newsletters")`)
	// The home page (content/_index.*.md) is not offered among the pages.
	js(t, ctx, `location.hash = "#/collections/pages"`)
	waitJS(t, ctx, "the standalone pages", `[...document.querySelectorAll("a[href*='/entries/']")].some(a => a.offsetParent && a.href.endsWith("/entries/about"))`)
	if shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll("a[href*='/entries/_index']")].some(a => a.offsetParent)`)); shown {
		t.Error("the home page's _index entry is offered among the pages")
	}
	js(t, ctx, `location.hash = "#/collections/events/entries/old"`)
	waitJS(t, ctx, "the entry and its Portuguese translation", field("title", 1)+`.value === "Reunião antiga"`)
	typeInto(t, ctx, field("title", 1), "Reunião antiga de Bruxelas")
	clickText(t, ctx, "Publish")
	clickText(t, ctx, "Publish now")

	deadline := time.Now().Add(20 * time.Second)
	var ptAfter []byte
	for {
		ptAfter = read("old.pt.md")
		if strings.Contains(string(ptAfter), "Reunião antiga de Bruxelas") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Portuguese file was not saved within 20s:\n%s", ptAfter)
		}
		time.Sleep(100 * time.Millisecond) // polling a file another process writes
	}
	t.Logf("Portuguese file now:\n%s", ptAfter)
	for _, want := range []string{"start: 2018-11-23", "- innovation", "Antes."} {
		if !strings.Contains(strings.ReplaceAll(string(ptAfter), "'", ""), want) {
			t.Errorf("Portuguese file lost %q", want)
		}
	}
	if !bytes.Equal(read("old.es.md"), esBefore) {
		t.Errorf("the Spanish file changed:\n%s", read("old.es.md"))
	}
	// The English source reads the same as before.
	enAfter := read("old.en.md")
	opts := content.Options{Languages: []string{"en", "es", "pt"}, DefaultLanguage: "en"}
	before, errs1 := content.Parse("content/events/old.en.md", enBefore, opts)
	after, errs2 := content.Parse("content/events/old.en.md", enAfter, opts)
	if len(errs1)+len(errs2) > 0 {
		t.Fatal(errs1, errs2)
	}
	before.Front.Lines, after.Front.Lines = nil, nil
	if fmt.Sprint(before.Front) != fmt.Sprint(after.Front) || strings.TrimSpace(string(before.Body)) != strings.TrimSpace(string(after.Body)) {
		t.Errorf("the English file changed:\n%s\nnow:\n%s", enBefore, enAfter)
	}
	sameOrigin(t, ctx, es)
	checkSite(t, es)
	if errs := es.srv.Rebuild(nil); errs.HasErrors() {
		t.Fatalf("rebuild: %v", errs)
	}
	resp, err := http.Get(es.base + "/pt/eventos/old/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Reunião antiga de Bruxelas") {
		t.Errorf("serve does not show the change:\n%s", b)
	}
}

// TestAdminFromBuiltSite loads /admin/ from the built site, served as
// static files, and signs in to the local backend: the editor's script,
// its chunks and its configuration all come from the site's origin.
func TestAdminFromBuiltSite(t *testing.T) {
	es := startEditorSite(t)
	es.Build()
	static := httptest.NewServer(http.FileServer(http.Dir(es.Path("."))))
	t.Cleanup(static.Close)
	ctx := browsertest.Context(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/admin/?lang=pt&backend=%d", static.URL, es.backend))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "sign-in page", `document.querySelector("section button")`)
	js(t, ctx, `document.querySelector("section button").click()`)
	waitJS(t, ctx, "collections in Portuguese", `document.body.innerText.includes("Boletins") && document.body.innerText.includes("Estudos de caso")`)
	js(t, ctx, `location.hash = "#/collections/newsletters"`)
	waitJS(t, ctx, "the newsletters", `document.body.innerText.includes("Boletins")`)
	backend := fmt.Sprintf("http://127.0.0.1:%d/", es.backend)
	var chunks int
	for _, u := range requests(t, ctx) {
		if strings.HasSuffix(u, ".decap-cms.js") {
			chunks++
		}
		if !strings.HasPrefix(u, static.URL+"/") && !strings.HasPrefix(u, backend) {
			t.Errorf("request to another origin: %s", u)
		}
	}
	t.Logf("%d chunks of the editor loaded from the site", chunks)
}

// TestBuiltSiteHasAdmin needs no browser: a build publishes the admin page
// and the configurations, the same bytes `puente cms` writes.
func TestBuiltSiteHasAdmin(t *testing.T) {
	archive, err := os.ReadFile(filepath.Join("..", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Write(t, string(archive)).Build()
	cfg, errs := config.Load(os.DirFS(s.Dir))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	for name, data := range cms.Configs(cfg) {
		if got := s.Read("admin/" + name); got != string(data) {
			t.Errorf("admin/%s differs from what puente cms writes", name)
		}
	}
	s.AssertFile("admin/index.html", `<script>`, `cd scripts/cms &amp;&amp; npm ci --ignore-scripts`)
}
