package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
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
	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// Session builds a site again and again into the same Output, as serve
// does. After the first build it re-reads only the files that changed and
// re-renders only the pages whose output can differ: a page is rendered
// again when the data its template can see changed (its own file and
// fields, and the fields of every page it lists or links to) or when any
// layout, UI string, asset or setting changed. An edit that only touches
// the Markdown below the front matter skips even the model (bodyEdit). The
// result equals a full build; the tests check that with random edits.
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
	site      *Site

	// global is a hash of everything every page depends on.
	global [32]byte
	// sigs is the signature each written page was rendered with, and
	// pageErrs the problems its rendering found, by output path.
	sigs     map[string][32]byte
	pageErrs map[string]diag.List
	// written is the set of files in out after the last build.
	written map[string]bool
	loaded  bool
	// cards caches each page's card hash during one rebuild; structure is
	// the hash of every card of the last build.
	cards     map[*site.Page][32]byte
	siteCards map[*site.Lang][32]byte
	structure [32]byte
	related   site.RelatedCache
	// fileCards keeps content pages' cards from one rebuild to the next.
	fileCards, nextFileCards map[fileCardKey][32]byte
	// lastGood is true when the last rebuild succeeded; modelWarnings are
	// the warnings its model found and lastDay the day it was built for.
	// Together they let a body edit skip building the model (bodyEdit).
	lastGood      bool
	modelWarnings diag.List
	lastDay       time.Time
	// renderer rendered the last full rebuild, with these options; body
	// edits render with it again, as the model is the same.
	renderer     *render.Renderer
	rendererOpts rendererOptions
	// images keeps the variants of the images in assets/ from one rebuild
	// to the next: an unchanged image is never encoded again.
	images *images.Processor
	// texts keeps bodies' plain text for the search indexes, and bodies
	// is the hash of every page's file of the last rebuild (bodiesHash).
	texts  *render.TextCache
	bodies [32]byte
}

// Remover is an Output that can delete a file; a Session removes the pages
// that a change took away.
type Remover interface {
	Output
	Remove(name string)
}

// NewSession prepares builds of the site in fsys.
func NewSession(fsys fs.FS, opts LoadOptions) *Session {
	return &Session{fsys: fsys, opts: opts, sigs: map[string][32]byte{}, pageErrs: map[string]diag.List{}, written: map[string]bool{}, images: imageProcessor(opts), texts: render.NewTextCache()}
}

// Site returns the last loaded site (nil before the first build).
func (s *Session) Site() *Site { return s.site }

