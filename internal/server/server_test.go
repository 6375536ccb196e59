package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// startServer serves the basic fixture site on a free loopback port and
// returns its address; the server stops when the test ends.
func startServer(t *testing.T) (*sitetest.Site, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Write(t, string(b))
	srv := New(Options{Source: s.Dir, Now: sitetest.Now, Drafts: true, Quiet: 30 * time.Millisecond})
	if errs := srv.Rebuild(nil); errs.HasErrors() {
		t.Fatalf("first build: %v", errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(a string) { addrc <- a }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("server did not stop within 5s")
		}
	})
	select {
	case a := <-addrc:
		return s, "http://" + a
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	return nil, ""
}

var client = &http.Client{Timeout: 5 * time.Second}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// events reads the server's event stream.
type events struct {
	r    *bufio.Reader
	body io.Closer
}

func listen(t *testing.T, base string) *events {
	t.Helper()
	resp, err := http.Get(base + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &events{r: bufio.NewReader(resp.Body), body: resp.Body}
}

// next returns the next event's name and data, failing after a deadline.
func (e *events) next(t *testing.T) (string, string) {
	t.Helper()
	type ev struct{ name, data string }
	c := make(chan ev, 1)
	go func() {
		var name, data string
		for {
			line, err := e.r.ReadString('\n')
			if err != nil {
				c <- ev{"eof", err.Error()}
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data += strings.TrimPrefix(line, "data: ")
			case line == "" && name != "":
				c <- ev{name, data}
				return
			}
		}
	}()
	select {
	case v := <-c:
		return v.name, v.data
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return "", ""
}

func TestServeRebuildsOnSaveAndShowsErrors(t *testing.T) {
	s, base := startServer(t)
	code, body, hdr := get(t, base+"/es/eventos/arranque/")
	if code != 200 || !strings.Contains(body, "Arranque") || !strings.Contains(body, EventsPath) {
		t.Fatalf("GET page: %d\n%s", code, body)
	}
	if ct := hdr.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	ev := listen(t, base)
	if name, _ := ev.next(t); name != "ok" {
		t.Fatalf("first event %q, want ok", name)
	}

	// An editor's save: write a temporary file, then rename it over the page.
	tmp := filepath.Join(s.Dir, "content", "events", ".kickoff.es.md.swp")
	os.WriteFile(tmp, []byte("---\ntitle: Arranque nuevo\nslug: arranque\nstart: 2019-10-07\nattendance: online\n---\nTexto nuevo.\n"), 0o644)
	os.Rename(tmp, filepath.Join(s.Dir, "content", "events", "kickoff.es.md"))
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after a save: event %q, want reload", name)
	}
	if _, body, _ := get(t, base+"/es/eventos/arranque/"); !strings.Contains(body, "Texto nuevo.") {
		t.Errorf("page not rebuilt:\n%s", body)
	}

	// Broken front matter: the errors go to the page, the last good site stays.
	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: [Arranque\n---\nRoto <b>.\n")
	name, data := ev.next(t)
	if name != "errors" || !strings.Contains(data, "content/events/kickoff.es.md:2") {
		t.Fatalf("after breaking: event %q %s", name, data)
	}
	if _, body, _ := get(t, base+"/es/eventos/arranque/"); !strings.Contains(body, "Texto nuevo.") {
		t.Errorf("last good page not served:\n%s", body)
	}
	// A page opened while the build is broken learns the errors at once.
	if name, _ := listen(t, base).next(t); name != "errors" {
		t.Errorf("new listener got %q, want errors", name)
	}

	// Fixed: pages reload.
	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: Arranque\nslug: arranque\nstart: 2019-10-07\nattendance: online\n---\nArreglado.\n")
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after fixing: event %q, want reload", name)
	}
	if _, body, _ := get(t, base+"/es/eventos/arranque/"); !strings.Contains(body, "Arreglado.") {
		t.Errorf("fixed page not served:\n%s", body)
	}

	// A stylesheet change swaps CSS without a reload.
	s.WriteFile("assets/css/site.css", "body { color: #111111; }\n")
	if name, _ := ev.next(t); name != "css" {
		t.Errorf("after a CSS change: event %q, want css", name)
	}

	// A folder made after serve started is watched too.
	s.WriteFile("content/events/sub-later.en.md", "---\ntitle: Later\nstart: 2019-02-02\nattendance: online\n---\n")
	if name, _ := ev.next(t); name != "reload" {
		t.Errorf("after adding a page: event %q", name)
	}
}

func TestServeRefusesPathsOutsideTheSite(t *testing.T) {
	s, base := startServer(t)
	os.WriteFile(filepath.Join(s.Dir, "secret.txt"), []byte("secret"), 0o644)
	for _, p := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/en/%2e%2e/%2e%2e/secret.txt", "/.git/config", "/site.yaml", "/content/about.en.md"} {
		code, body, _ := get(t, base+p)
		if code != http.StatusNotFound || strings.Contains(body, "secret") || strings.Contains(body, "baseURL") {
			t.Errorf("GET %s: %d\n%s", p, code, body)
		}
	}
	code, body, _ := get(t, base+"/es/no-such-page/")
	if code != http.StatusNotFound || !strings.Contains(body, "Página no encontrada") {
		t.Errorf("unknown Spanish page: %d\n%s", code, body)
	}
	if code, _, _ := get(t, base+"/en/events"); code != http.StatusOK {
		t.Errorf("/en/events (no slash): %d, want a redirect to the folder", code)
	}
}

func TestServeShowsDraftsWithBanner(t *testing.T) {
	_, base := startServer(t)
	code, body, _ := get(t, base+"/en/events/draft/")
	if code != 200 || !strings.Contains(body, "this page is a draft") {
		t.Errorf("draft: %d\n%s", code, body)
	}
}

func TestServeTranslationsReport(t *testing.T) {
	_, base := startServer(t)
	code, body, _ := get(t, base+TranslationsPath)
	if code != 200 || !strings.Contains(body, "<h2 id=\"lang-pt\">pt:") || !strings.Contains(body, "content/events/kickoff.en.md") {
		t.Errorf("report: %d\n%s", code, body)
	}
}
