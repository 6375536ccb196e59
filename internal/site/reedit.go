package site

// Serve's edits of the fields a page takes from its own file, applied to
// the model in place: the lists that show the page hold the same
// entries, maybe in another order.

import (
	"slices"
	"time"

	"github.com/puente-ssg/puente/internal/content"
)

// Reedit takes new parses of the files of content pages (by page) that
// change at most what a page takes from its own file (its title, summary,
// dates, and fields the model does not read; the caller knows them to be
// such edits), and applies them to the model in place, as a Build of the
// new files would have them: each page takes its new file and fields;
// the section, theme, year and region pages that list it, its place in
// their order; and the pages whose related pages it is one of, their
// new ranking. It returns the fields that changed, by page (an edited
// page's File is the caller's to compare). It declines (ok false),
// changing nothing, when a page would move to another year or come or
// go as a future page (its lists would hold other entries), or when a
// group's date changes and opts.Related does not hold this model's
// related pages. opts are those the model was built with, but for Now,
// the time of the edit, which is to fall on the model's day.
//
// The model is otherwise not to be changed once built: serve's field
// edits take this way because building a large site's model again and
// comparing the two takes most of the time of an edit.
func (m *Model) Reedit(files map[*Page]*content.File, opts Options) (changed map[*Page]map[string]bool, ok bool) {
	made := make(map[*Page]*Page, len(files))
	redated := map[string]int64{}
	for p, f := range files {
		if p.File == nil || p.Group == nil || p.File.Path != f.Path {
			return nil, false
		}
		q := *p
		q.File, q.Title, q.Summary = f, f.Front.Title, f.Front.Summary
		setDates(&q, opts)
		if q.Future != p.Future || q.Year != p.Year {
			return nil, false
		}
		if g := p.Group; g.Pages[0] == p && relatable(g) && !q.Date.Equal(p.Date) {
			redated[g.Key] = q.Date.UnixNano()
		}
		made[p] = &q
	}
	var groups []*Group
	if len(redated) > 0 {
		if groups = m.relatedGroups(opts.Related); groups == nil {
			return nil, false
		}
	}
	changed = map[*Page]map[string]bool{}
	mark := func(p *Page, field string) {
		if changed[p] == nil {
			changed[p] = map[string]bool{}
		}
		changed[p][field] = true
	}
	moved := map[*Page]bool{}
	for p, q := range made {
		if p.Title != q.Title {
			mark(p, "Title")
			moved[p] = true
		}
		if p.Summary != q.Summary {
			mark(p, "Summary")
		}
		if !sameTime(p.Date, q.Date) {
			mark(p, "Date")
			moved[p] = true
		}
		if !sameTime(p.Lastmod, q.Lastmod) {
			mark(p, "Lastmod")
		}
		// An event's start and end place it in a month of its year, and
		// among a region's upcoming or past events.
		if !sameTime(p.yearDate(), q.yearDate()) || !sameTime(p.File.Front.End, q.File.Front.End) {
			moved[p] = true
		}
		p.File, p.Title, p.Summary, p.Date, p.Lastmod = q.File, q.Title, q.Summary, q.Date, q.Lastmod
	}
	if len(moved) > 0 {
		m.relist(moved, mark)
	}
	if len(redated) > 0 {
		for _, i := range opts.Related.redate(redated) {
			for _, p := range groups[i].Pages {
				p.Related = relatedItems(p.Lang, m.Config.DefaultLanguage, groups, opts.Related.result[i])
				mark(p, "Related")
			}
		}
	}
	return changed, true
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

// relist puts the moved pages where their new fields place them in every
// list of a language that shows them: its section's pages, its themes'
// and its year's, and the pages of the regions it is tagged with.
func (m *Model) relist(moved map[*Page]bool, mark func(*Page, string)) {
	def := m.Config.DefaultLanguage
	for _, lv := range m.Langs {
		shown := map[*Page]bool{}
		for p := range moved {
			if it, ok := p.Group.Pick(lv.Code, def); ok && it.Page == p {
				shown[p] = true
			}
		}
		if len(shown) == 0 {
			continue
		}
		sections := map[string]bool{}
		themes := map[string]bool{}
		years := map[int]bool{}
		regions := map[string]bool{}
		for p := range shown {
			sections[p.Section] = true
			for _, t := range uniq(p.File.Front.Themes) {
				themes[t] = true
			}
			years[p.Year] = true
			for _, q := range p.Group.Pages {
				for _, r := range q.File.Front.Regions {
					regions[r] = true
				}
			}
		}
		for s := range sections {
			if first := lv.Sections[s]; first != nil && first.Pager != nil {
				relistPager(first.Pager, shown, mark)
			}
		}
		setGroups := func(p *Page, groups []ListGroup) {
			if !sameGroups(p.Groups, groups) {
				p.Groups = groups
				mark(p, "Groups")
			}
		}
		for _, ref := range lv.Themes.ThemeList {
			if tp := m.Lookup(ref.URL); themes[ref.Key] && tp != nil {
				setGroups(tp, regroup(tp.Groups, shown))
			}
		}
		for _, ref := range lv.Years.YearList {
			if yp := m.Lookup(ref.URL); years[ref.Year] && yp != nil {
				setGroups(yp, regroup(yp.Groups, shown))
			}
		}
		for r := range regions {
			if g := m.regions[r]; g != nil {
				if rp := g.In(lv.Code); rp != nil {
					var items []Item
					for _, lg := range rp.Groups {
						items = append(items, lg.Items...)
					}
					setGroups(rp, regionGroups(items, m.Now))
				}
			}
		}
	}
}

// relistPager sorts the moved entries of a paginated list into place,
// and gives each of its pages whose entries are not what they were its
// part of the new order.
func relistPager(pg *Pager, moved map[*Page]bool, mark func(*Page, string)) {
	var all []Item
	for _, p := range pg.Pages {
		all = append(all, p.Items...)
	}
	all = resort(all, moved)
	lo := 0
	for _, p := range pg.Pages {
		hi := lo + len(p.Items)
		if !slices.Equal(p.Items, all[lo:hi]) {
			p.Items = all[lo:hi:hi]
			mark(p, "Items")
		}
		lo = hi
	}
}

// regroup gives the kind groups of a theme or year page (groupByKind) the
// moved entries in their new places, and on a year page each kind its
// months again.
func regroup(groups []ListGroup, moved map[*Page]bool) []ListGroup {
	out := slices.Clone(groups)
	for i, lg := range out {
		if !slices.ContainsFunc(lg.Items, func(it Item) bool { return moved[it.Page] }) {
			continue
		}
		out[i].Items = resort(lg.Items, moved)
		if lg.Groups != nil {
			out[i].Groups = groupByMonth(out[i].Items)
		}
	}
	return out
}

// sameGroups reports whether two lists' parts are the same, down to
// their entries.
func sameGroups(a, b []ListGroup) bool {
	return slices.EqualFunc(a, b, func(x, y ListGroup) bool {
		return x.Key == y.Key && x.Month.Equal(y.Month) && slices.Equal(x.Items, y.Items) && sameGroups(x.Groups, y.Groups)
	})
}

// resort returns a copy of items, sorted newest first, with the moved
// pages taken out and put back where NewestFirst places them: the others
// are in that order already, as newestFirst is a total order.
func resort(items []Item, moved map[*Page]bool) []Item {
	out := make([]Item, 0, len(items))
	var taken []Item
	for _, it := range items {
		if moved[it.Page] {
			taken = append(taken, it)
		} else {
			out = append(out, it)
		}
	}
	for _, it := range taken {
		i, _ := slices.BinarySearchFunc(out, it, func(x, t Item) int { return NewestFirst(x.Page, t.Page) })
		out = slices.Insert(out, i, it)
	}
	return out
}
