package site

// Serve's edits of the fields a page takes from its own file, applied to
// the model in place: the page moves in the lists that show it, leaves
// some and joins others, and no page is made or dropped.

import (
	"slices"
	"time"

	"github.com/puente-ssg/puente/internal/content"
)

// Reedit takes new parses of the files of content pages (by page) that
// change at most what a page takes from its own file (its title, summary,
// dates, draft mark, regions and themes, and fields the model does not
// read; the caller knows them to be such edits), and applies them to the
// model in place, as a Build of the new files would have them: each page
// takes its new file and fields; the section, theme, year and region
// pages that list it before or after, its place in their order, with
// their counts and the themes and years indexes' counts; and the pages
// whose related pages it is one of, their new ranking. It returns the
// fields that changed, by page (an edited page's File is the caller's to
// compare).
//
// It declines (ok false), changing nothing, when a Build would make or
// drop a page or report a problem: a year page left empty or one not
// there yet, a page that becomes a draft or a future page where opts
// leave those out, an unknown region or theme; or when related pages
// change and opts.Related does not hold this model's. opts are those the
// model was built with, but for Now, the time of the edit, which is to
// fall on the model's day.
//
// The model is otherwise not to be changed once built: serve's field
// edits take this way because building a large site's model again and
// comparing the two takes most of the time of an edit.
func (m *Model) Reedit(files map[*Page]*content.File, opts Options) (changed map[*Page]map[string]bool, ok bool) {
	def := m.Config.DefaultLanguage
	made := make(map[*Page]*Page, len(files))
	for p, f := range files {
		if p.File == nil || p.Group == nil || p.Site == nil || p.File.Path != f.Path || !m.knowsTags(f) {
			return nil, false
		}
		q := *p
		q.File, q.Title, q.Summary, q.Draft = f, f.Front.Title, f.Front.Summary, f.Front.Draft
		setDates(&q, opts)
		if (q.Draft && !opts.Drafts) || (q.Future && !opts.Future) || (q.Year == 0) != (p.Year == 0) {
			return nil, false
		}
		made[p] = &q
	}
	if !m.yearsStay(made) {
		return nil, false
	}
	relEdits := map[string]relatedEdit{}
	for p, q := range made {
		g := p.Group
		if !relatable(g) {
			continue
		}
		rep := g.In(def)
		if rep == nil {
			rep = g.Pages[0]
		}
		e, ok := relEdits[g.Key]
		if !ok {
			e = relatedEdit{date: g.Pages[0].Date.UnixNano(), tags: relatedTags(rep.File)}
		}
		redated := g.Pages[0] == p && !q.Date.Equal(p.Date)
		retagged := rep == p && !slices.Equal(relatedTags(p.File), relatedTags(q.File))
		if redated {
			e.date = q.Date.UnixNano()
		}
		if retagged {
			e.tags = relatedTags(q.File)
		}
		if ok || redated || retagged {
			relEdits[g.Key] = e
		}
	}
	var groups []*Group
	if len(relEdits) > 0 {
		if groups = m.relatedGroups(opts.Related); groups == nil {
			return nil, false
		}
	}
	// Nothing declines from here on: the model changes.
	changed = map[*Page]map[string]bool{}
	mark := func(p *Page, field string) {
		if changed[p] == nil {
			changed[p] = map[string]bool{}
		}
		changed[p][field] = true
	}
	olds := make(map[*Page]Page, len(made))
	for p, q := range made {
		olds[p] = *p
		if p.Title != q.Title {
			mark(p, "Title")
		}
		if p.Summary != q.Summary {
			mark(p, "Summary")
		}
		if !sameTime(p.Date, q.Date) {
			mark(p, "Date")
		}
		if !sameTime(p.Lastmod, q.Lastmod) {
			mark(p, "Lastmod")
		}
		if p.Draft != q.Draft {
			mark(p, "Draft")
		}
		if p.Future != q.Future {
			mark(p, "Future")
		}
		if !slices.Equal(uniq(p.File.Front.Regions), uniq(q.File.Front.Regions)) {
			p.Regions = regionPages(m.regions, q.File, p.Lang, def)
			mark(p, "Regions")
		}
		if !slices.Equal(uniq(p.File.Front.Themes), uniq(q.File.Front.Themes)) {
			p.Themes = themesOf(q.File, p.Site)
			mark(p, "Themes")
		}
		if p.Year != q.Year {
			p.Year, p.YearPage = q.Year, m.yearPage(p.Site, q.Year)
			mark(p, "Year")
			mark(p, "YearPage")
		}
		p.File, p.Title, p.Summary, p.Date, p.Lastmod, p.Draft, p.Future = q.File, q.Title, q.Summary, q.Date, q.Lastmod, q.Draft, q.Future
	}
	m.relist(olds, mark)
	if len(relEdits) > 0 {
		for _, i := range opts.Related.update(relEdits) {
			for _, p := range groups[i].Pages {
				p.Related = relatedItems(p.Lang, def, groups, opts.Related.result[i])
				mark(p, "Related")
			}
		}
	}
	return changed, true
}

