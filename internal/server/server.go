// Package server owns `puente serve`: it builds the site into memory,
// serves the last good build on a loopback address, watches the site's
// folders with fsnotify, coalesces bursts of events into one rebuild, and
// tells open pages over Server-Sent Events to reload, swap their stylesheet
// or show an overlay with the errors of a failed rebuild. It does not know
// how a build works inside: it calls package build.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/sitefs"
)

// Options configure a Server.
type Options struct {
	// Source is the site root.
	Source string
	// Bind and Port are where to listen; Bind must be a loopback address.
	Bind string
	Port int
	// Drafts and Future show draft and future pages (serve shows both by
	// default, with a banner).
	Drafts bool
	Future bool
	// BaseURL overrides site.yaml's baseURL, as build's --base-url does.
	// The site is served under the base URL's path (/programme-site/ for
	// https://example.github.io/programme-site/), as it will be published.
	BaseURL string
	// Log receives one line per rebuild and the errors of a failed one.
	Log io.Writer
	// Now fixes the build time (tests); zero means time.Now() at each build.
	Now time.Time
	// Quiet is how long the watcher waits for a burst of events to end
	// before rebuilding (default 20ms). An editor's write-then-rename takes
	// a few milliseconds; a longer burst, such as a git checkout, may make
	// two rebuilds, the last of which sees every change.
	Quiet time.Duration
}

// Server serves the last good build of a site and rebuilds it on change.
type Server struct {
	opts Options

	mu sync.RWMutex
	// site is the last good build; errs the problems of the last build
	// (empty when it succeeded).
	site    *memSite
	errs    diag.List
	version int
	// loaded is the last good build's loaded site, for the translations report.
	loaded *build.Site

	clientsMu sync.Mutex
	clients   map[chan event]struct{}

	// rebuildMu serialises rebuilds, which share the session.
	rebuildMu sync.Mutex
	session   *build.Session
	// start is the state of the first build (see start.go).
	start startState
}

// event is what the server tells open pages.
type event struct {
	kind string // reload, css, errors, ok
	data string
}

// New makes a Server. Run starts the first build once it listens (see
// start.go); Rebuild makes one at once.
func New(opts Options) *Server {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Quiet == 0 {
		opts.Quiet = 20 * time.Millisecond
	}
	// The folder stays open for the server's life: every rebuild reads
	// through it, and so never out of the site (see package sitefs).
	var src fs.FS
	if f, err := sitefs.Open(opts.Source); err == nil {
		src = f
	} else {
		src = sitefs.Unreadable(err)
	}
	s := &Server{opts: opts, clients: map[chan event]struct{}{},
		session: build.NewSession(src, build.LoadOptions{Drafts: opts.Drafts, Future: opts.Future, BaseURL: opts.BaseURL, Lastmod: build.GitDates(opts.Source), Images: build.SiteImages(opts.Source, false)}),
	}
	s.initStart()
	return s
}

// Errors returns the problems of the last build, empty when it succeeded.
func (s *Server) Errors() diag.List {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.errs
}