// Rebuild applies the changed files (site-relative paths; nil means
// "anything may have changed") and renders what they affect into out. It
// returns the number of pages rendered and every problem of the site. On
// errors out is left as it was.
func (s *Session) Rebuild(out Remover, ropts RenderOptions, changed []string, now time.Time) (int, diag.List) {
	if n, errs, ok := s.bodyEdit(out, ropts, changed, now); ok {
		return n, errs
	}
	if s.earlyPages(out, ropts, changed, now) {
		ropts.EarlyPages()
	}
	s.lastGood = false
	s.opts.Now = now
	s.reload(changed)
	var errs diag.List
	errs.Add(s.cfgErrs...)
	if s.cfgErrs.HasErrors() {
		return 0, errs.Sorted()
	}
	errs.Add(s.tmplErrs...)
	errs.Add(s.strErrs...)
	errs.Add(s.assetErrs...)
	files := make([]*content.File, 0, len(s.files))
	for _, p := range sortedKeys(s.files) {
		files = append(files, s.files[p])
		errs.Add(s.fileErrs[p]...)
	}
	if errs.HasErrors() {
		return 0, errs.Sorted()
	}
	model, merrs := site.Build(s.cfg, files, site.Options{Drafts: s.opts.Drafts, Future: s.opts.Future, Now: now, Lastmod: s.opts.Lastmod, Related: &s.related})
	errs.Add(merrs...)
	s.modelWarnings = merrs
	if errs.HasErrors() {
		return 0, errs.Sorted()
	}
	s.site = &Site{Config: s.cfg, Files: files, Model: model, Templates: s.tmpl, Strings: s.strs, Assets: s.assets, Admin: s.admin,
		Images: processImages(s.images, s.cfg, s.strs, s.assets)}

	// Which pages need rendering: those whose signature changed.
	s.cards = make(map[*site.Page][32]byte, len(model.Pages))
	s.siteCards = map[*site.Lang][32]byte{}
	s.nextFileCards = make(map[fileCardKey][32]byte, len(s.fileCards))
	s.prepareCards(model)
	// Signatures only read the cards from here on, so they are worked out
	// on all cores.
	pageSigs := make([][32]byte, len(model.Pages))
	parallel.For(len(model.Pages), func(i int) { pageSigs[i] = s.signature(model.Pages[i]) })
	sigs := make(map[string][32]byte, len(model.Pages))
	dirty := map[*site.Page]bool{}
	for i, p := range model.Pages {
		sig := pageSigs[i]
		sigs[p.OutputPath] = sig
		if old, ok := s.sigs[p.OutputPath]; !ok || old != sig {
			dirty[p] = true
		}
	}
	// A page that links to a page that appeared or went away must be
	// checked again: its link is now good or broken.
	var gone []string
	for path := range s.sigs {
		if _, ok := sigs[path]; !ok {
			gone = append(gone, "/"+strings.TrimSuffix(path, "index.html"))
		}
	}
	var added []string
	for path := range sigs {
		if _, ok := s.sigs[path]; !ok {
			added = append(added, "/"+strings.TrimSuffix(path, "index.html"))
		}
	}
	if len(s.sigs) > 0 && len(gone)+len(added) > 0 {
		for _, p := range model.Pages {
			if p.File != nil && !dirty[p] && mentionsAny(p.File.Body, gone, added) {
				dirty[p] = true
			}
		}
	}
	ropts.Only = func(p *site.Page) bool { return dirty[p] }
	// Feeds, sitemaps, calendars, the search index and aliases show only
	// what cards hold; when no card changed (an edit to a page's body),
	// they are as they were.
	structure := s.structureHash(model)
	ropts.PagesOnly = s.structure == structure
	s.structure = structure
	bodies := bodiesHash(model)
	ropts.BodiesChanged = s.bodies != bodies
	s.bodies = bodies
	staged := &recordingOutput{files: map[string][]byte{}}
	ropts.Texts = s.texts
	rendered, _, r, rerrs := renderSite(s.site, staged, ropts)
	s.texts.Prune()
	s.renderer, s.rendererOpts = r, renderOptsKey(ropts)
	// Problems of pages not rendered this time are the ones found last time.
	pageErrs := map[string]diag.List{}
	for path, list := range s.pageErrs {
		if _, still := sigs[path]; still {
			pageErrs[path] = list
		}
	}
	for p := range dirty {
		delete(pageErrs, p.OutputPath)
	}
	var other diag.List
	for _, e := range rerrs {
		if owner := ownerOf(e, model, dirty); owner != "" {
			pageErrs[owner] = append(pageErrs[owner], e)
		} else {
			other = append(other, e)
		}
	}
	for _, list := range pageErrs {
		errs.Add(list...)
	}
	errs.Add(other...)
	if errs.HasErrors() {
		return 0, errs.Sorted()
	}
	// Publish: write what was rendered, remove what no longer exists.
	errs.Add(publish(out, staged)...)
	calendars := map[string]bool{}
	for _, p := range model.Pages {
		if p.Kind == "event" {
			calendars[EventCalendarPath(p)] = true
		}
	}
	for name := range s.written {
		if _, ok := staged.files[name]; ok {
			continue
		}
		if _, ok := sigs[name]; ok || name == "404.html" || calendars[name] {
			continue // a page, or an event's calendar, that did not need rendering
		}
		if _, wasPage := s.sigs[name]; ropts.PagesOnly && !wasPage {
			continue // a file that is not a page, not rendered this time
		}
		out.Remove(name)
		delete(s.written, name)
	}
	for name := range staged.files {
		s.written[name] = true
	}
	s.sigs = sigs
	s.pageErrs = pageErrs
	s.fileCards = s.nextFileCards
	s.lastGood = !errs.HasErrors()
	s.lastDay = now.Truncate(24 * time.Hour)
	return rendered, errs.Sorted()
}