// knowsTags reports whether every region and theme a file names is one of
// the site's: a Build reports the others.
func (m *Model) knowsTags(f *content.File) bool {
	for _, r := range f.Front.Regions {
		if m.regions[r] == nil {
			return false
		}
	}
	for _, t := range f.Front.Themes {
		if _, ok := m.Config.Theme(t); !ok {
			return false
		}
	}
	return true
}

// yearsStay reports whether the pages that move to another year (made
// holds their new values) leave a page in their year's list in every
// language that shows them, and find their new year's page there: a year
// page made or dropped is a new model's.
func (m *Model) yearsStay(made map[*Page]*Page) bool {
	leaving := map[*Page]int{}
	for p, q := range made {
		if q.Year == p.Year {
			continue
		}
		for _, lv := range m.Langs {
			if !shownIn(p, lv.Code, m.Config.DefaultLanguage) {
				continue
			}
			from, to := m.yearPage(lv, p.Year), m.yearPage(lv, q.Year)
			if from == nil || to == nil {
				return false
			}
			leaving[from]++
			if from.Count <= leaving[from] {
				return false
			}
		}
	}
	return true
}

// shownIn reports whether the lists of lang show p for its group.
func shownIn(p *Page, lang, def string) bool {
	it, ok := p.Group.Pick(lang, def)
	return ok && it.Page == p
}

// sameTime reports whether two times are the same instant in the same
// location, as serve's comparison of two models has it.
func sameTime(a, b time.Time) bool { return a.Equal(b) && a.Location() == b.Location() }

