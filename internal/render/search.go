package render

import (
	"io"
	"io/fs"
	"sync"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/search"
	"github.com/puente-ssg/puente/internal/site"
)

// SearchIndexName is the file of a language's search index, at the root of
// the language (/es/search.json).
const SearchIndexName = "search.json"

// TextCache keeps the plain text of content files' bodies by the hash of
// the file and the page's language, so that serve rebuilds a search index
// after an edit by reading again only the files that changed. The language
// is part of the key because a translation often starts as a copy of its
// source, with the same bytes, and the text of a body depends on its
// language (its quotation marks). Safe for concurrent use.
type TextCache struct {
	mu   sync.Mutex
	text map[textKey]string
	used map[textKey]bool
}

type textKey struct {
	hash [32]byte
	lang string
}

// NewTextCache returns an empty cache.
func NewTextCache() *TextCache {
	return &TextCache{text: map[textKey]string{}, used: map[textKey]bool{}}
}

func (c *TextCache) get(h textKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.text[h]
	if ok {
		c.used[h] = true
	}
	return t, ok
}

func (c *TextCache) put(h textKey, t string) {
	c.mu.Lock()
	c.text[h], c.used[h] = t, true
	c.mu.Unlock()
}

// Prune drops the texts not read or stored since the last Prune: files
// that were edited or removed.
func (c *TextCache) Prune() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h := range c.text {
		if !c.used[h] {
			delete(c.text, h)
		}
	}
	clear(c.used)
}

// bodyText is the plain text of a content page's body, "" when it cannot
// be read (the page's own rendering reports that).
func (r *Renderer) bodyText(p *site.Page) string {
	f := p.File
	cache := r.opts.Texts
	key := textKey{f.Hash, p.Lang}
	if cache != nil {
		if t, ok := cache.get(key); ok {
			return t
		}
	}
	body := f.Body
	if body == nil && r.opts.Source != nil {
		data, err := fs.ReadFile(r.opts.Source, f.Path)
		if err == nil {
			body, err = f.BodyFrom(data)
		}
		if err != nil {
			return ""
		}
	}
	t := r.md[p.Lang].Text(body)
	if cache != nil {
		cache.put(key, t)
	}
	return t
}

// SearchIndex renders a language's search index (package search): every
// content page (in the language, else as the lists show it) with the
// words of its title, summary and body, its regions and themes named in
// the index's language so that a visitor finds pages by the words of
// their own language.
func (r *Renderer) SearchIndex(w io.Writer, lv *site.Lang, items []site.Item) error {
	var pages []*site.Page
	var fallback []bool
	for _, it := range items {
		p := it.Page
		if p.File == nil || p.File.Kind == content.KindHome || p.File.Kind == content.KindSection {
			continue
		}
		pages = append(pages, p)
		fallback = append(fallback, it.Fallback)
	}
	docs := make([]search.Doc, len(pages))
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		e := search.Page{Title: p.Title, URL: r.relURL(p.URL), Summary: p.Summary, Kind: p.Kind}
		if fallback[i] {
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
		docs[i] = search.Doc{Page: e, Body: func() string { return r.bodyText(p) }}
	})
	return search.Build(lv.Code, docs).WriteJSON(w)
}
