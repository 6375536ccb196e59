package build

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/sitefs"
)

// Options configure a whole build from a folder on disk.
type Options struct {
	LoadOptions
	// Source is the site root; Dest the published folder (relative paths
	// are relative to Source).
	Source string
	Dest   string
	// Progress is called now and then while rendering.
	Progress func(done, total int)
	// NoCache builds everything even when the build cache (see CacheDir)
	// says nothing changed; the cache is still written afterwards.
	NoCache bool
	// CleanDest lets the build replace a destination folder that holds
	// files it did not publish (see destination); never the root, the
	// home folder or the site.
	CleanDest bool
}

// Build loads the site at opts.Source, renders it into a fresh staging
// folder beside opts.Dest and swaps it in. On any error the previous
// destination stays exactly as it was and the error is a diag.List with
// every problem found. Warnings come back in the summary's list.
//
// When every input is as at the last successful build into the same
// folder, and the folder is exactly as that build left it, Build does
// nothing and says so in the summary (Summary.Cached).
func Build(opts Options) (Summary, diag.List, error) {
	start := time.Now()
	// The destination is checked before anything is written or removed
	// beside it, and again once recover_ may have put a folder back.
	dest, err := destination(opts.Source, opts.Dest, opts.CleanDest)
	if err != nil {
		return Summary{}, nil, err
	}
	if err := recover_(dest); err != nil {
		return Summary{}, nil, err
	}
	if _, err := destination(opts.Source, opts.Dest, opts.CleanDest); err != nil {
		return Summary{}, nil, err
	}
	fsys, err := sitefs.Open(opts.Source)
	if err != nil {
		return Summary{}, nil, fmt.Errorf("reading the site: %w", err)
	}
	defer fsys.Close()
	if opts.Lastmod == nil {
		opts.Lastmod = GitDates(opts.Source)
	}
	if opts.Now.IsZero() {
		// One time for the cache's key and the model.
		opts.Now = time.Now()
	}
	cache := openCache(opts, dest)
	if !opts.NoCache {
		if sum, warnings, ok := cache.lookup(dest); ok {
			sum.Duration = time.Since(start)
			return sum, warnings, nil
		}
	}
	opts.DropBodies = true
	if opts.Images == nil {
		opts.Images = images.NewProcessor(images.Options{Prefix: "/" + AssetsDir + "/", CacheDir: ImageCacheDir(dest)})
	}
	s, errs := Load(fsys, opts.LoadOptions)
	if errs.HasErrors() {
		return Summary{}, errs.Warnings(), errs.Errors()
	}
	cache.settle(s.Files)
	staging, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return Summary{}, nil, fmt.Errorf("making a staging folder: %w", err)
	}
	// Marked at once, so that recover_ knows it for ours if the build is
	// killed; written through the cache's output, which records every file
	// of the published folder.
	out := cache.output(&dirOutput{root: staging})
	if err := out.WriteFile(MarkerFile, []byte(markerText)); err != nil {
		os.RemoveAll(staging)
		return Summary{}, nil, fmt.Errorf("making a staging folder: %w", err)
	}
	files, size, rerrs := Render(s, out, RenderOptions{Progress: opts.Progress})
	errs.Add(rerrs...)
	if errs.HasErrors() {
		os.RemoveAll(staging)
		return Summary{}, errs.Warnings(), errs.Errors()
	}
	if err := cache.invalidate(); err != nil {
		errs.Warnf(diag.Pos{File: CacheDir}, "cannot write the build cache (the next build will be a full one): %v", err)
	}
	old, err := swap(staging, dest)
	if err != nil {
		os.RemoveAll(staging)
		return Summary{}, nil, err
	}
	// The previous site is removed while the cache checks the new one:
	// the one waits on the disk, the other mostly on the processor.
	removed := make(chan error, 1)
	go func() {
		if old == "" {
			removed <- nil
			return
		}
		removed <- os.RemoveAll(old)
	}()
	sum := Summary{Files: files, Bytes: size, Dest: dest}
	for _, lv := range s.Model.Langs {
		n := len(s.Model.PagesIn(lv.Code))
		sum.PerLang = append(sum.PerLang, LangCount{Lang: lv.Code, Pages: n})
		sum.Pages += n
	}
	if err := cache.store(dest, sum, s.Files, errs.Warnings()); err != nil {
		errs.Warnf(diag.Pos{File: CacheDir}, "cannot write the build cache (the next build will be a full one): %v", err)
	}
	if err := <-removed; err != nil {
		return Summary{}, nil, err
	}
	sum.Duration = time.Since(start)
	return sum, errs.Warnings(), nil
}

