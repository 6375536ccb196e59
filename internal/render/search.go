package render

import (
	"encoding/json"
	"io"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/site"
)

// SearchIndexName is the file of a language's search index, at the root of
// the language (/es/search.json).
const SearchIndexName = "search.json"

// searchEntry is one page in the search index. Short keys keep the file small.
type searchEntry struct {
	Title   string   `json:"t"`
	URL     string   `json:"u"`
	Summary string   `json:"s,omitempty"`
	Kind    string   `json:"k"`
	Date    string   `json:"d,omitempty"`
	Regions []string `json:"r,omitempty"`
	Themes  []string `json:"th,omitempty"`
	// Lang is set when the page is shown in another language because this
	// language has no translation of it.
	Lang string `json:"l,omitempty"`
}

// SearchIndex renders a language's search index: every content page (in the
// language, else as the lists show it), with its regions and themes named
// in the index's language so that a visitor finds pages by the words of
// their own language.
func (r *Renderer) SearchIndex(w io.Writer, lv *site.Lang, items []site.Item) error {
	entries := make([]searchEntry, 0, len(items))
	for _, it := range items {
		p := it.Page
		if p.File == nil || p.File.Kind == content.KindHome || p.File.Kind == content.KindSection {
			continue
		}
		e := searchEntry{Title: p.Title, URL: r.relURL(p.URL), Summary: p.Summary, Kind: p.Kind}
		if it.Fallback {
			e.Lang = p.Lang
		}
		d := p.Date
		if p.File.Kind == content.KindEvent {
			d = p.File.Front.Start
		}
		if !d.IsZero() {
			e.Date = lang.FormatDate(d, lv.Code)
		}
		for _, key := range p.File.Front.Regions {
			if rg := r.model.Region(key, lv.Code); rg != nil {
				e.Regions = append(e.Regions, rg.Title)
			}
		}
		if p.File.Kind == content.KindRegion {
			for _, c := range p.File.Front.Countries {
				e.Regions = append(e.Regions, lang.CountryName(c, lv.Code))
			}
		}
		for _, key := range p.File.Front.Themes {
			if t, ok := r.model.Config.Theme(key); ok {
				name := t.Name[lv.Code]
				if name == "" {
					name = key
				}
				e.Themes = append(e.Themes, name)
			}
		}
		entries = append(entries, e)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(entries)
}