// Adopter is an Output that can keep the bytes it is given instead of
// copying them; serve's in-memory site is one. Staged files belong to no
// one else once a rebuild publishes them.
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
// below the front matter of existing content files, nothing else. No card,
// list, link target or feed can show a body, so the model of the last
// rebuild stays right once its pages point at the new files, and only
// those pages are rendered again. At 30,000 pages this skips building the
// model and hashing every page, which cost most of a rebuild (issue 10).
// It declines (ok false) whenever anything else might have changed: the
// full path then handles the change, and its result is the reference the
// random-edit tests compare with.
func (s *Session) bodyEdit(out Remover, ropts RenderOptions, changed []string, now time.Time) (n int, errs diag.List, ok bool) {
	if !s.reusable(ropts, changed, now) {
		return 0, nil, false
	}
	edited := s.reparse(changed, sameButBody)
	if edited == nil {
		return 0, nil, false
	}
	m := s.site.Model
	dirty := map[*site.Page]bool{}
	var pages []*site.Page
	for _, p := range m.Pages {
		if f, ok := edited[p.File]; ok {
			pages = append(pages, p)
			k := fileCardKey{p.File, p.URL, p.Lastmod}
			if c, ok := s.fileCards[k]; ok {
				delete(s.fileCards, k)
				s.fileCards[fileCardKey{f, p.URL, p.Lastmod}] = c
			}
			p.File = f
			dirty[p] = true
		}
	}
	for i, f := range s.site.Files {
		if nf, ok := edited[f]; ok {
			s.site.Files[i] = nf
			s.files[nf.Path] = nf
		}
	}
	// The cards and site hashes of the last rebuild still hold: a body is
	// in no card.
	s.opts.Now = now
	staged := &recordingOutput{files: map[string][]byte{}}
	s.renderer.ForgetPartials()
	rendered, _, rerrs := renderPages(m, s.renderer, pages, staged, ropts)
	for p := range dirty {
		s.sigs[p.OutputPath] = s.signature(p)
		delete(s.pageErrs, p.OutputPath)
	}
	var other diag.List
	for _, e := range rerrs {
		if owner := ownerOf(e, m, dirty); owner != "" {
			s.pageErrs[owner] = append(s.pageErrs[owner], e)
		} else {
			other = append(other, e)
		}
	}
	errs = s.collectErrs()
	errs.Add(s.modelWarnings...)
	for _, list := range s.pageErrs {
		errs.Add(list...)
	}
	errs.Add(other...)
	if errs.HasErrors() {
		// The model now holds the edited files but their pages were not
		// published: the next rebuild must build everything again.
		s.lastGood = false
		for p := range dirty {
			delete(s.sigs, p.OutputPath)
		}
		return 0, errs.Sorted(), true
	}
	errs.Add(publish(out, staged)...)
	for name := range staged.files {
		s.written[name] = true
	}
	// The search indexes show bodies too: those of the languages that list
	// the page (its own, and those showing it for a missing translation)
	// are made again. Rebuilding them takes far longer than the page (most of a
	// second at 3,000 pages), so the page is served, and open pages told,
	// first.
	if ropts.EarlyPages != nil {
		ropts.EarlyPages()
	}
	var searches []job
	for _, lv := range m.Langs {
		items := m.Items(lv.Code)
		if slices.ContainsFunc(items, func(it site.Item) bool { return dirty[it.Page] }) {
			searches = append(searches, searchJob(s.renderer, lv, items))
		}
	}
	indexes := &recordingOutput{files: map[string][]byte{}}
	_, _, serrs := runJobs(s.renderer, searches, indexes, ropts)
	s.texts.Prune()
	if serrs.HasErrors() {
		// Pages are out but not the indexes: the next rebuild does all.
		s.lastGood = false
		errs.Add(serrs...)
		return rendered, errs.Sorted(), true
	}
	errs.Add(publish(out, indexes)...)
	for name := range indexes.files {
		s.written[name] = true
	}
	s.bodies = bodiesHash(m)
	return rendered, errs.Sorted(), true
}

