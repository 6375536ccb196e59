package server

import (
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
)

// memSite is a built site held in memory. It implements build.Output.
type memSite struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newMemSite() *memSite { return &memSite{files: map[string][]byte{}} }

// WriteFile keeps a copy of data at name.
func (m *memSite) WriteFile(name string, data []byte) error {
	b := make([]byte, len(data))
	copy(b, data)
	m.mu.Lock()
	m.files[name] = b
	m.mu.Unlock()
	return nil
}

var _ build.Adopter = (*memSite)(nil)

// Adopt keeps data as the file's bytes without a copy (build.Adopter).
func (m *memSite) Adopt(name string, data []byte) {
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
}

// Remove deletes a file that a rebuild took away.
func (m *memSite) Remove(name string) {
	m.mu.Lock()
	delete(m.files, name)
	m.mu.Unlock()
}

func (m *memSite) get(name string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[name]
	return b, ok
}

func (m *memSite) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.files)
}

// EventsPath is where open pages listen for rebuilds.
const EventsPath = "/_puente/events"

// Handler serves the last good site, the live reload events and 404 pages
// to requests for addr, the host and port the server listens on (see
// guard: every endpoint is behind it).
func (s *Server) Handler(addr string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(EventsPath, s.serveEvents)
	mux.HandleFunc(TranslationsPath, s.serveTranslations)
	mux.HandleFunc("/", s.serveFile)
	return guard(addr, mux)
}

// resolve maps a request path to a file of the built site, or "" when the
// path is not one a site can have: no .., no dotfiles, no backslashes.
func resolve(urlPath string) string {
	if !strings.HasPrefix(urlPath, "/") || strings.Contains(urlPath, "\\") || strings.ContainsRune(urlPath, 0) {
		return ""
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") {
			return ""
		}
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if strings.HasSuffix(urlPath, "/") {
		if name == "" {
			return "index.html"
		}
		return name + "/index.html"
	}
	return name
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	site, errs := s.served(r.Context())
	if site == nil {
		// No good build yet: show the errors, with the reload script so the
		// page comes back by itself once they are fixed.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, errorPage(errs))
		return
	}
	urlPath, under := s.sitePath(r.URL.Path)
	if !under {
		// The site is published under a path: / leads there, anything
		// else outside it is not part of the site.
		if r.URL.Path == "/" || r.URL.Path+"/" == s.BasePath() {
			http.Redirect(w, r, s.BasePath(), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "404 page not found: the site is served under %s\n", s.BasePath())
		return
	}
	name := resolve(urlPath)
	data, ok := []byte(nil), false
	if name != "" {
		data, ok = site.get(name)
		if !ok && !strings.HasSuffix(r.URL.Path, "/") && path.Ext(name) == "" {
			if _, dir := site.get(name + "/index.html"); dir {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if page, found := site.get(notFoundFor(urlPath, site)); found {
			w.Write(page)
		} else {
			fmt.Fprint(w, "404 page not found")
		}
		return
	}
	w.Header().Set("Content-Type", contentType(name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(data)
}

// BasePath is the path the site is served under: its base URL's path,
// "/" unless the site is published below a domain's root.
func (s *Server) BasePath() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.loaded == nil || s.loaded.Config == nil || s.loaded.Config.BaseURL == nil {
		return "/"
	}
	return s.loaded.Config.BaseURL.Path
}

// sitePath is a request path without the base path, or false when the
// request is outside it.
func (s *Server) sitePath(urlPath string) (string, bool) {
	base := s.BasePath()
	if base == "/" {
		return urlPath, true
	}
	if rest, ok := strings.CutPrefix(urlPath, base); ok {
		return "/" + rest, true
	}
	return "", false
}

// notFoundFor picks the 404 page of the language a path is in.
func notFoundFor(urlPath string, site servedSite) string {
	parts := strings.SplitN(strings.TrimPrefix(urlPath, "/"), "/", 2)
	if len(parts) > 0 && parts[0] != "" && !strings.HasPrefix(parts[0], ".") {
		name := parts[0] + "/404.html"
		if _, ok := site.get(name); ok {
			return name
		}
	}
	return "404.html"
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".ics":
		return "text/calendar; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".json":
		return "application/json; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".yml", ".yaml":
		// The editor reads /admin/config.yml only when it is served as YAML.
		return "text/yaml; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveEvents streams rebuild events to one open page. On connect it tells
// the page the current state, so a page opened during a broken build shows
// the overlay at once.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := s.subscribe()
	defer s.unsubscribe(ch)
	s.mu.RLock()
	errs, version := s.errs, s.version
	s.mu.RUnlock()
	if errs.HasErrors() {
		writeEvent(w, event{kind: "errors", data: errorsJSON(errs)})
	} else {
		writeEvent(w, event{kind: "ok", data: fmt.Sprint(version)})
	}
	flusher.Flush()
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-ch:
			if !ok {
				return
			}
			writeEvent(w, e)
			flusher.Flush()
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, e event) {
	fmt.Fprintf(w, "event: %s\n", e.kind)
	for _, line := range strings.Split(e.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}

// errorsJSON is the list of problems as the overlay script reads it.
func errorsJSON(errs diag.List) string {
	lines := []string{}
	for _, e := range errs {
		lines = append(lines, e.Error())
	}
	b, _ := json.Marshal(lines)
	return string(b)
}

// errorPage is served when no build has succeeded yet.
func errorPage(errs diag.List) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>puente: build failed</title></head><body>")
	b.WriteString("<h1>The site did not build</h1><p>Fix these problems and save; this page reloads by itself.</p><ul id=\"puente-errors\">")
	for _, e := range errs {
		b.WriteString("<li><code>")
		b.WriteString(htmlEscape(e.Error()))
		b.WriteString("</code></li>")
	}
	b.WriteString("</ul>")
	b.WriteString(liveReloadScript)
	b.WriteString("</body></html>\n")
	return b.String()
}

func htmlEscape(s string) string { return html.EscapeString(s) }
