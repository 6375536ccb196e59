package build

import (
	"slices"

	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// inputs are what an output that is not a page is made from when Go code
// rather than a layout makes it (a sitemap, a calendar, a search index):
// a list of pages, taken from the model by the same function that gives
// the output its list, and the pages it reads beside them. A layout's
// reads are recorded as it runs (render.Record); these outputs read a
// few fields of thousands of pages, and are made again after an edit only
// when a page of theirs changed or their list did (another page, order
// or fallback). The random-edit tests compare both ways with full builds.
type inputs struct {
	// list gives the output's pages from a model.
	list func(m *site.Model) []site.Item
	// also gives the pages read beside the list's (nil: none).
	also func(m *site.Model) []*site.Page
	// index is the language of a search index, whose kept texts are held
	// (render.TextCache.HoldIndex) when it is not made again.
	index string
	// unread are fields of its pages the output never reads: a change of
	// them alone leaves it as it is.
	unread map[string]bool
}

// unchanged reports whether the output made from in in old is made the
// same in m: the same pages in the same order, none of them changed.
func (in *inputs) unchanged(old, m *site.Model, changes render.Changes) bool {
	if old == m {
		// A model whose pages took new values in place (serve's fieldEdit,
		// which keeps the site's pages, its languages' pages by URL and
		// their items by group): the lists these outputs are made from are
		// what they were, and making them twice over tens of thousands of
		// pages would be most of the check.
		return in.readsNoneOf(changes) || in.noneChanged(m, changes)
	}
	if !in.sameUnchanged(in.list(m), in.list(old), changes) {
		return false
	}
	return in.also == nil || in.sameUnchanged(pageItems(in.also(m)), pageItems(in.also(old)), changes)
}

// sameUnchanged reports whether two lists hold the same pages in the same
// order, none of them changed in a field the output reads.
func (in *inputs) sameUnchanged(now, before []site.Item, changes render.Changes) bool {
	if len(now) != len(before) || !sameItems(now, before) {
		return false
	}
	for _, it := range now {
		if fields, ok := changes[it.Page.OutputPath]; ok && !in.readsNone(fields) {
			return false
		}
	}
	return true
}

// readsNoneOf reports whether no change is of a field the output reads.
func (in *inputs) readsNoneOf(changes render.Changes) bool {
	for _, fields := range changes {
		if !in.readsNone(fields) {
			return false
		}
	}
	return true
}

// noneChanged reports whether none of the pages the output reads in m
// changed in a field it reads.
func (in *inputs) noneChanged(m *site.Model, changes render.Changes) bool {
	// The pages changed in a field the output reads, by output path: a
	// field edit changes one or two, and comparing each page's path with
	// them costs less than looking each up in changes.
	var read []string
	for path, fields := range changes {
		if !in.readsNone(fields) {
			read = append(read, path)
		}
	}
	changed := func(items []site.Item) bool {
		return slices.ContainsFunc(items, func(it site.Item) bool { return slices.Contains(read, it.Page.OutputPath) })
	}
	return !changed(in.list(m)) && (in.also == nil || !changed(pageItems(in.also(m))))
}

// readsNone reports whether every one of the changed fields is one the
// output does not read.
func (in *inputs) readsNone(fields map[string]bool) bool {
	for f := range fields {
		if !in.unread[f] {
			return false
		}
	}
	return true
}

// pageItems makes items of pages in their own language.
func pageItems(pages []*site.Page) []site.Item {
	items := make([]site.Item, len(pages))
	for i, p := range pages {
		items[i] = site.Item{Page: p}
	}
	return items
}

// sitemapInputs are a language's pages: a sitemap reads their URLs,
// dates and translations, each translation by its URL, which its output
// path decides, and the x-default version through the page's group.
func sitemapInputs(code string) *inputs {
	return &inputs{list: func(m *site.Model) []site.Item { return pageItems(m.PagesIn(code)) }, unread: sitemapUnread}
}

// sitemapUnread are the fields of a page that render.Sitemap does not
// read: an edit of a page's title, summary, date, draft mark, regions,
// themes or year (site.Model.Reedit), or of a field it shows from its own file, leaves
// a sitemap as it is, as do the lists that show it in another order or
// count it (their entries, counts and related pages).
var sitemapUnread = map[string]bool{"Title": true, "Summary": true, "File": true, "Date": true, "Draft": true, "Future": true, "Regions": true, "Themes": true,
	"Year": true, "YearPage": true, "Items": true, "Groups": true, "Count": true, "Theme": true, "ThemeList": true, "YearList": true, "Related": true}

// calendarEvents are the events a language's calendar lists.
func calendarEvents(m *site.Model, code string) []*site.Page {
	var events []*site.Page
	for _, it := range m.Items(code) {
		if it.Page.Kind == "event" {
			events = append(events, it.Page)
		}
	}
	return events
}

func calendarInputs(code string) *inputs {
	return &inputs{list: func(m *site.Model) []site.Item { return pageItems(calendarEvents(m, code)) }}
}

// searchInputs are the pages a language's search index lists and the
// region pages whose titles its entries show.
func searchInputs(code string) *inputs {
	return &inputs{
		list:  func(m *site.Model) []site.Item { return m.Items(code) },
		also:  func(m *site.Model) []*site.Page { return m.Regions(code) },
		index: code,
	}
}
