package build

import (
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// The fast paths of a serve rebuild, for edits the last model can take
// without a new one: bodyEdit renders again the pages whose Markdown alone
// changed, and earlyPages publishes an edited page before the rebuild
// that updates what shows it. Each declines what it cannot prove; the
// full path (Session.Rebuild, deps.go) is the reference they are tested
// against.

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
	s.adopt(edited)
	if s.bodyEdited == nil {
		s.bodyEdited = map[string]bool{}
	}
	for path := range edited {
		s.bodyEdited[path] = true
	}
	s.opts.Now = now
	staged := &recordingOutput{files: map[string][]byte{}}
	// A theme may cache a partial that shows a page's Content.
	s.renderer.ForgetPartials()
	_, _, rerrs := renderPages(s.site.Model, s.renderer, pages, staged, ropts)
	errs = append(errs, s.warningsBut(edited)...)
	errs.Add(rerrs...)
	if errs.HasErrors() {
		// The pages were not published: the next rebuild renders
		// everything again.
		s.lastGood = false
		return 0, errs.Sorted(), true
	}
	n, perrs := s.publish(out, staged, false)
	errs.Add(perrs...)
	s.problemsOf(pages)
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
	s.warnings = errs
	return n + in, errs.Sorted(), true
}

// problemsOf takes the problems of pages rendered outside the records'
// keeping (bodyEdit) from their records: a later rebuild that does not
// render them reports those (renderEdited), not the earlier ones.
func (s *Session) problemsOf(pages []*site.Page) {
	if s.problems == nil {
		s.problems = map[string]diag.List{}
	}
	recs := s.renderer.Records()
	for _, p := range pages {
		switch rec := recs[p.OutputPath]; {
		case rec == nil:
		case len(rec.Errs()) > 0:
			s.problems[p.OutputPath] = rec.Errs()
		default:
			delete(s.problems, p.OutputPath)
		}
	}
}