// setDates gives a content page (with its file) the fields its file's
// dates make: its date (an event's start, when it has none), last change,
// whether it is in the future, and its year.
func setDates(p *Page, opts Options) {
	fm := &p.File.Front
	p.Date, p.Lastmod, p.Future, p.Year = fm.Date, fm.Lastmod, false, 0
	if p.File.Kind == content.KindEvent && p.Date.IsZero() {
		p.Date = fm.Start
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = opts.Lastmod[p.File.Path]
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	if !fm.Date.IsZero() && fm.Date.After(opts.Now) {
		p.Future = true
	}
	switch content.Kind(p.Kind) {
	case content.KindRegion, content.KindHome, content.KindSection:
	default:
		if y := p.yearDate(); !y.IsZero() {
			p.Year = y.Year()
		}
	}
}

// regionPages are the region pages a page in lang tagged as f links to:
// each region's page in lang, else in the default language def, else its
// first (regions maps a region's key to its group).
func regionPages(regions map[string]*Group, f *content.File, lang, def string) []*Page {
	var pages []*Page
	for _, r := range uniq(f.Front.Regions) {
		if g := regions[r]; g != nil {
			if it, ok := g.Pick(lang, def); ok {
				pages = append(pages, it.Page)
			}
		}
	}
	return pages
}

// themesOf are the themes a page of lv tagged as f is shows, as Build
// links them: the themes index's entries, without their counts.
func themesOf(f *content.File, lv *Lang) []*ThemeRef {
	var refs []*ThemeRef
	for _, t := range uniq(f.Front.Themes) {
		for _, ref := range lv.Themes.ThemeList {
			if ref.Key == t {
				ref.Count = 0
				refs = append(refs, &ref)
			}
		}
	}
	return refs
}

// yearPage returns the page of a year in a language, or nil.
func (m *Model) yearPage(lv *Lang, year int) *Page {
	for _, ref := range lv.Years.YearList {
		if ref.Year == year {
			return m.Lookup(ref.URL)
		}
	}
	return nil
}

// themePage returns the page of a theme in a language, or nil.
func (m *Model) themePage(lv *Lang, key string) *Page {
	for _, ref := range lv.Themes.ThemeList {
		if ref.Key == key {
			return m.Lookup(ref.URL)
		}
	}
	return nil
}

// listEdit is what one list page of a language loses and gains: the
// pages taken out (also those that move within it) and the entries put
// in where their order places them.
type listEdit struct {
	out map[*Page]bool
	in  []Item
}

// relist gives every list page that shows an edited page, before or after
// the edit, its new entries (olds holds the edited pages as they were):
// section pages their order, theme, year and region pages their order
// and members, with the counts that follow.
func (m *Model) relist(olds map[*Page]Page, mark func(*Page, string)) {
	def := m.Config.DefaultLanguage
	moved := func(p *Page) bool {
		old, ok := olds[p]
		return ok && (p.Title != old.Title || !sameTime(p.Date, old.Date) || !sameTime(p.yearDate(), old.yearDate()) ||
			!sameTime(p.File.Front.End, old.File.Front.End))
	}
	for _, lv := range m.Langs {
		edits := map[*Page]*listEdit{}
		// list records that lp showed it before (in) and after (out), and
		// leaves lp as it is when both and it did not move.
		list := func(lp *Page, it Item, before, after bool) {
			if lp == nil || before == after && (!before || !moved(it.Page)) {
				return
			}
			e := edits[lp]
			if e == nil {
				e = &listEdit{out: map[*Page]bool{}}
				edits[lp] = e
			}
			if before {
				e.out[it.Page] = true
			}
			if after {
				e.in = append(e.in, it)
			}
		}
		seen := map[*Group]bool{}
		for p, old := range olds {
			it, ok := p.Group.Pick(lv.Code, def)
			if !ok {
				continue
			}
			if it.Page == p {
				list(lv.Sections[p.Section], it, true, true)
				was, is := uniq(old.File.Front.Themes), uniq(p.File.Front.Themes)
				for _, t := range union(was, is) {
					list(m.themePage(lv, t), it, slices.Contains(was, t), slices.Contains(is, t))
				}
				if old.Year == p.Year {
					list(m.yearPage(lv, p.Year), it, true, true)
				} else {
					list(m.yearPage(lv, old.Year), it, true, false)
					list(m.yearPage(lv, p.Year), it, false, true)
				}
			}
			// A region's page lists a group tagged with it by any of its
			// pages, showing the page of the region page's language.
			if seen[p.Group] {
				continue
			}
			seen[p.Group] = true
			was, is := groupRegions(p.Group, olds, true), groupRegions(p.Group, olds, false)
			for _, r := range union(was, is) {
				if g := m.regions[r]; g != nil {
					list(g.In(lv.Code), it, slices.Contains(was, r), slices.Contains(is, r))
				}
			}
		}
		themeCounts, yearCounts := map[string]int{}, map[int]int{}
		for lp, e := range edits {
			switch {
			case lp.Pager != nil:
				relistPager(lp.Pager, e, mark)
				continue
			case lp.Kind == KindTheme:
				setGroups(lp, regroup(lp.Groups, e, false), mark)
			case lp.Kind == KindYear:
				setGroups(lp, regroup(lp.Groups, e, true), mark)
			case lp.Kind == string(content.KindRegion):
				var items []Item
				for _, lg := range lp.Groups {
					items = append(items, lg.Items...)
				}
				setGroups(lp, regionGroups(e.apply(items, false), m.Now), mark)
			default:
				continue
			}
			n := countItems(lp.Groups)
			if n == lp.Count {
				continue
			}
			lp.Count = n
			mark(lp, "Count")
			switch {
			case lp.Theme != nil:
				t := *lp.Theme
				t.Count = n
				lp.Theme = &t
				mark(lp, "Theme")
				themeCounts[t.Key] = n
			case lp.Kind == KindYear:
				yearCounts[lp.Year] = n
			}
		}
		if len(themeCounts) > 0 {
			lv.Themes.ThemeList = recount(lv.Themes.ThemeList, themeCounts, func(r *ThemeRef) (string, *int) { return r.Key, &r.Count })
			mark(lv.Themes, "ThemeList")
		}
		if len(yearCounts) > 0 {
			lv.Years.YearList = recount(lv.Years.YearList, yearCounts, func(r *YearRef) (int, *int) { return r.Year, &r.Count })
			mark(lv.Years, "YearList")
		}
	}
}

// recount returns a copy of an index's entries (the themes' or the
// years') with the counts given by key; entry gives an entry's key and
// count.
func recount[R any, K comparable](refs []R, counts map[K]int, entry func(*R) (K, *int)) []R {
	out := slices.Clone(refs)
	for i := range out {
		k, count := entry(&out[i])
		if n, ok := counts[k]; ok {
			*count = n
		}
	}
	return out
}

// groupRegions are the regions any page of g is tagged with, in the order
// its pages first name them: with the edited pages' files (olds, which
// may be nil) as they were (before) or are.
func groupRegions(g *Group, olds map[*Page]Page, before bool) []string {
	var out []string
	for _, p := range g.Pages {
		f := p.File
		if old, ok := olds[p]; ok && before {
			f = old.File
		}
		out = union(out, f.Front.Regions)
	}
	return out
}

// union returns a followed by the strings of b it does not hold.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func setGroups(p *Page, groups []ListGroup, mark func(*Page, string)) {
	if !sameGroups(p.Groups, groups) {
		p.Groups = groups
		mark(p, "Groups")
	}
}

