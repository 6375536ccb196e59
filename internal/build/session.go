package build

import (
	"errors"
	"hash/maphash"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/cms"
	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// Session builds a site again and again into the same Output, as serve
// does. After the first build it re-reads only the files that changed,
// builds the model again, renders the pages whose recorded reads changed
// after an edit of content alone (deps.go) or else every file, and
// publishes only the files whose bytes changed. Nothing has to say what a
// page depends on: what it read is recorded, and its output is compared. What makes that cheap is that
// a page's Markdown is converted again only when its file changed or one
// of its links would now resolve otherwise (render.Bodies). An edit that
// only touches the Markdown below the front matter skips even the model
// (bodyEdit). The result equals a full build; the tests check that with
// random edits.
type Session struct {
	fsys fs.FS
	opts LoadOptions

	cfg       *config.Config
	cfgErrs   diag.List
	tmpl      *render.Templates
	tmplErrs  diag.List
	strs      *lang.Strings
	strErrs   diag.List
	assets    *assets.Manifest
	assetErrs diag.List
	admin     []cms.File
	files     map[string]*content.File
	fileErrs  map[string]diag.List
	loaded    bool
	site      *Site
	related   site.RelatedCache

	minifier *assets.Minifier
	// bodies keeps converted Markdown from one rebuild to the next.
	bodies *render.Bodies
	// published holds what is known of every file in out after the last
	// rebuild, to publish only what changed and remove what is gone.
	published map[string]publishedFile
	seed      maphash.Seed
	// lastGood is true when the last rebuild succeeded; warnings are the
	// warnings it found and lastDay the day it was built for. Together
	// they let a body edit skip building the model (bodyEdit).
	lastGood bool
	warnings diag.List
	lastDay  time.Time
	// loadWarnings are the warnings of the last full or incremental
	// rebuild that came before rendering: loading and the model, which
	// fieldEdit leaves as they are.
	loadWarnings diag.List
	// renderer rendered the last full rebuild, with these options; body
	// edits render with it again, as the model is the same.
	renderer     *render.Renderer
	rendererOpts rendererOptions
	// images keeps the variants of the images in assets/ from one rebuild
	// to the next: an unchanged image is never encoded again.
	images *images.Processor
	// texts keeps bodies' plain text for the search indexes.
	texts *render.TextCache
	// warm keeps records for the next start (see warm.go); nil keeps none.
	warm *warmState
	// records are what rendering each page read, by output path, for
	// rendering only what a content edit changes (deps.go).
	records map[string]*render.Record
	// problems are the problems of the records that have any, by output
	// path, reported again for the pages a rebuild does not render.
	problems map[string]diag.List
	// indexing makes the index of the records, which finds the records
	// that read a page (fieldEdit); nil before the first records.
	indexing *recordIndexing
	// jobs are the outputs of the last model, made by renderer.
	jobs []job
	// bodyEdited are the files bodyEdit took since the last model was
	// built, whose pages still hold the earlier parse (see fieldEdit).
	bodyEdited map[string]bool
	// pages indexes the pages of the last model (fieldEdit).
	pages *pageIndex
	// rendered are the files the last rebuild rendered, and way the path
	// it took: body, fields or full (for tests).
	rendered []string
	way      string
}

// Remover is an Output that can delete a file; a Session removes the pages
// that a change took away.
type Remover interface {
	Output
	Remove(name string)
}

// NewSession prepares builds of the site in fsys.
func NewSession(fsys fs.FS, opts LoadOptions) *Session {
	texts := render.NewTextCache()
	texts.KeepIndexes()
	return &Session{fsys: fsys, opts: opts, minifier: newMinifier(opts), bodies: render.NewBodies(), published: map[string]publishedFile{}, seed: maphash.MakeSeed(),
		images: imageProcessor(opts), texts: texts}
}

// Site returns the last loaded site (nil before the first build).
func (s *Session) Site() *Site { return s.site }

// Rebuild applies the changed files (site-relative paths; nil means
// "anything may have changed") and renders the site into out. It returns
// the number of files it wrote or removed and every problem of the site.
// On errors out is left as it was.
func (s *Session) Rebuild(out Remover, ropts RenderOptions, changed []string, now time.Time) (int, diag.List) {
	s.way = "full"
	if n, errs, ok := s.bodyEdit(out, ropts, changed, now); ok {
		s.way = "body"
		if s.lastGood {
			s.saveWarm()
		}
		return n, errs
	}
	if n, errs, ok := s.fieldEdit(out, ropts, changed, now); ok {
		s.way = "fields"
		if s.lastGood {
			s.saveWarm()
		}
		return n, errs
	}
	// What the last Renderer cached is taken before the edited pages are
	// rendered early, in that Renderer, as they will be after the edit:
	// the cache is emptied for them, and what it held may still be taken
	// over by the next Renderer (Renderer.InheritPartials).
	var partials *render.CachedPartials
	if s.renderer != nil {
		partials = s.renderer.TakePartials()
	}
	if s.earlyPages(out, ropts, changed, now) {
		ropts.EarlyPages()
	}
	incremental := s.reusable(ropts, changed, now) && s.records != nil && s.contentEdit(changed)
	var oldModel *site.Model
	if s.site != nil {
		oldModel = s.site.Model
	}
	s.lastGood = false
	s.opts.Now = now
	s.reload(changed)
	if s.cfgErrs.HasErrors() {
		return 0, s.cfgErrs.Sorted()
	}
	errs := s.collectErrs()
	files := make([]*content.File, 0, len(s.files))
	for _, p := range sortedKeys(s.files) {
		files = append(files, s.files[p])
	}
	if errs.HasErrors() {
		return 0, errs.Sorted()
	}
	model, merrs := site.Build(s.cfg, files, site.Options{Drafts: s.opts.Drafts, Future: s.opts.Future, Now: now, Lastmod: s.opts.Lastmod, Related: &s.related, Previous: oldModel})
	errs.Add(merrs...)
	if errs.HasErrors() {
		return 0, errs.Sorted()
	}
	s.loadWarnings = slices.Clone(errs)
	s.bodyEdited = nil
	s.site = &Site{Config: s.cfg, Files: files, Model: model, Templates: s.tmpl, Strings: s.strs, Assets: s.assets, Minifier: s.minifier, fsys: s.fsys, Admin: s.admin,
		Images: processImages(s.images, s.cfg, s.strs, s.assets)}
	staged := &recordingOutput{files: map[string][]byte{}}
	ropts.bodies = s.bodies
	ropts.Texts = s.texts
	ropts.Ready = s.warmReady(ropts.Ready)
	ropts.record = true
	var (
		r     *render.Renderer
		jobs  []job
		rerrs diag.List
		all   = true
		early int
		gone  []string
		// goneEarly is true once the outputs in gone are removed.
		goneEarly bool
	)
	if incremental {
		r, jobs, gone, rerrs, incremental = s.renderChanged(oldModel, partials, staged, ropts, changed, func(g []string) {
			// The edited pages, published before the lists that show them,
			// and the pages of deleted files gone. Open pages are told
			// once, when the rebuild ends: a reload now would be followed
			// by another.
			n, _ := s.publish(out, staged, false)
			early += n + s.unpublish(out, g)
			goneEarly = true
		})
		all = !incremental
	}
	if !incremental {
		_, _, r, jobs, rerrs = renderSite(s.site, staged, ropts)
	}
	errs.Add(rerrs...)
	if errs.HasErrors() {
		return 0, errs.Sorted()
	}
	s.bodies.Sweep()
	s.keepRecords(r, all, gone)
	s.rendered = sortedKeys(staged.files)
	n, perrs := s.publish(out, staged, all)
	// The search indexes' texts that this rebuild did not read are
	// dropped once its outputs are served.
	s.texts.Prune()
	n += early
	if !goneEarly {
		n += s.unpublish(out, gone)
	}
	errs.Add(perrs...)
	s.renderer, s.rendererOpts, s.jobs = r, renderOptsKey(ropts), jobs
	s.lastGood = !errs.HasErrors()
	s.warnings = errs
	s.lastDay = now.Truncate(24 * time.Hour)
	if s.lastGood {
		s.saveWarm()
	}
	if s.indexing != nil {
		s.indexing.start()
	}
	return n, errs.Sorted()
}

// publish writes the staged files whose bytes differ from what out holds
// and, when all is true (staged is the whole site), removes the files
// that are no longer made. It returns how many files it wrote or removed.
func (s *Session) publish(out Remover, staged *recordingOutput, all bool) (int, diag.List) {
	_, adopts := out.(Adopter)
	n := 0
	changed := &recordingOutput{files: map[string][]byte{}}
	for name, data := range staged.files {
		old, ok := s.published[name]
		if ok && old.is(data) {
			continue
		}
		h := maphash.Bytes(s.seed, data)
		if ok && old.hash == h {
			continue
		}
		f := publishedFile{hash: h}
		if adopts && len(data) > 0 {
			f.at, f.n = &data[0], len(data)
		}
		s.published[name] = f
		changed.files[name] = data
		n++
	}
	if all {
		var gone []string
		for name := range s.published {
			if _, ok := staged.files[name]; !ok {
				gone = append(gone, name)
			}
		}
		n += s.unpublish(out, gone)
	}
	return n, publish(out, changed)
}

// publishedFile is what a Session knows of a file it published: a hash
// of its bytes and, when out adopted them (Adopter), where they are. Bytes
// out adopted are never changed, and while they are referenced here no
// other bytes can be at their place: staged bytes at the same place are
// the same bytes, known without reading them: those of a made job
// (job.made) that gives the same bytes again, such as a search index's
// part whose pages are as they were, most of what an edit makes again on
// a large site.
type publishedFile struct {
	hash uint64
	at   *byte
	n    int
}

// is reports whether data are the very bytes published.
func (f publishedFile) is(data []byte) bool {
	return f.at != nil && len(data) == f.n && &data[0] == f.at
}

// unpublish removes outputs that are no longer made, and returns how many.
func (s *Session) unpublish(out Remover, gone []string) int {
	for _, name := range gone {
		out.Remove(name)
		delete(s.published, name)
	}
	return len(gone)
}

// Adopter is an Output that can keep the bytes it is given instead of
// copying them; serve's in-memory site is one. It never changes them:
// made bytes (job.made) are shared with what made them, such as the
// search index parts a Session keeps, and publish knows bytes it gave
// before by where they are.
type Adopter interface {
	Adopt(name string, data []byte)
}

func publish(out Output, staged *recordingOutput) diag.List {
	var errs diag.List
	if a, ok := out.(Adopter); ok {
		for name, data := range staged.files {
			a.Adopt(name, data)
		}
		return nil
	}
	for name, data := range staged.files {
		if err := out.WriteFile(name, data); err != nil {
			errs.Errorf(diag.Pos{File: name}, "writing: %v", err)
		}
	}
	return errs
}

// rendererOptions are the render options a Renderer keeps.
type rendererOptions struct {
	liveReload string
	banner     bool
}

func renderOptsKey(o RenderOptions) rendererOptions {
	return rendererOptions{o.LiveReload, o.Banner}
}

// collectErrs gathers the problems found while loading: settings, layouts,
// strings, assets and content files.
func (s *Session) collectErrs() diag.List {
	var errs diag.List
	errs.Add(s.cfgErrs...)
	errs.Add(s.tmplErrs...)
	errs.Add(s.strErrs...)
	errs.Add(s.assetErrs...)
	for _, p := range sortedKeys(s.fileErrs) {
		errs.Add(s.fileErrs[p]...)
	}
	return errs
}

// recordingOutput keeps rendered files in memory until a rebuild is known
// to have succeeded.
type recordingOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (r *recordingOutput) WriteFile(name string, data []byte) error {
	b := make([]byte, len(data))
	copy(b, data)
	r.keepMade(name, b)
	return nil
}

// keepMade keeps data, which nothing changes, without a copy (madeKeeper).
func (r *recordingOutput) keepMade(name string, data []byte) {
	r.mu.Lock()
	r.files[name] = data
	r.mu.Unlock()
}

// reload re-reads what changed.
func (s *Session) reload(changed []string) {
	all := changed == nil || !s.loaded
	var cfgChanged, tmplChanged, strChanged, assetChanged bool
	var contentPaths []string
	for _, c := range changed {
		switch {
		case c == config.File:
			cfgChanged = true
		case strings.HasPrefix(c, I18nDir+"/"):
			strChanged = true
		case strings.HasPrefix(c, render.Dir+"/"):
			tmplChanged = true
		case strings.HasPrefix(c, AssetsDir+"/"):
			assetChanged = true
		case strings.HasPrefix(c, content.Dir+"/"):
			contentPaths = append(contentPaths, c)
		}
	}
	if all || cfgChanged {
		s.cfg, s.cfgErrs = loadConfig(s.fsys, s.opts)
		// Languages decide how every file name reads.
		all = true
	}
	if all || tmplChanged {
		s.tmpl, s.tmplErrs = render.Load(s.fsys)
	}
	if all || strChanged {
		s.strs, s.strErrs = lang.LoadStrings(s.fsys, I18nDir, s.cfg.LanguageCodes())
	}
	if all || assetChanged {
		s.assets, s.assetErrs = loadAssets(s.fsys, s.cfg, s.minifier)
	}
	if all {
		s.admin = cms.Files(s.fsys, s.cfg)
	}
	copts := s.contentOptions()
	if all {
		files, errs := s.warmLoad(copts)
		s.files = map[string]*content.File{}
		s.fileErrs = map[string]diag.List{}
		for _, f := range files {
			s.files[f.Path] = f
		}
		for _, e := range errs {
			s.fileErrs[e.Pos.File] = append(s.fileErrs[e.Pos.File], e)
		}
	} else {
		for _, p := range contentPaths {
			s.reloadContent(p, copts)
		}
	}
	s.loaded = true
}

// reloadContent re-reads one changed path under content/: a file, or a
// folder that appeared or went away.
func (s *Session) reloadContent(p string, copts content.Options) {
	delete(s.fileErrs, p)
	info, err := fs.Lstat(s.fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		// Gone: the file, or a folder with every file under it.
		for k := range s.files {
			if k == p || strings.HasPrefix(k, p+"/") {
				delete(s.files, k)
				delete(s.fileErrs, k)
			}
		}
		return
	}
	if err != nil {
		s.fileErrs[p] = diag.List{{Pos: diag.Pos{File: p}, Msg: err.Error()}}
		return
	}
	if info.IsDir() {
		// A folder moved in: load it through the normal walk.
		sub, errs := content.Load(s.fsys, copts)
		for _, f := range sub {
			if strings.HasPrefix(f.Path, p+"/") {
				s.files[f.Path] = f
			}
		}
		for _, e := range errs {
			if strings.HasPrefix(e.Pos.File, p+"/") {
				s.fileErrs[e.Pos.File] = append(s.fileErrs[e.Pos.File], e)
			}
		}
		return
	}
	if path.Ext(p) != ".md" || skippedPath(p) {
		return
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		delete(s.files, p)
		s.fileErrs[p] = diag.List{{Pos: diag.Pos{File: p}, Msg: "symbolic links are not followed"}}
		return
	}
	data, err := fs.ReadFile(s.fsys, p)
	if err != nil {
		delete(s.files, p)
		s.fileErrs[p] = diag.List{{Pos: diag.Pos{File: p}, Msg: err.Error()}}
		return
	}
	f, errs := parseContent(p, data, copts)
	s.files[p] = f
	if len(errs) > 0 {
		s.fileErrs[p] = errs
	}
}

// contentOptions are the content loader's options in a Session: bodies
// are dropped once the front matter is read, as in "puente build", and
// read again by render for the pages it converts. So a body reaches a
// layout only as its own page's Content, which is what lets bodyEdit
// render only the edited pages.
func (s *Session) contentOptions() content.Options {
	o := contentOptions(s.cfg)
	o.DropBodies = true
	return o
}

// parseContent is content.Parse with Options.DropBodies applied as
// content.Load applies it.
func parseContent(p string, data []byte, opts content.Options) (*content.File, diag.List) {
	f, errs := content.Parse(p, data, opts)
	if opts.DropBodies && !errs.HasErrors() {
		f.Body = nil
	}
	return f, errs
}

// skippedPath mirrors content.Load's rule: names starting with "." or "_"
// are skipped, except _index files.
func skippedPath(p string) bool {
	for _, seg := range strings.Split(strings.TrimPrefix(p, content.Dir+"/"), "/") {
		if strings.HasPrefix(seg, ".") || (strings.HasPrefix(seg, "_") && !strings.HasPrefix(seg, content.IndexSlug+".")) {
			return true
		}
	}
	return false
}