// earlyPages publishes first what an editor looks at after changing the
// title, summary or another field a page shows from its own file (an
// event's location, say): the page itself. The full rebuild that follows
// updates every list, feed, calendar and search entry that shows them; at
// 30,000 pages that takes about a second, most of it building the model
// again, while the edited page is served within milliseconds. It applies
// only when every changed file is an existing event, newsletter or case
// study whose front matter differs at most in such fields (see
// sameButOwnFields; the body may differ too). Its pages are rendered in
// the last model with the file, title and summary updated, and published
// only if they render without a problem; the rebuild then renders them
// again from the new model, with the same result. It reports whether it
// published anything.
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
	var pages []*site.Page
	for _, p := range s.site.Model.Pages {
		if f, ok := edited[p.File]; ok {
			p.File, p.Title, p.Summary = f, f.Front.Title, f.Front.Summary
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		return false
	}
	staged := &recordingOutput{files: map[string][]byte{}}
	if _, _, errs := renderPages(s.site.Model, s.renderer, pages, staged, ropts); len(errs) > 0 {
		return false
	}
	publish(out, staged)
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
// maps each old parse to the new one. It returns nil if any file is not
// such a file, does not parse cleanly, or is refused by keep (given the
// old and the new parse).
func (s *Session) reparse(changed []string, keep func(old, f *content.File) bool) map[*content.File]*content.File {
	copts := contentOptions(s.cfg)
	edited := map[*content.File]*content.File{}
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
		f, perrs := content.Parse(c, data, copts)
		if len(perrs) > 0 || !keep(old, f) {
			return nil
		}
		edited[old] = f
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

// ownerOf finds the dirty page whose rendering reported e: the page's file,
// or a layout error that names the page's source.
func ownerOf(e diag.Error, m *site.Model, dirty map[*site.Page]bool) string {
	for p := range dirty {
		if p.File != nil && e.Pos.File == p.File.Path {
			return p.OutputPath
		}
	}
	return ""
}

func mentionsAny(body []byte, lists ...[]string) bool {
	for _, l := range lists {
		for _, u := range l {
			if u != "/" && bytes.Contains(body, []byte(u)) {
				return true
			}
		}
	}
	return false
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
	r.mu.Lock()
	r.files[name] = b
	r.mu.Unlock()
	return nil
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
		s.assets, s.assetErrs = loadAssets(s.fsys, s.cfg, s.opts)
	}
	if all {
		s.admin = cms.Files(s.fsys, s.cfg)
	}
	copts := contentOptions(s.cfg)
	if all {
		files, errs := content.Load(s.fsys, copts)
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
	s.global = s.globalHash()
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
	f, errs := content.Parse(p, data, copts)
	s.files[p] = f
	if len(errs) > 0 {
		s.fileErrs[p] = errs
	}
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

// globalHash covers what every page's template can see besides pages:
// settings, layouts, UI strings and assets.
func (s *Session) globalHash() [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%+v|%v|%v|%v|%v|%v|%v|%v\n", s.cfg.BaseURL, s.cfg.DefaultLanguage, s.cfg.Languages, s.cfg.Segments, s.cfg.Themes, s.cfg.Menus, s.cfg.Pagination, s.cfg.Markdown)
	// The base layout and partials can be used by any page; a kind's own
	// layout only by its pages (see signature).
	if s.tmpl != nil {
		for _, k := range sortedKeys(s.tmpl.Files) {
			if k == render.BaseFile || strings.HasPrefix(k, render.Dir+"/partials/") {
				fmt.Fprintf(h, "%s=%s\n", k, s.tmpl.Files[k])
			}
		}
		// Which layouts exist decides the lookup of every kind.
		fmt.Fprintf(h, "%v\n", sortedKeys(s.tmpl.Files))
	}
	if s.strs != nil {
		for _, k := range s.strs.Keys() {
			for _, l := range s.cfg.LanguageCodes() {
				v, _ := s.strs.T(l, k)
				fmt.Fprintf(h, "%s.%s=%s\n", l, k, v)
			}
		}
	}
	if s.assets != nil {
		for _, e := range s.assets.Entries() {
			fmt.Fprintf(h, "%s=%s\n", e.Name, e.Integrity)
		}
	}
	fmt.Fprintf(h, "%v|%v\n", s.opts.Drafts, s.opts.Future)
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// signature hashes everything the template of p can see.
func (s *Session) signature(p *site.Page) [32]byte {
	h := newSigWriter()
	h.Write(s.global[:])
	if file, ok := s.tmpl.Lookup(p.Kind, p.IsList()); ok {
		h.str("layout", file, s.tmpl.Files[file])
	}
	h.str(p.Kind, p.Lang, p.Section, p.Key, p.URL)
	h.num(int64(p.Count), b2i(p.Draft), b2i(p.Future), int64(p.Year))
	s.card(h, p)
	if p.File != nil {
		h.Write(p.File.Hash[:])
	}
	// Upcoming and past events move with the day.
	h.num(s.opts.Now.Truncate(24 * time.Hour).Unix())
	for _, q := range p.Translations {
		s.card(h, q)
	}
	for _, sl := range p.Switcher() {
		h.str("sw", sl.Lang, sl.URL)
		h.num(b2i(sl.Current), b2i(sl.Fallback))
	}
	for _, q := range p.Regions {
		s.card(h, q)
	}
	for _, t := range p.Themes {
		h.themeRef("th", *t)
	}
	if p.YearPage != nil {
		s.card(h, p.YearPage)
	}
	s.items(h, "rel", p.Related)
	s.items(h, "it", p.Items)
	s.groups(h, p.Groups)
	if pg := p.Pager; pg != nil {
		h.num(int64(pg.Number), int64(pg.Total), int64(len(pg.Pages)))
		for _, q := range pg.Pages {
			h.str(q.URL)
		}
	}
	for _, t := range p.ThemeList {
		h.themeRef("tl", t)
	}
	for _, y := range p.YearList {
		h.str("yl", y.URL)
		h.num(int64(y.Year), int64(y.Count))
	}
	if p.Theme != nil {
		h.themeRef("theme", *p.Theme)
	}
	if lv := p.Site; lv != nil {
		sh := s.siteHash(lv)
		h.Write(sh[:])
	}
	return h.sum()
}

// siteHash covers what every page of a language shows of the language:
// its menu, sections and home. It is the same for all of them, so it is
// worked out once per language and rebuild.
func (s *Session) siteHash(lv *site.Lang) [32]byte {
	if c, ok := s.siteCards[lv]; ok {
		return c
	}
	// Worked out once per language in prepareCards, before signatures run
	// in parallel and only read siteCards.
	h := newSigWriter()
	for _, m := range lv.Menu {
		h.str("menu", m.Key, m.Page.URL, m.Page.Title)
	}
	for _, k := range sortedKeys(lv.Sections) {
		s.card(h, lv.Sections[k])
	}
	s.card(h, lv.Home)
	out := h.sum()
	s.siteCards[lv] = out
	return out
}

// sigWriter gathers the parts of a signature in a buffer, each ended by a
// separator byte so that ("ab", "c") and ("a", "bc") differ, and hashes
// them at once. It avoids fmt and many small hash writes, which made
// signatures cost more than rendering a page.
type sigWriter struct{ buf []byte }

func newSigWriter() *sigWriter { return &sigWriter{buf: make([]byte, 0, 1024)} }

func (h *sigWriter) Write(b []byte) (int, error) {
	h.buf = append(h.buf, b...)
	return len(b), nil
}

func (h *sigWriter) sum() [32]byte { return sha256.Sum256(h.buf) }

func (h *sigWriter) str(parts ...string) {
	for _, p := range parts {
		h.buf = append(h.buf, p...)
		h.buf = append(h.buf, 0)
	}
}

func (h *sigWriter) num(ns ...int64) {
	for _, n := range ns {
		h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(n))
	}
}

func (h *sigWriter) themeRef(tag string, t site.ThemeRef) {
	h.str(tag, t.Key, t.Name, t.Description, t.URL)
	h.num(int64(t.Count))
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// card hashes what a template can show of a page it links to, once per
// page and rebuild.
func (s *Session) card(h io.Writer, p *site.Page) {
	if p == nil {
		return
	}
	c, ok := s.cards[p]
	if !ok {
		c = cardHash(p)
	}
	h.Write(c[:])
}

// prepareCards works out the card of every page, on all cores, and the
// per-language site hashes, before any signature reads them.
func (s *Session) prepareCards(m *site.Model) {
	cards := make([][32]byte, len(m.Pages))
	parallel.For(len(m.Pages), func(i int) {
		p := m.Pages[i]
		// A content page's card depends on its file and its place; files
		// not read again keep their card from the last rebuild.
		if p.File != nil {
			if c, ok := s.fileCards[fileCardKey{p.File, p.URL, p.Lastmod}]; ok {
				cards[i] = c
				return
			}
		}
		cards[i] = cardHash(p)
	})
	for i, p := range m.Pages {
		s.cards[p] = cards[i]
		if p.File != nil {
			s.nextFileCards[fileCardKey{p.File, p.URL, p.Lastmod}] = cards[i]
		}
	}
	for _, lv := range m.Langs {
		s.siteHash(lv)
	}
}

// fileCardKey identifies a content page's card across rebuilds.
type fileCardKey struct {
	file    *content.File
	url     string
	lastmod time.Time
}

// structureHash covers every page's card, the aliases and the global
// inputs: all that feeds, sitemaps, calendars and the search index show.
func (s *Session) structureHash(m *site.Model) [32]byte {
	h := sha256.New()
	h.Write(s.global[:])
	for _, p := range m.Pages {
		s.card(h, p)
		for _, q := range p.Translations {
			fmt.Fprintf(h, "tr %s\n", q.URL)
		}
		if p.Group != nil {
			fmt.Fprintf(h, "g %s\n", p.Group.Key)
		}
	}
	for _, a := range m.Aliases {
		fmt.Fprintf(h, "alias %s %s\n", a.Path, a.Page.URL)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func cardHash(p *site.Page) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "card %s %s %s %q %q %d %d %d %v\n", p.Kind, p.Lang, p.URL, p.Title, p.Summary, p.Date.Unix(), p.Lastmod.Unix(), p.Count, p.Draft)
	if p.File != nil {
		f := p.File.Front
		f.Lines = nil
		fmt.Fprintf(h, "%v\n", f)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func (s *Session) items(h *sigWriter, tag string, its []site.Item) {
	for _, it := range its {
		h.str(tag)
		h.num(b2i(it.Fallback))
		s.card(h, it.Page)
	}
}

func (s *Session) groups(h *sigWriter, gs []site.ListGroup) {
	for _, g := range gs {
		h.str("group", g.Key)
		h.num(g.Month.Unix())
		s.items(h, "gi", g.Items)
		s.groups(h, g.Groups)
	}
}
