package build

import (
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// This file renders again, after an edit of content files alone, only the
// pages whose reads changed: every page's rendering recorded what it read
// of the model (render.Record), the new model is compared with the last
// one page by page and field by field (diffModels), and a page is rendered
// again when a field it read changed, a model-reading call it made returns
// something else, a cached partial it used read a change, or its body's
// links answer otherwise. A page that is new, gone or moved counts as
// changed in all of its fields, so that every page that read it, or a
// call's result that named it, is rendered again; outputs that are no
// longer made are removed. The pages of the edited files are rendered
// first, whatever their records say, and published, and the outputs no
// longer made removed, before the models are compared. Sitemaps,
// calendars and search indexes, which Go code makes from lists of pages,
// are made again when a page of theirs changed or their list did (see
// inputs); every other output (feeds, aliases, robots.txt) is made again,
// as before. The tests compare both ways with full builds.

// contentEdit reports whether every changed path is a content file: one
// the last rebuild read, or a Markdown file that is new or gone. A folder
// or any other file under content/ goes the full way.
func (s *Session) contentEdit(changed []string) bool {
	if len(changed) == 0 {
		return false
	}
	for _, c := range changed {
		if !strings.HasPrefix(c, content.Dir+"/") || skippedPath(c) {
			return false
		}
		if s.files[c] == nil && path.Ext(c) != ".md" {
			return false
		}
	}
	return true
}

// sameLangs reports whether two models have the same languages in the
// same order: a page's identity (its output path) then means the same
// in both. Pages of a group, a pager or a language are reached through
// fields that diffModels compares, each such page by its output path, and
// the methods of those values read pages' URLs and languages, which an
// output path decides.
func sameLangs(a, b *site.Model) bool {
	if len(a.Langs) != len(b.Langs) {
		return false
	}
	for i, l := range a.Langs {
		if l.Code != b.Langs[i].Code {
			return false
		}
	}
	return true
}

// diffModels returns the fields that differ between the pages of two
// models, by page output path. Values are compared all the way down,
// except that a page inside a value is compared by its output path: its
// own fields are reads of their own. A page that only one model has, or
// that has another URL, language, kind or permalink at the same output
// path, has every field changed (""). ranges spreads the pairs of pages
// over cores (parallel.Ranges) or not (oneRange).
func diffModels(a, b *site.Model, ranges func(n int, fn func(lo, hi int))) render.Changes {
	t := reflect.TypeFor[site.Page]()
	// The fields that place a page are compared apart, first.
	var compared []int
	for f := range t.NumField() {
		switch t.Field(f).Name {
		case "OutputPath", "URL", "Lang", "Kind", "Permalink":
		default:
			compared = append(compared, f)
		}
	}
	changes := render.Changes{}
	// Pairs of pages at the same output path; a model's pages have paths
	// of their own (claimPaths refuses two outputs at one path).
	pairs := make([][2]*site.Page, 0, len(a.Pages))
	inB := make(map[string]*site.Page, len(b.Pages))
	for _, q := range b.Pages {
		inB[q.OutputPath] = q
	}
	for _, p := range a.Pages {
		if q, ok := inB[p.OutputPath]; ok {
			pairs = append(pairs, [2]*site.Page{p, q})
			delete(inB, p.OutputPath)
		} else {
			changes[p.OutputPath] = map[string]bool{"": true}
		}
	}
	for path := range inB {
		changes[path] = map[string]bool{"": true}
	}
	fields := make([]map[string]bool, len(pairs))
	ranges(len(pairs), func(lo, hi int) {
		d := &differ{memo: map[[2]uintptr]bool{}}
		for i := lo; i < hi; i++ {
			p, q := pairs[i][0], pairs[i][1]
			if p.URL != q.URL || p.Lang != q.Lang || p.Kind != q.Kind || p.Permalink != q.Permalink {
				fields[i] = map[string]bool{"": true}
				continue
			}
			pv, qv := reflect.ValueOf(p).Elem(), reflect.ValueOf(q).Elem()
			for _, f := range compared {
				if !d.eq(pv.Field(f), qv.Field(f)) {
					if fields[i] == nil {
						fields[i] = map[string]bool{}
					}
					fields[i][t.Field(f).Name] = true
				}
			}
		}
	})
	for i, fs := range fields {
		if fs != nil {
			changes[pairs[i][0].OutputPath] = fs
		}
	}
	return changes
}

// oneRange calls fn with the whole range, on the calling goroutine.
func oneRange(n int, fn func(lo, hi int)) { fn(0, n) }

type differ struct {
	// memo holds pairs of pointers being or already compared: shared
	// values (a language, a group, a theme) are compared once, and a
	// cycle counts as equal while it is being compared.
	memo map[[2]uintptr]bool
}

var (
	pageType  = reflect.TypeFor[site.Page]()
	timeType  = reflect.TypeFor[time.Time]()
	itemsType = reflect.TypeFor[[]site.Item]()
	pagesType = reflect.TypeFor[[]*site.Page]()
)

// samePage compares pages inside a value, as the differ does: by output
// path.
func samePage(a, b *site.Page) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a == b || a.OutputPath == b.OutputPath
}

