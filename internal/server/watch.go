package server

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the parts of a site a rebuild depends on.
var watchedDirs = []string{"content", "layouts", "assets"}

const settingsFile = "site.yaml"

// watcher turns fsnotify events under the site's folders into batches: one
// batch per burst of events (an editor's write-then-rename, a git checkout),
// sent once no event has come for the quiet period.
type watcher struct {
	root    string
	fsw     *fsnotify.Watcher
	quiet   time.Duration
	batches chan batch
	errors  chan error
	done    chan struct{}
}

// batch is the set of files changed in one burst, relative to the root.
type batch map[string]bool

func (b batch) describe() string {
	names := make([]string, 0, len(b))
	for n := range b {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + " and " + plural(len(names)-5, "more file")
	}
	return strings.Join(names, ", ")
}

// paths returns the changed paths, sorted.
func (b batch) paths() []string {
	out := make([]string, 0, len(b))
	for n := range b {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func toSet(paths []string) map[string]bool {
	m := map[string]bool{}
	for _, p := range paths {
		m[p] = true
	}
	return m
}

// cssOnly reports whether every change is to a stylesheet, which open
// pages can swap without reloading.
func (b batch) cssOnly() bool {
	if len(b) == 0 {
		return false
	}
	for n := range b {
		if !strings.HasPrefix(n, "assets/") || filepath.Ext(n) != ".css" {
			return false
		}
	}
	return true
}

func newWatcher(root string, quiet time.Duration) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fsw: fsw, quiet: quiet, batches: make(chan batch), errors: make(chan error, 1), done: make(chan struct{})}
	// The root is watched for site.yaml and for content/, layouts/ or
	// assets/ made after serve started.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(root, d))
	}
	go w.loop()
	return w, nil
}

// addTree watches dir and every folder below it; fsnotify is not recursive.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			w.fsw.Add(p)
		}
		return nil
	})
}

// relevant maps an event's path to a site-relative name, or "" when the
// change cannot affect the site (public/, editor swap files, dotfiles).
func (w *watcher) relevant(name string) string {
	rel, err := filepath.Rel(w.root, name)
	if err != nil {
		return ""
	}
	rel = filepath.ToSlash(rel)
	if rel == settingsFile {
		return rel
	}
	top := strings.SplitN(rel, "/", 2)[0]
	isWatched := false
	for _, d := range watchedDirs {
		if top == d {
			isWatched = true
		}
	}
	if !isWatched {
		return ""
	}
	base := filepath.Base(rel)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") || base == "4913" {
		return ""
	}
	return rel
}

func (w *watcher) loop() {
	defer close(w.batches)
	pending := batch{}
	var timer *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-w.done:
			if timer != nil {
				timer.Stop()
			}
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op&fsnotify.Create != 0 {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name)
				}
			}
			rel := w.relevant(ev.Name)
			if rel == "" || ev.Op == fsnotify.Chmod {
				continue
			}
			pending[rel] = true
			if timer == nil {
				timer = time.NewTimer(w.quiet)
			} else {
				timer.Reset(w.quiet)
			}
			fire = timer.C
		case <-fire:
			b := pending
			pending = batch{}
			fire = nil
			select {
			case w.batches <- b:
			case <-w.done:
				return
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errors <- err:
			default:
			}
		}
	}
}

func (w *watcher) close() {
	close(w.done)
	w.fsw.Close()
}
