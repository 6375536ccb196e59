package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// TestServeUnderTheBasePath previews a site published under a path the way
// it will be published: pages at /a/b/..., their links with the path, /
// leading there, and nothing outside it.
func TestServeUnderTheBasePath(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Write(t, string(b))
	srv := New(Options{Source: s.Dir, Now: sitetest.Now, BaseURL: "http://127.0.0.1/a/b/"})
	// The records of the warm start are written behind the first build:
	// they are done before the site folder goes.
	t.Cleanup(srv.session.Close)
	if errs := srv.Rebuild(nil); errs.HasErrors() {
		t.Fatalf("first build: %v", errs)
	}
	h := srv.Handler("127.0.0.1:1313")
	do := func(p string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", p, nil)
		r.Host = "127.0.0.1:1313"
		h.ServeHTTP(w, r)
		return w
	}
	if w := do("/a/b/en/"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `href="http://127.0.0.1/a/b/es/"`) {
		t.Errorf("GET /a/b/en/: %d, want the English home with links under /a/b/:\n%s", w.Code, w.Body)
	}
	for _, p := range []string{"/", "/a/b"} {
		if w := do(p); w.Code != http.StatusFound || w.Header().Get("Location") != "/a/b/" {
			t.Errorf("GET %s: %d to %q, want a redirect to /a/b/", p, w.Code, w.Header().Get("Location"))
		}
	}
	if w := do("/en/"); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "served under /a/b/") {
		t.Errorf("GET /en/ (outside the base path): %d\n%s", w.Code, w.Body)
	}
	if w := do("/a/b/es/no-such-page/"); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "Página no encontrada") {
		t.Errorf("GET an unknown Spanish page: %d\n%s", w.Code, w.Body)
	}
	if w := do("/a/b/en/events"); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/a/b/en/events/" {
		t.Errorf("GET /a/b/en/events: %d to %q", w.Code, w.Header().Get("Location"))
	}
}