func samePages(a, b []*site.Page) bool {
	for i := range a {
		if !samePage(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameItems compares items as the differ would field by field: the page
// by output path, every other field (a field added to site.Item too) by
// ==.
func sameItems(a, b []site.Item) bool {
	for i := range a {
		x, y := a[i], b[i]
		if !samePage(x.Page, y.Page) {
			return false
		}
		x.Page, y.Page = nil, nil
		if x != y {
			return false
		}
	}
	return true
}

func (d *differ) eq(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Pointer() == b.Pointer() {
			return true
		}
		if a.Type().Elem() == pageType {
			return samePage((*site.Page)(a.UnsafePointer()), (*site.Page)(b.UnsafePointer()))
		}
		k := [2]uintptr{a.Pointer(), b.Pointer()}
		if v, ok := d.memo[k]; ok {
			return v
		}
		d.memo[k] = true
		v := d.eq(a.Elem(), b.Elem())
		d.memo[k] = v
		return v
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return d.eq(a.Elem(), b.Elem())
	case reflect.Struct:
		if a.Type() == timeType && a.CanInterface() {
			ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
			return ta.Equal(tb) && ta.Location() == tb.Location()
		}
		for i := range a.NumField() {
			if !d.eq(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.Len() == 0 || a.Pointer() == b.Pointer() {
			return true
		}
		// Lists of pages are most of what is compared (a theme, year or
		// region page lists thousands), and compared without reflection.
		switch a.Type() {
		case itemsType:
			return sameItems(unsafe.Slice((*site.Item)(a.UnsafePointer()), a.Len()), unsafe.Slice((*site.Item)(b.UnsafePointer()), b.Len()))
		case pagesType:
			return samePages(unsafe.Slice((**site.Page)(a.UnsafePointer()), a.Len()), unsafe.Slice((**site.Page)(b.UnsafePointer()), b.Len()))
		}
		fallthrough
	case reflect.Array:
		for i := range a.Len() {
			if !d.eq(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.Pointer() == b.Pointer() {
			return true
		}
		it := a.MapRange()
		for it.Next() {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !d.eq(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return a.IsNil() && b.IsNil() || a.Pointer() == b.Pointer()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Complex64, reflect.Complex128:
		return a.Complex() == b.Complex()
	}
	return false
}

// renderChanged renders what an edit of content files changed into
// staged (see the top of this file), and returns the outputs that are no
// longer made, for the caller to remove. early, when not nil, is given
// those outputs once the edited files' pages are in staged: the caller
// may publish both before the rest is rendered. partials, what the last
// Renderer cached, may be taken over where their records still hold. ok
// is false when it cannot tell (other languages, outputs that clash): the
// caller renders everything.
func (s *Session) renderChanged(old *site.Model, partials *render.CachedPartials, staged *recordingOutput, ropts RenderOptions, changed []string, early func(gone []string)) (r *render.Renderer, jobs []job, gone []string, errs diag.List, ok bool) {
	m := s.site.Model
	if !sameLangs(old, m) {
		return nil, nil, nil, nil, false
	}
	// The models are compared on one core while the other makes the
	// Renderer and renders the edited pages, which are not held up.
	diffed := make(chan render.Changes, 1)
	go func() { diffed <- diffModels(old, m, oneRange) }()
	r, err := newRenderer(s.site, ropts)
	if err != nil {
		return nil, nil, nil, nil, false
	}
	jobs, jerrs := claimPaths(outputs(s.site, r))
	if jerrs.HasErrors() {
		return nil, nil, nil, nil, false
	}
	go r.SumLinks()
	edited := make(map[string]bool, len(changed))
	for _, c := range changed {
		edited[c] = true
	}
	isEdited := func(p *site.Page) bool { return p.File != nil && edited[p.File.Path] }
	gone, errs = s.renderEdited(edit{r: r, old: old, jobs: jobs, partials: partials, isEdited: isEdited, index: s.recordIndex, early: early, diff: func() render.Changes { return <-diffed }}, staged, ropts)
	return r, jobs, gone, errs, true
}

// edit is what renderEdited renders after an edit of content files.
type edit struct {
	// r renders the model after the edit, old is the one before.
	r   *render.Renderer
	old *site.Model
	// jobs are every output of the model, as r knows it.
	jobs []job
	// samePaths tells that jobs are the outputs published, no more and
	// no fewer; sameRenderer, that r rendered or checked every output
	// published (render.ChangeSet.BodiesHold).
	samePaths, sameRenderer bool
	// partials are what the last Renderer cached, to take over where
	// their records still hold.
	partials *render.CachedPartials
	// isEdited tells the pages of the edited files.
	isEdited func(*site.Page) bool
	// early, when set, is given the outputs no longer made once the
	// edited pages are staged.
	early func(gone []string)
	// diff gives what changed, page by page: called once the edited
	// pages are rendered, so that comparing the models can go on
	// meanwhile.
	diff func() render.Changes
	// index, when set, gives the index of every record kept (nil when
	// there is none): the records it does not find suspect hold
	// unchecked, but for their bodies' links when the Renderer is new (it
	// does not tell which of those may get other answers). It is asked
	// for once the edited pages are out, as it may still be being made.
	index func() *render.RecordIndex
}

// renderEdited renders into staged what an edit of content files changed
// (e): the pages of the edited files first, handed to e.early with the
// outputs no longer made, then every output whose record or inputs read
// a change. It returns the outputs no longer made.
func (s *Session) renderEdited(e edit, staged *recordingOutput, ropts RenderOptions) (gone []string, errs diag.List) {
	r, old, jobs, samePaths, partials, isEdited, early, diff := e.r, e.old, e.jobs, e.samePaths, e.partials, e.isEdited, e.early, e.diff
	m := s.site.Model
	// Each job's output is looked up once among the published files: a
	// large site has tens of thousands, and most edits remove none.
	published := make([]bool, len(jobs))
	still := 0
	for i, j := range jobs {
		if samePaths {
			published[i] = true
			continue
		}
		if _, ok := s.published[j.path]; ok {
			published[i] = true
			still++
		}
	}
	if !samePaths && still < len(s.published) {
		made := make(map[string]bool, len(jobs))
		for _, j := range jobs {
			made[j.path] = true
		}
		for p := range s.published {
			if !made[p] {
				gone = append(gone, p)
			}
		}
		slices.Sort(gone)
	}
	// The pages of the edited files first, before the models are compared
	// and records checked: what the editor looks at. Such a page, or a new
	// one, is rendered whatever its record says.
	own := make([]bool, len(jobs))
	var ownJobs []job
	for i, j := range jobs {
		if j.page == nil {
			continue
		}
		if isEdited(j.page) || (!published[i] && j.page.File != nil) {
			own[i] = true
			ownJobs = append(ownJobs, j)
		}
	}
	_, _, oerrs := runJobsRaw(r, ownJobs, staged, ropts)
	errs.Add(oerrs...)
	if early != nil && (len(ownJobs) > 0 || len(gone) > 0) && !oerrs.HasErrors() {
		early(gone)
	}
	changes := diff()
	if !e.sameRenderer {
		carrySearchEntries(s.jobs, jobs, old, m, changes)
	}
	// Whether each other page's record still holds is asked in parallel,
	// each worker with its own memo of calls: replaying every
	// recorded call and link of a large site is most of this function's
	// time.
	// kept holds the record of each page whose record still holds.
	kept := make([]*render.Record, len(jobs))
	changeSet := render.NewChangeSet(changes)
	changeSet.BodiesHold = e.sameRenderer
	var suspect map[string]bool
	if e.index != nil {
		if ix := e.index(); ix != nil {
			suspect = ix.Suspects(changeSet)
		}
	}
	parallel.Ranges(len(jobs), func(lo, hi int) {
		memo := render.NewCheckMemo(changeSet)
		for i := lo; i < hi; i++ {
			j := jobs[i]
			if j.page == nil || own[i] {
				continue
			}
			rec := s.records[j.page.OutputPath]
			switch {
			case rec == nil:
			case suspect != nil && !suspect[j.page.OutputPath]:
				if changeSet.BodiesHold || r.KeepBody(j.page) {
					kept[i] = rec
				}
			case r.Unchanged(j.page, rec, memo):
				kept[i] = rec
			}
		}
	})
	var rest []job
	aliases := map[string]*site.Page{}
	for _, a := range m.Aliases {
		aliases[render.AliasOutputPath(a.Path)] = a.Page
	}
	// An alias that now leads to another page is written again, whatever
	// that page's changes.
	oldAliases := map[string]string{}
	for _, a := range old.Aliases {
		oldAliases[render.AliasOutputPath(a.Path)] = a.Page.OutputPath
	}
	// Whether each output that Go code makes from pages is made the same,
	// asked once per list that outputs share.
	sameInputs := map[*inputs]bool{}
	for i, j := range jobs {
		if own[i] {
			continue
		}
		if !published[i] {
			// A new output that is not a content page: its calendar or
			// alias, a list's page that a pager did not need before.
			rest = append(rest, j)
			continue
		}
		if j.page == nil {
			// Files copied from assets/ and the browser editor's, and image
			// variants, do not depend on content; an event's calendar and an
			// alias depend on their page's fields alone.
			if j.static || j.same {
				continue
			}
			if in := j.inputs; in != nil {
				same, asked := sameInputs[in]
				if !asked {
					same = in.unchanged(old, m, changes)
					sameInputs[in] = same
					if same && in.index != "" && ropts.Texts != nil {
						ropts.Texts.HoldIndex(in.index)
					}
				}
				if same {
					continue
				}
			}
			if p := j.calendar; p != nil {
				if _, ch := changes[p.OutputPath]; !ch {
					continue
				}
			}
			if p := aliases[j.path]; p != nil && oldAliases[j.path] == p.OutputPath {
				if _, ch := changes[p.OutputPath]; !ch {
					continue
				}
			}
			rest = append(rest, j)
			continue
		}
		if kept[i] != nil {
			continue
		}
		rest = append(rest, j)
	}
	// The problems of the pages kept are reported again: those of the
	// records with problems whose pages are neither rendered again nor
	// gone. (Asking each kept record would read tens of thousands.)
	again := map[string]bool{}
	for _, g := range gone {
		again[g] = true
	}
	for _, j := range slices.Concat(ownJobs, rest) {
		if j.page != nil {
			again[j.page.OutputPath] = true
		}
	}
	for _, path := range sortedKeys(s.problems) {
		if !again[path] {
			errs.Add(s.problems[path]...)
		}
	}
	r.InheritPartials(partials, changeSet)
	_, _, rerrs := runJobsRaw(r, leadersFirst(rest), staged, ropts)
	r.InheritPartials(nil, nil)
	errs.Add(rerrs...)
	return gone, summarize(errs)
}

// carrySearchEntries gives the search indexes of jobs, a new model's, the
// entries of the last rebuild's indexes (in last) for the pages that did
// not change. An entry names its regions by their pages' titles: when a
// region page changed, came or went, every entry is worked out again.
func carrySearchEntries(last, jobs []job, old, m *site.Model, changes render.Changes) {
	for _, model := range []*site.Model{old, m} {
		for _, p := range model.Pages {
			if p.Kind != string(content.KindRegion) {
				continue
			}
			if _, ch := changes[p.OutputPath]; ch {
				return
			}
		}
	}
	prev := map[string]*render.SearchIndex{}
	for _, j := range last {
		if j.index != nil {
			prev[j.index.Lang().Code] = j.index
		}
	}
	same := func(p *site.Page) bool {
		_, ch := changes[p.OutputPath]
		return !ch
	}
	carried := map[*render.SearchIndex]bool{}
	for _, j := range jobs {
		if ix := j.index; ix != nil && !carried[ix] {
			carried[ix] = true
			ix.CarryOver(prev[ix.Lang().Code], same)
		}
	}
}

// keepRecords takes the records of the pages r rendered since it was
// last asked, keeping the earlier ones of the pages it did not render
// unless all is true (r rendered every page), and drops those of the
// outputs gone. When every record is new, their index is to be made
// again (see recordIndexing).
func (s *Session) keepRecords(r *render.Renderer, all bool, gone []string) {
	s.recordIndex()
	next := r.TakeRecords()
	if all || s.records == nil {
		s.problems = map[string]diag.List{}
	}
	for k, v := range next {
		if len(v.Errs()) > 0 {
			s.problems[k] = v.Errs()
		} else {
			delete(s.problems, k)
		}
	}
	for _, g := range gone {
		delete(s.problems, g)
	}
	if all || s.records == nil {
		s.records = next
		s.indexing = newRecordIndexing(next)
	} else {
		for k, v := range next {
			s.records[k] = v
		}
		if ix := s.recordIndex(); ix != nil {
			ix.Add(next)
		}
	}
	for _, g := range gone {
		delete(s.records, g)
	}
}

// recordIndex returns the index of the records, once it is made; nil
// before the first records.
func (s *Session) recordIndex() *render.RecordIndex {
	if s.indexing == nil {
		return nil
	}
	return s.indexing.index()
}

// recordIndexing makes the index of every record of a rebuild, for the
// next field edit. It takes as long as a field edit itself on a large
// site, so a rebuild starts it on the side once its outputs are
// published (start); the records are not changed until it is made
// (keepRecords waits for it).
type recordIndexing struct {
	records map[string]*render.Record
	once    sync.Once
	done    chan struct{}
	ix      *render.RecordIndex
}

func newRecordIndexing(records map[string]*render.Record) *recordIndexing {
	return &recordIndexing{records: records, done: make(chan struct{})}
}

// start makes the index on the side, the first time it is called.
func (x *recordIndexing) start() {
	x.once.Do(func() {
		go func() {
			defer close(x.done)
			ix := render.NewRecordIndex()
			ix.Add(x.records)
			x.ix = ix
		}()
	})
}

// index returns the index once made, starting it if it is not.
func (x *recordIndexing) index() *render.RecordIndex {
	x.start()
	<-x.done
	return x.ix
}