// relistPager gives a paginated list its new order, and each of its pages
// whose entries are not what they were its part of it. (A section's
// members do not change with the fields Reedit takes.)
func relistPager(pg *Pager, e *listEdit, mark func(*Page, string)) {
	var all []Item
	for _, p := range pg.Pages {
		all = append(all, p.Items...)
	}
	all = e.apply(all, true)
	lo := 0
	for _, p := range pg.Pages {
		hi := min(lo+len(p.Items), len(all))
		if !slices.Equal(p.Items, all[lo:hi]) {
			p.Items = all[lo:hi:hi]
			mark(p, "Items")
		}
		lo = hi
	}
}

// regroup gives the kind groups of a theme or year page (groupByKind) their
// new entries, dropping a kind left with none and adding one that comes,
// and on a year page each kind its months again.
func regroup(groups []ListGroup, e *listEdit, months bool) []ListGroup {
	out := slices.Clone(groups)
	var kinds []string
	for p := range e.out {
		kinds = union(kinds, []string{string(p.File.Kind)})
	}
	for _, it := range e.in {
		kinds = union(kinds, []string{string(it.Page.File.Kind)})
	}
	for _, k := range kinds {
		i := slices.IndexFunc(out, func(lg ListGroup) bool { return lg.Key == k })
		var items []Item
		if i >= 0 {
			items = out[i].Items
		}
		ke := &listEdit{out: e.out}
		for _, it := range e.in {
			if string(it.Page.File.Kind) == k {
				ke.in = append(ke.in, it)
			}
		}
		lg := ListGroup{Key: k, Items: ke.apply(items, true)}
		if months {
			lg.Groups = groupByMonth(lg.Items)
		}
		switch {
		case i >= 0 && len(lg.Items) == 0:
			out = slices.Delete(out, i, i+1)
		case i >= 0:
			out[i] = lg
		case len(lg.Items) > 0:
			at := slices.IndexFunc(out, func(o ListGroup) bool { return kindRank(o.Key) > kindRank(k) })
			if at < 0 {
				at = len(out)
			}
			out = slices.Insert(out, at, lg)
		}
	}
	return out
}

// kindRank is a kind's place in kindOrder.
func kindRank(kind string) int {
	return slices.IndexFunc(kindOrder, func(k content.Kind) bool { return string(k) == kind })
}

// sameGroups reports whether two lists' parts are the same, down to
// their entries.
func sameGroups(a, b []ListGroup) bool {
	return slices.EqualFunc(a, b, func(x, y ListGroup) bool {
		return x.Key == y.Key && x.Month.Equal(y.Month) && slices.Equal(x.Items, y.Items) && sameGroups(x.Groups, y.Groups)
	})
}

// apply returns a copy of items without the pages taken out and with the
// entries put in. Sorted, the entries go where NewestFirst places them,
// the others being in that order already (newestFirst is a total order);
// otherwise they are added at the end, for the caller to sort.
func (e *listEdit) apply(items []Item, sorted bool) []Item {
	out := make([]Item, 0, len(items)+len(e.in))
	for _, it := range items {
		if !e.out[it.Page] {
			out = append(out, it)
		}
	}
	for _, it := range e.in {
		if !sorted {
			out = append(out, it)
			continue
		}
		i, _ := slices.BinarySearchFunc(out, it, func(x, t Item) int { return NewestFirst(x.Page, t.Page) })
		out = slices.Insert(out, i, it)
	}
	return out
}
