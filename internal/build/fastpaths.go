package build

import (
	"io/fs"
	"reflect"
	"slices"
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
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
