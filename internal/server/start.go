package server

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
)

// A serve answers as soon as it listens. Until the first build has a
// model, requests wait; then pages are rendered on demand by the build's
// Preview, as the build writes them, while the build renders the rest;
// once it ends, the built site is served. The Session starts from what
// the last serve of the site kept in its .puente-cache (see
// build.Session.KeepWarm) and keeps its own there.

// startWait bounds how long a request waits for the first pages.
const startWait = 5 * time.Minute

// startState is the first build's state. Fields after done are guarded
// by Server.mu.
type startState struct {
	done     chan struct{} // closed once the first build has ended
	doneOnce sync.Once

	began      bool // the first build was started
	rebuilding bool
	preview    *previewSite
	// loadedBefore is Server.loaded before a preview replaced it.
	loadedBefore *build.Site
	// changed is closed, and replaced, when any of the above changes.
	changed chan struct{}
	// hold, when set (tests), keeps a build that handed over a preview
	// from rendering until it is closed.
	hold chan struct{}
}

// servedSite is what serveFile reads: the built site or a preview.
type servedSite interface {
	get(name string) ([]byte, bool)
}

func (s *Server) initStart() {
	s.start.done = make(chan struct{})
	s.start.changed = make(chan struct{})
	s.session.KeepWarm(s.opts.Source)
}

// Start begins the first build in the background, unless one was
// started or made already (Rebuild).
func (s *Server) Start() {
	s.mu.Lock()
	began := s.start.began
	s.start.began = true
	s.mu.Unlock()
	if !began {
		go s.Rebuild(nil)
	}
}

// WaitStarted waits until pages can be served: the first build has a
// model, or it has ended.
func (s *Server) WaitStarted() {
	for {
		s.mu.RLock()
		ok := s.site != nil || s.start.preview != nil
		ch := s.start.changed
		s.mu.RUnlock()
		select {
		case <-s.start.done:
			return
		default:
		}
		if ok {
			return
		}
		select {
		case <-ch:
		case <-s.start.done:
			return
		}
	}
}

// notifyLocked wakes whatever waits for a change; Server.mu is held.
func (s *Server) notifyLocked() {
	close(s.start.changed)
	s.start.changed = make(chan struct{})
}

// beginRebuild marks a rebuild as running and, while no build has
// succeeded, has it hand over its Preview once the model is built.
func (s *Server) beginRebuild(ropts *build.RenderOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.start.began = true
	s.start.rebuilding = true
	s.notifyLocked()
	if s.site != nil {
		return
	}
	start := time.Now()
	ropts.Ready = func(p *build.Preview) {
		s.mu.Lock()
		s.start.preview = &previewSite{s: s, p: p, files: map[string][]byte{}}
		s.start.loadedBefore = s.loaded
		s.loaded = p.Site()
		s.notifyLocked()
		s.mu.Unlock()
		fmt.Fprintf(s.opts.Log, "site ready in %s; serving pages while the rest renders\n", time.Since(start).Round(time.Millisecond))
		if s.start.hold != nil {
			<-s.start.hold
		}
	}
}

// endRebuild marks the rebuild as ended; Server.mu is held. It reports
// whether its pages were served from a preview.
func (s *Server) endRebuild() bool {
	previewed := s.start.preview != nil
	if previewed {
		s.loaded = s.start.loadedBefore
	}
	s.start.preview = nil
	s.start.rebuilding = false
	s.notifyLocked()
	s.start.doneOnce.Do(func() { close(s.start.done) })
	return previewed
}

// finish waits for the first build, so that its records are kept for the
// next start, and for the records being written.
func (s *Server) finish() {
	s.mu.RLock()
	began := s.start.began
	s.mu.RUnlock()
	if began {
		select {
		case <-s.start.done:
		default:
			fmt.Fprintln(s.opts.Log, "finishing the first build, to start faster next time")
			<-s.start.done
		}
	}
	s.session.Close()
}

// served returns what to serve a request from: the last good site, else
// the preview of the first build, waiting for either while a build runs
// (at most startWait). It returns nil when there is neither.
func (s *Server) served(ctx context.Context) (servedSite, diag.List) {
	timeout := time.NewTimer(startWait)
	defer timeout.Stop()
	for {
		s.mu.RLock()
		site, errs, pv, busy, ch := s.site, s.errs, s.start.preview, s.start.rebuilding, s.start.changed
		s.mu.RUnlock()
		first := false
		select {
		case <-s.start.done:
		default:
			first = s.start.began || busy
		}
		switch {
		case site != nil:
			return site, errs
		case pv != nil:
			return pv, errs
		case !busy && !first:
			return nil, errs
		}
		select {
		case <-ch:
		case <-s.start.done:
		case <-ctx.Done():
			return nil, errs
		case <-timeout.C:
			return nil, errs
		}
	}
}

// previewSite serves the outputs of a build under way through its
// Preview, each rendered once.
type previewSite struct {
	s     *Server
	p     *build.Preview
	mu    sync.Mutex
	files map[string][]byte
}

// get renders the output at name. One with a problem is not served: the
// build will fail with it, and the request waits for that build to end
// and gets what is served then.
func (v *previewSite) get(name string) ([]byte, bool) {
	v.mu.Lock()
	data, ok := v.files[name]
	v.mu.Unlock()
	if ok {
		return data, true
	}
	data, errs, found := v.p.Render(name)
	if !found {
		return nil, false
	}
	if !errs.HasErrors() {
		v.mu.Lock()
		v.files[name] = data
		v.mu.Unlock()
		return data, true
	}
	timeout := time.NewTimer(startWait)
	defer timeout.Stop()
	for {
		v.s.mu.RLock()
		site, pv, ch := v.s.site, v.s.start.preview, v.s.start.changed
		v.s.mu.RUnlock()
		if pv != v {
			// The build has ended: what is served now is the last good
			// site, if any.
			if site == nil {
				return nil, false
			}
			return site.get(name)
		}
		select {
		case <-ch:
		case <-timeout.C:
			return nil, false
		}
	}
}
