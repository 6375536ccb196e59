package build

import (
	"errors"
	"hash/maphash"
	"io/fs"
	"path"
	"reflect"
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
	// rendered are the files the last rebuild rendered (for tests).
	rendered []string
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
	if n, errs, ok := s.bodyEdit(out, ropts, changed, now); ok {
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
	s.site = &Site{Config: s.cfg, Files: files, Model: model, Templates: s.tmpl, Strings: s.strs, Assets: s.assets, Minifier: s.minifier, fsys: s.fsys, Admin: s.admin,
		Images: processImages(s.images, s.cfg, s.strs, s.assets)}
	staged := &recordingOutput{files: map[string][]byte{}}
	ropts.bodies = s.bodies
	ropts.Texts = s.texts
	ropts.Ready = s.warmReady(ropts.Ready)
	ropts.record = true
	var (
		r     *render.Renderer
		rerrs diag.List
		all   = true
		early int
		gone  []string
		// goneEarly is true once the outputs in gone are removed.
		goneEarly bool
	)
	if incremental {
		r, gone, rerrs, incremental = s.renderChanged(oldModel, partials, staged, ropts, changed, func(g []string) {
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
		_, _, r, rerrs = renderSite(s.site, staged, ropts)
	}
	errs.Add(rerrs...)
	if errs.HasErrors() {
		return 0, errs.Sorted()
	}
	s.bodies.Sweep()
	s.keepRecords(r, all)
	for _, g := range gone {
		delete(s.records, g)
	}
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
	s.renderer, s.rendererOpts = r, renderOptsKey(ropts)
	s.lastGood = !errs.HasErrors()
	s.warnings = errs
	s.lastDay = now.Truncate(24 * time.Hour)
	if s.lastGood {
		s.saveWarm()
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

// bodyEdit handles the commonest change in serve on its own: the Markdown
// below the front matter of existing content files, nothing else. A
// layout sees a body only as its own page's Content (the Session's files
// hold no bodies, see contentOptions), and the model is built from front
// matter, so the model of the last rebuild stays right and only those
// pages are rendered again, as new pages that hold the new files; then
// the search indexes that list them, which read bodies' text themselves.
// This skips building the model and rendering every page. It declines (ok
// false) whenever anything else might have changed: the full path then
// handles the change, and its result is the reference the random-edit
// tests compare with.
func (s *Session) bodyEdit(out Remover, ropts RenderOptions, changed []string, now time.Time) (n int, errs diag.List, ok bool) {
	if !s.reusable(ropts, changed, now) {
		return 0, nil, false
	}
	edited := s.reparse(changed, sameButBody)
	if edited == nil {
		return 0, nil, false
	}
	pages := s.editedPages(edited, func(p *site.Page, f *content.File) { p.File = f })
	for _, f := range edited {
		if old := s.files[f.Path]; old != nil && old.Hash != f.Hash {
			s.texts.Forget(old.Hash, s.cfg.LanguageCodes())
		}
		s.files[f.Path] = f
	}
	files := make([]*content.File, 0, len(s.files))
	for _, p := range sortedKeys(s.files) {
		files = append(files, s.files[p])
	}
	next := *s.site
	next.Files = files
	s.site = &next
	s.opts.Now = now
	staged := &recordingOutput{files: map[string][]byte{}}
	// A theme may cache a partial that shows a page's Content.
	s.renderer.ForgetPartials()
	_, _, rerrs := renderPages(s.site.Model, s.renderer, pages, staged, ropts)
	errs = append(errs, s.warnings...)
	errs.Add(rerrs...)
	if errs.HasErrors() {
		// The pages were not published: the next rebuild renders
		// everything again.
		s.lastGood = false
		return 0, errs.Sorted(), true
	}
	n, perrs := s.publish(out, staged, false)
	errs.Add(perrs...)
	// The search indexes show bodies too: those of the languages that list
	// the page (its own, and those showing it for a missing translation)
	// are made again. Rebuilding them takes far longer than the page (most
	// of a second at 3,000 pages), so the page is served, and open pages
	// told, first.
	if ropts.EarlyPages != nil {
		ropts.EarlyPages()
	}
	m := s.site.Model
	var searches []job
	for _, lv := range m.Langs {
		items := m.Items(lv.Code)
		if slices.ContainsFunc(items, func(it site.Item) bool { return it.Page.File != nil && edited[it.Page.File.Path] != nil }) {
			searches = append(searches, searchJobs(s.renderer, lv, s.currentFiles(items))...)
		}
	}
	indexes := &recordingOutput{files: map[string][]byte{}}
	_, _, serrs := runJobs(s.renderer, leadersFirst(searches), indexes, ropts)
	if serrs.HasErrors() {
		// Pages are out but not the indexes: the next rebuild does all.
		s.lastGood = false
		errs.Add(serrs...)
		return n, errs.Sorted(), true
	}
	in, perrs := s.publish(out, indexes, false)
	errs.Add(perrs...)
	return n + in, errs.Sorted(), true
}

// currentFiles returns items with every page whose file a body edit read
// again since the last model was built replaced by a copy holding the
// file as it is now: the model's pages are never written, and a search
// index reads each page's body from its file.
func (s *Session) currentFiles(items []site.Item) []site.Item {
	out := slices.Clone(items)
	for i, it := range out {
		if it.Page.File == nil {
			continue
		}
		if f := s.files[it.Page.File.Path]; f != nil && f != it.Page.File {
			np := *it.Page
			np.File = f
			out[i].Page = &np
		}
	}
	return out
}

// editedPages makes a copy of every page of the last model whose file was
// read again (edited maps a path to its new parse), with set applied: the
// model's own pages, which the last rendering may still be reading, are
// never written.
func (s *Session) editedPages(edited map[string]*content.File, set func(p *site.Page, f *content.File)) []*site.Page {
	var pages []*site.Page
	for _, p := range s.site.Model.Pages {
		if p.File == nil {
			continue
		}
		if f, ok := edited[p.File.Path]; ok {
			np := *p
			set(&np, f)
			pages = append(pages, &np)
		}
	}
	return pages
}

// earlyPages publishes first what an editor looks at after changing the
// title, summary or another field a page shows from its own file (an
// event's location, say): the page itself. The full rebuild that follows
// updates every list, feed, calendar and search entry that shows them;
// on a large site that takes a while, most of it building the model again
// and rendering every page, while the edited page is served at once. It applies only when every changed file is an existing
// event, newsletter or case study whose front matter differs at most in
// such fields (see sameButOwnFields; the body may differ too). Its pages
// are rendered in the last model as copies with the file, title and
// summary updated, and published only if they render without a problem;
// the rebuild then renders them again from the new model, with the same
// result. It reports whether it published anything.
func (s *Session) earlyPages(out Remover, ropts RenderOptions, changed []string, now time.Time) bool {
	if ropts.EarlyPages == nil || !s.reusable(ropts, changed, now) {
		return false
	}
	edited := s.reparse(changed, func(old, f *content.File) bool {
		switch old.Kind {
		case content.KindEvent, content.KindNewsletter, content.KindCaseStudy:
			return sameButOwnFields(old, f)
		}
		// A region's title shows on every page tagged with it, a
		// standalone page's in the menu: only the rebuild can tell.
		return false
	})
	if edited == nil {
		return false
	}
	pages := s.editedPages(edited, func(p *site.Page, f *content.File) {
		p.File, p.Title, p.Summary = f, f.Front.Title, f.Front.Summary
	})
	if len(pages) == 0 {
		return false
	}
	staged := &recordingOutput{files: map[string][]byte{}}
	// The partial cache was emptied (Rebuild): what it held showed the
	// pages as they were.
	if _, _, errs := renderPages(s.site.Model, s.renderer, pages, staged, ropts); len(errs) > 0 {
		return false
	}
	s.publish(out, staged, false)
	return true
}

// reusable reports whether the model and Renderer of the last rebuild can
// take an edit without a new model (bodyEdit, earlyPages): that rebuild
// succeeded, with the same render options and on the same day, and
// something changed.
func (s *Session) reusable(ropts RenderOptions, changed []string, now time.Time) bool {
	return s.lastGood && s.site != nil && s.renderer != nil && s.rendererOpts == renderOptsKey(ropts) &&
		len(changed) > 0 && now.Truncate(24*time.Hour).Equal(s.lastDay)
}

// reparse reads the changed files again, each of which must be a content
// file the last rebuild read without error and still a regular file, and
// maps each path to the new parse. It returns nil if any file is not
// such a file, does not parse cleanly, or is refused by keep (given the
// old and the new parse).
func (s *Session) reparse(changed []string, keep func(old, f *content.File) bool) map[string]*content.File {
	copts := s.contentOptions()
	edited := map[string]*content.File{}
	for _, c := range changed {
		old := s.files[c]
		if old == nil || len(s.fileErrs[c]) > 0 || skippedPath(c) {
			return nil
		}
		info, err := fs.Lstat(s.fsys, c)
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(s.fsys, c)
		if err != nil {
			return nil
		}
		f, perrs := parseContent(c, data, copts)
		if len(perrs) > 0 || !keep(old, f) {
			return nil
		}
		edited[c] = f
	}
	return edited
}

// sameButOwnFields reports whether two parses of a file differ at most in
// their body (and so in the lines of fields), their title and summary
// (which earlyPages copies into the page), and fields the page shows from
// its own file and the site model does not read: an event's location,
// venue and registration link, a newsletter's issue and PDF, a case
// study's cities and partners. Rendered in the last model, the page is
// then what the new model renders.
func sameButOwnFields(a, b *content.File) bool {
	fa, fb := ownFieldsCleared(a.Front), ownFieldsCleared(b.Front)
	return sameFile(a, b) && reflect.DeepEqual(fa, fb)
}

func ownFieldsCleared(f content.Front) content.Front {
	f.Title, f.Summary, f.Lines = "", "", nil
	f.Location, f.Venue, f.Registration = "", "", ""
	f.Issue, f.PDF = 0, ""
	f.Cities, f.Partners = nil, nil
	return f
}

// rendererOptions are the render options a Renderer keeps.
type rendererOptions struct {
	liveReload string
	banner     bool
}

func renderOptsKey(o RenderOptions) rendererOptions {
	return rendererOptions{o.LiveReload, o.Banner}
}

// sameButBody reports whether two parses of a file differ at most in the
// Markdown below the front matter.
func sameButBody(a, b *content.File) bool {
	return sameFile(a, b) && a.BodyLine == b.BodyLine && reflect.DeepEqual(a.Front, b.Front)
}

// sameFile reports whether two parses of a file agree on what its name
// and format make of it: section, kind, slug, language, format, and
// whether it has a body.
func sameFile(a, b *content.File) bool {
	return a.Path == b.Path && a.Section == b.Section && a.Kind == b.Kind && a.Slug == b.Slug &&
		a.Lang == b.Lang && a.Format == b.Format && a.Blank == b.Blank
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