// warningsBut returns the last rebuild's warnings without those that
// rendering the pages of the edited files reported: rendered again, they
// report what their files hold now. A page's rendering places its
// problems in its own file; the warnings of loading the files stay, as
// the front matter they speak of is the same.
func (s *Session) warningsBut(edited map[string]*content.File) diag.List {
	loaded := map[diag.Error]int{}
	for _, w := range s.loadWarnings {
		loaded[w]++
	}
	var kept diag.List
	for _, w := range s.warnings {
		if edited[w.Pos.File] != nil {
			if loaded[w] == 0 {
				continue
			}
			loaded[w]--
		}
		kept = append(kept, w)
	}
	return kept
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

// fieldEdit handles an edit of fields a page takes from its own file
// (title, summary, dates, draft, regions, themes, an event's location,
// ...: ownOrListingFields) without a new model: the edited pages take the
// new values in place, and the lists that show them their new entries
// (site.Model.Reedit), which is all a new model would hold otherwise, so
// what changed is known without comparing models; and the last Renderer
// renders, of the last rebuild's outputs, those whose records read a
// changed field (renderEdited, as after any content edit): the edited
// pages first, then the lists, feeds and search indexes that show them.
// Building the model and a Renderer, and comparing two models, take most
// of a content edit's time on a large site. It declines (ok false),
// before it changes anything, whatever it cannot prove; the full path is
// the reference it is tested against.
func (s *Session) fieldEdit(out Remover, ropts RenderOptions, changed []string, now time.Time) (n int, errs diag.List, ok bool) {
	if !s.reusable(ropts, changed, now) || s.records == nil || s.jobs == nil {
		return 0, nil, false
	}
	edited := s.reparse(changed, ownOrListingFields)
	if edited == nil || s.warnsAtMovedLines(edited) {
		return 0, nil, false
	}
	m := s.site.Model
	ix := s.pageIndex()
	files := map[*site.Page]*content.File{}
	for path, f := range edited {
		// A file without a page (a draft, a page dated in the future) is
		// left to the full path, which knows what its edit makes.
		if len(ix.byFile[path]) != 1 {
			return 0, nil, false
		}
		files[ix.byFile[path][0]] = f
	}
	fileChanged := map[*site.Page]bool{}
	d := &differ{memo: map[[2]uintptr]bool{}}
	for p, f := range files {
		fileChanged[p] = !d.eq(reflect.ValueOf(p.File), reflect.ValueOf(f))
	}
	opts := site.Options{Drafts: s.opts.Drafts, Future: s.opts.Future, Now: now, Lastmod: s.opts.Lastmod, Related: &s.related}
	fields, ok := m.Reedit(files, opts)
	if !ok {
		return 0, nil, false
	}
	changes := render.Changes{}
	for p, fs := range fields {
		changes[p.OutputPath] = fs
	}
	for p, ch := range fileChanged {
		if ch {
			if changes[p.OutputPath] == nil {
				changes[p.OutputPath] = map[string]bool{}
			}
			changes[p.OutputPath]["File"] = true
		}
	}
	// Pages whose bodies were edited since the model was built still hold
	// the earlier parse of their files (bodyEdit renders copies): a new
	// model would hold the current one, whose front matter is the same,
	// and their outputs are what bodyEdit made of them. Those edited now
	// hold their newest parse already.
	var stale []*site.Page
	for path := range s.bodyEdited {
		if edited[path] == nil {
			stale = append(stale, ix.byFile[path]...)
		}
	}
	own := slices.Collect(maps.Keys(files))
	written := map[*site.Page]bool{}
	for _, p := range slices.Concat(own, stale) {
		written[p] = true
	}
	r := s.renderer
	// The indexes' pages are what they were; their entries are worked out
	// when they are first written, after the pages change.
	jobs := s.freshSearchJobs(written)
	partials := r.TakePartials()
	// The model's pages are written in place, with no rendering running
	// (the translations report waits for rebuilds to end).
	for _, p := range stale {
		p.File = s.files[p.File.Path]
	}
	s.bodyEdited = nil
	r.ForgetCalls()
	s.adopt(edited)
	s.opts.Now = now
	s.lastGood = false
	staged := &recordingOutput{files: map[string][]byte{}}
	early := 0
	isEdited := func(p *site.Page) bool { return slices.Contains(own, p) }
	gone, rerrs := s.renderEdited(edit{r: r, old: m, jobs: jobs, samePaths: true, sameRenderer: true, partials: partials, isEdited: isEdited, index: s.recordIndex, early: func(g []string) {
		n, _ := s.publish(out, staged, false)
		early += n + s.unpublish(out, g)
		if ropts.EarlyPages != nil {
			ropts.EarlyPages()
		}
	}, diff: func() render.Changes { return changes }}, staged, ropts)
	errs = append(errs, s.loadWarnings...)
	errs.Add(rerrs...)
	if errs.HasErrors() {
		return 0, errs.Sorted(), true
	}
	// No Sweep: the bodies of the pages kept were not asked for (they
	// hold, see edit.sameRenderer), and the next full rebuild asks.
	s.keepRecords(r, false, gone)
	s.rendered = sortedKeys(staged.files)
	// No Prune either: the texts of the pages kept were not read, and
	// pruning would drop what the next rebuild's indexes take (the edited
	// files' earlier texts are forgotten, see adopt).
	n, perrs := s.publish(out, staged, false)
	errs.Add(perrs...)
	s.jobs = jobs
	s.lastGood = !errs.HasErrors()
	s.warnings = errs
	return n + early, errs.Sorted(), true
}

// freshSearchJobs returns the last rebuild's jobs with the search
// indexes' renewed: an index works out its pages' entries once, when it
// is first written, and fieldEdit changes the model's pages in place. The
// other jobs read the model when they run. The parts that show none of
// the changed pages are marked the same as published (job.same), as a
// field edit keeps the pages of every language's index in their order
// (site.Model.Items: one page of each group, by group key), and so the
// index's layout. The jobs are renewed in place (copying tens of
// thousands costs more than the rest of this): they are fieldEdit's,
// which changes the model they list anyway.
func (s *Session) freshSearchJobs(changed map[*site.Page]bool) []job {
	jobs := s.jobs
	renewed := map[*render.SearchIndex]map[string]job{}
	for i, j := range jobs {
		if j.index == nil {
			continue
		}
		parts, ok := renewed[j.index]
		if !ok {
			parts = map[string]job{}
			ix := j.index.Renewed(changed)
			same := ix.SameParts()
			for _, f := range indexJobs(ix) {
				f.inputs = j.inputs
				f.same = same[strings.TrimPrefix(f.path, ix.Lang().Code+"/")]
				parts[f.path] = f
			}
			renewed[j.index] = parts
		}
		jobs[i] = parts[j.path]
	}
	return jobs
}

// adopt takes the new parses of edited files (by path), files the site
// has, as the files of the site.
func (s *Session) adopt(edited map[string]*content.File) {
	// The site's files are in the order of their paths.
	files := slices.Clone(s.site.Files)
	for _, f := range edited {
		if old := s.files[f.Path]; old != nil && old.Hash != f.Hash {
			s.texts.Forget(old.Hash, s.cfg.LanguageCodes())
		}
		s.files[f.Path] = f
		if i, ok := slices.BinarySearchFunc(files, f.Path, func(g *content.File, p string) int { return strings.Compare(g.Path, p) }); ok {
			files[i] = f
		}
	}
	next := *s.site
	next.Files = files
	s.site = &next
}

// pageIndex finds the content pages of a model by their files' paths.
type pageIndex struct {
	model  *site.Model
	byFile map[string][]*site.Page
}

// pageIndex returns the index of the last model, made on the first edit
// that asks: a pass over tens of thousands of pages, each a read from
// memory of its own.
func (s *Session) pageIndex() *pageIndex {
	m := s.site.Model
	if s.pages != nil && s.pages.model == m {
		return s.pages
	}
	ix := &pageIndex{model: m, byFile: map[string][]*site.Page{}}
	for _, p := range m.Pages {
		if p.File != nil {
			ix.byFile[p.File.Path] = append(ix.byFile[p.File.Path], p)
		}
	}
	s.pages = ix
	return ix
}

// earlyPages publishes first what an editor looks at after changing the
// title, summary or another field a page shows from its own file (an
// event's location, say): the page itself. The full rebuild that follows
// updates every list, feed, calendar and search entry that shows them;
// on a large site that takes a while, most of it building the model again
// and rendering every page, while the edited page is served at once. It
// applies only when every changed file is an existing event, newsletter
// or case study whose front matter differs at most in such fields (see
// sameButOwnFields; the body may differ too). Its pages are rendered in
// the last model as copies with the file, title and summary updated, and
// published only if they render without a problem; the rebuild then
// renders them again from the new model, with the same result. It reports
// whether it published anything.
func (s *Session) earlyPages(out Remover, ropts RenderOptions, changed []string, now time.Time) bool {
	if ropts.EarlyPages == nil || !s.reusable(ropts, changed, now) {
		return false
	}
	edited := s.reparse(changed, ownFieldsOnly)
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

// ownFieldsOnly reports whether the edit of a file from old to f is one
// of an event, newsletter or case study in fields its page shows from its
// own file (sameButOwnFields).
func ownFieldsOnly(old, f *content.File) bool {
	switch old.Kind {
	case content.KindEvent, content.KindNewsletter, content.KindCaseStudy:
		return sameButOwnFields(old, f)
	}
	// A region's title shows on every page tagged with it, a standalone
	// page's in the menu: only the full path can tell.
	return false
}

// ownOrListingFields reports whether the edit of a file from old to f is
// one of an event, newsletter or case study in fields its page shows from
// its own file (sameButOwnFields) and in those that place it in lists
// without making or dropping a page: its dates, regions and themes, and
// its draft mark where drafts are built (site.Model.Reedit).
func ownOrListingFields(old, f *content.File) bool {
	clear := func(f *content.File) *content.File {
		c := *f
		c.Front.Date, c.Front.Lastmod, c.Front.Start, c.Front.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		c.Front.Regions, c.Front.Themes, c.Front.Draft = nil, nil, false
		return &c
	}
	return ownFieldsOnly(clear(old), clear(f))
}

// warnsAtMovedLines reports whether the loading warnings of the last
// model (which a field edit keeps) name a line of an edited file's front
// matter that the edit moved.
func (s *Session) warnsAtMovedLines(edited map[string]*content.File) bool {
	for _, w := range s.loadWarnings {
		if f := edited[w.Pos.File]; f != nil && !slices.Equal(f.Front.Lines, s.files[w.Pos.File].Front.Lines) {
			return true
		}
	}
	return false
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