// swap puts staging in place of dest. The old tree is renamed aside first,
// so that at every moment either the old or the new tree is whole; a build
// killed between the two renames is mended by recover_ on the next build.
// It returns where the old tree went, "" when there was none, for the
// caller to remove (a build killed before that is mended by recover_ too).
func swap(staging, dest string) (old string, err error) {
	if _, err := os.Stat(dest); err == nil {
		old = filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".old-"+randomSuffix())
		if err := os.Rename(dest, old); err != nil {
			return "", fmt.Errorf("moving the previous site aside: %w", err)
		}
	}
	if err := os.Rename(staging, dest); err != nil {
		if old != "" {
			os.Rename(old, dest)
		}
		return "", fmt.Errorf("publishing: %w", err)
	}
	if err := os.Chmod(dest, 0o755); err != nil {
		return old, err
	}
	return old, nil
}

// recover_ cleans what an interrupted build left beside dest: staging
// folders are removed, and a previous site moved aside is put back when the
// destination is missing. Only folders holding the marker are removed: a
// folder of the same name that puente did not make is left alone.
func recover_(dest string) error {
	dir, base := filepath.Dir(dest), filepath.Base(dest)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	var olds []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."+base+".tmp-"):
			if p := filepath.Join(dir, name); e.IsDir() && marked(p) {
				if err := os.RemoveAll(p); err != nil {
					return err
				}
			}
		case strings.HasPrefix(name, "."+base+".old-"):
			if p := filepath.Join(dir, name); e.IsDir() && marked(p) {
				olds = append(olds, p)
			}
		}
	}
	sort.Strings(olds)
	if _, err := os.Stat(dest); errors.Is(err, os.ErrNotExist) && len(olds) > 0 {
		if err := os.Rename(olds[0], dest); err != nil {
			return err
		}
		olds = olds[1:]
	}
	for _, o := range olds {
		if err := os.RemoveAll(o); err != nil {
			return err
		}
	}
	return nil
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// dirCache remembers folders already made under a root, so that writing
// thousands of files does not stat the same folders thousands of times.
// It knows a folder by its path relative to the root, a part of the name
// of the file written into it: copies of whole paths would be more for
// the collector to go over while rendering.
type dirCache struct {
	mu   sync.RWMutex
	made map[string]bool
}

// mkdirAll makes dir (slash-separated, relative to root) and its missing
// parents. Parents come from the cache, so a new folder (one per page)
// costs one mkdir, where os.MkdirAll would first stat it and its parent.
func (c *dirCache) mkdirAll(root, dir string) error {
	c.mu.RLock()
	made := c.made[dir]
	c.mu.RUnlock()
	if made {
		return nil
	}
	if parent := path.Dir(dir); parent != "." {
		if err := c.mkdirAll(root, parent); err != nil {
			return err
		}
	}
	full := root + "/" + dir
	if err := os.Mkdir(full, 0o755); err != nil {
		// There before, or made by another worker meanwhile.
		if fi, serr := os.Stat(full); serr != nil || !fi.IsDir() {
			return err
		}
	}
	c.mu.Lock()
	if c.made == nil {
		c.made = map[string]bool{}
	}
	c.made[dir] = true
	c.mu.Unlock()
	return nil
}

func sortStrings(s []string) { sort.Strings(s) }