// Rebuild applies changed files (site-relative paths; nil rebuilds
// everything) and re-renders what they affect into the served site. On
// success it tells pages to reload (or only to swap stylesheets when every
// change is CSS); on failure it keeps the last good site and tells pages to
// show the errors.
func (s *Server) Rebuild(changed []string) diag.List {
	s.rebuildMu.Lock()
	defer s.rebuildMu.Unlock()
	start := time.Now()
	now := s.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	// A failed rebuild writes nothing into the served site (see
	// build.Session), so the last good site stays served.
	s.mu.RLock()
	out := s.site
	s.mu.RUnlock()
	if out == nil {
		out = newMemSite()
	}
	// The page whose title, summary, location, ... was edited is published
	// and shown first; the lists that show it follow when the rebuild ends.
	early := func() {
		fmt.Fprintf(s.opts.Log, "updated the edited page in %s; updating the lists that show it\n", time.Since(start).Round(time.Millisecond))
		s.broadcast(event{kind: "reload"})
	}
	ropts := build.RenderOptions{LiveReload: liveReloadScript, Banner: true, EarlyPages: early}
	s.beginRebuild(&ropts)
	changedFiles, errs := s.session.Rebuild(out, ropts, changed, now)
	s.mu.Lock()
	previewed := s.endRebuild()
	if !errs.HasErrors() {
		s.site = out
		s.loaded = s.session.Site()
		s.version++
	}
	s.errs = errs
	s.mu.Unlock()
	cssOnly := len(changed) > 0 && batch(toSet(changed)).cssOnly()
	if errs.HasErrors() {
		fmt.Fprintf(s.opts.Log, "rebuild failed (%s); still serving the last good site:\n", plural(len(errs.Errors()), "error"))
		for _, e := range errs {
			fmt.Fprintln(s.opts.Log, e.Error())
		}
		s.broadcast(event{kind: "errors", data: errorsJSON(errs)})
		return errs
	}
	for _, w := range errs.Warnings() {
		fmt.Fprintln(s.opts.Log, w.Error())
	}
	fmt.Fprintf(s.opts.Log, "rebuilt in %s: %d of %d files changed\n", time.Since(start).Round(time.Millisecond), changedFiles, out.len())
	switch {
	case cssOnly:
		s.broadcast(event{kind: "css"})
	case previewed:
		// The pages open are the preview's, which are what this build
		// published.
	default:
		s.broadcast(event{kind: "reload"})
	}
	return errs
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Run serves until ctx ends, rebuilding on change. It returns once the
// listener and the watcher are closed.
func (s *Server) Run(ctx context.Context, ready func(addr string)) error {
	if !isLoopback(s.opts.Bind) {
		return fmt.Errorf("--bind %s is not a loopback address; serve is a local preview (use 127.0.0.1)", s.opts.Bind)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(s.opts.Bind, strconv.Itoa(s.opts.Port)))
	if err != nil {
		return err
	}
	w, err := newWatcher(s.opts.Source, s.opts.Quiet)
	if err != nil {
		ln.Close()
		return err
	}
	defer w.close()
	defer s.finish()
	// The first build starts before the first request can come, which
	// then waits for it rather than find no site.
	s.Start()
	srv := &http.Server{Handler: s.Handler(ln.Addr().String()), ReadHeaderTimeout: 10 * time.Second}
	srv.BaseContext = func(net.Listener) context.Context { return ctx }
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	for {
		select {
		case <-ctx.Done():
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			s.closeClients()
			err := srv.Shutdown(shutdownCtx)
			if errors.Is(err, context.DeadlineExceeded) {
				srv.Close()
			}
			return nil
		case err := <-errc:
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		case batch, ok := <-w.batches:
			if !ok {
				return errors.New("file watcher stopped")
			}
			fmt.Fprintf(s.opts.Log, "changed: %s\n", batch.describe())
			s.Rebuild(batch.paths())
		case err := <-w.errors:
			fmt.Fprintf(s.opts.Log, "watching: %v\n", err)
		}
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) subscribe() chan event {
	ch := make(chan event, 8)
	s.clientsMu.Lock()
	s.clients[ch] = struct{}{}
	s.clientsMu.Unlock()
	return ch
}

func (s *Server) unsubscribe(ch chan event) {
	s.clientsMu.Lock()
	if _, ok := s.clients[ch]; ok {
		delete(s.clients, ch)
		close(ch)
	}
	s.clientsMu.Unlock()
}

func (s *Server) closeClients() {
	s.clientsMu.Lock()
	for ch := range s.clients {
		delete(s.clients, ch)
		close(ch)
	}
	s.clientsMu.Unlock()
}

// broadcast tells every open page; a page too slow to read its events
// misses this one rather than holding up the server.
func (s *Server) broadcast(e event) {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	for ch := range s.clients {
		select {
		case ch <- e:
		default:
		}
	}
}
