package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/sitefs"
)

// digests are a whole site's outputs: path relative to the output root
// (en/events/x/index.html) to the SHA-256 of its bytes.
type digests map[string][32]byte

// referee builds the whole site from scratch, as `puente build` would with
// serve's options, from a private copy of the site folder (the shadow), so
// that the expected outputs of an edit are known before serve sees it.
type referee struct {
	shadow string
	load   build.LoadOptions
	render build.RenderOptions
}

// newReferee copies source into a new folder under tmp: everything but
// dot-folders (.git, .puente-cache) and public/, whose contents no page
// reads.
func newReferee(source, tmp string) (*referee, error) {
	shadow, err := os.MkdirTemp(tmp, "editbench-shadow-")
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(source, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(source, p)
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || rel == "public" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		dst := filepath.Join(shadow, rel)
		switch {
		case d.IsDir():
			return os.Mkdir(dst, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		os.RemoveAll(shadow)
		return nil, err
	}
	return &referee{
		shadow: shadow,
		// As serve loads: drafts and future pages shown, the same Git dates.
		// One image processor for every build keeps the variants and social
		// cards in memory, drawn once.
		load: build.LoadOptions{Drafts: true, Future: true, Lastmod: build.GitDates(source),
			Images: images.NewProcessor(images.Options{Prefix: "/" + build.AssetsDir + "/"})},
		render: build.RenderOptions{Banner: true},
	}, nil
}

func (r *referee) close() { os.RemoveAll(r.shadow) }

// site loads the shadow as a build does.
func (r *referee) site() (*build.Site, error) {
	fsys, err := sitefs.Open(r.shadow)
	if err != nil {
		return nil, err
	}
	opts := r.load
	opts.Now = time.Now()
	s, errs := build.Load(fsys, opts)
	if errs.HasErrors() {
		return nil, fmt.Errorf("the site does not build: %s", firstErrors(errs.Errors()))
	}
	return s, nil
}

// build renders the whole shadow and returns its outputs' digests, the
// output of each content file's page (the first, for a paginated list),
// and the bytes of the output keep names, if any.
func (r *referee) build(keep string) (digests, map[string]string, []byte, error) {
	s, err := r.site()
	if err != nil {
		return nil, nil, nil, err
	}
	out := &hashOutput{sums: digests{}, keep: keep}
	if _, _, errs := build.Render(s, out, r.render); errs.HasErrors() {
		return nil, nil, nil, fmt.Errorf("the site does not render: %s", firstErrors(errs.Errors()))
	}
	pages := map[string]string{}
	for _, p := range s.Model.Pages {
		if p.File == nil {
			continue
		}
		if _, ok := pages[p.File.Path]; !ok {
			pages[p.File.Path] = p.OutputPath
		}
	}
	return out.sums, pages, out.kept, nil
}

func firstErrors[E error](errs []E) string {
	var b strings.Builder
	for i, e := range errs {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(errs)-3)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// hashOutput keeps a digest of every file written.
type hashOutput struct {
	mu   sync.Mutex
	sums digests
	keep string
	kept []byte
}

func (h *hashOutput) WriteFile(name string, data []byte) error {
	sum := sha256.Sum256(data)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sums[name] = sum
	if name == h.keep {
		h.kept = bytes.Clone(data)
	}
	return nil
}

// liveReload finds what serve injects into every page: served is a page as
// serve sends it, built the same page from a build without the injection,
// which goes before the page's last </body>.
func liveReload(served, built []byte) (string, error) {
	i := bytes.LastIndex(built, []byte("</body>"))
	if i < 0 {
		return "", errors.New("the page has no </body>")
	}
	head, tail := built[:i], built[i:]
	if len(served) < len(built) || !bytes.HasPrefix(served, head) || !bytes.HasSuffix(served, tail) {
		return "", errors.New("the page served differs from a full build's by more than an insertion before </body>")
	}
	return string(served[len(head) : len(served)-len(tail)]), nil
}

// diff returns the paths whose outputs differ between a and b, sorted,
// counting a file only one of them has.
func diff(a, b digests) []string {
	var paths []string
	for p, s := range a {
		if t, ok := b[p]; !ok || t != s {
			paths = append(paths, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return paths
}
