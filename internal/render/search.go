package render

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/search"
	"github.com/puente-ssg/puente/internal/site"
)

// OwnedWriter is a writer that can take a buffer as its own instead of
// copying it: the caller never changes the bytes again. Serve keeps its
// outputs in memory, and a large site's search index is tens of
// megabytes, each copy of which costs more than writing it.
type OwnedWriter interface {
	WriteOwned(p []byte) (int, error)
}

// WriteOwned writes p to w, handing it over when w is an OwnedWriter.
func WriteOwned(w io.Writer, p []byte) (int, error) {
	if o, ok := w.(OwnedWriter); ok {
		return o.WriteOwned(p)
	}
	return w.Write(p)
}

// SearchIndexName is the file of a language's search index, at the root of
// the language (/es/search.json).
const SearchIndexName = "search.json"

// TextCache keeps what the search indexes need of content files' bodies
// (search.Body) by the hash of the file and the page's language: the pages'
// conversions put each body's there, so that the indexes do not parse
// every body again, and serve rebuilds an index after an edit by reading
// again only the files that changed. The language is part of the key
// because a translation often starts as a copy of its source, with the
// same bytes, and the text of a body depends on its language (its
// quotation marks). Safe for concurrent use.
type TextCache struct {
	mu   sync.Mutex
	text map[textKey]search.Body
	used map[textKey]bool
	// spill, when set, holds the bodies instead of text, which then keeps
	// only where each is: one build's bodies need not all be on the heap
	// until the indexes are written.
	spill *os.File
	at    map[textKey]span
	// pend gathers the bodies put since the last write to spill, which
	// holds the first flushed bytes: one write a megabyte rather than one
	// a page, with every page's conversion waiting on the lock. After a
	// write fails (a full disk), pend keeps every later body.
	pend    []byte
	flushed int64
	full    bool
	// indexes, when kept (KeepIndexes), are the last search index written
	// of each language, with a digest of everything it was made from.
	indexes map[string]keptIndex
}

// keptIndex is a language's search index as last written, the digest of
// its inputs, and the keys of the texts it read.
type keptIndex struct {
	sum   [2]uint64
	keys  []textKey
	bytes []byte
}

// KeepIndexes makes the cache keep the last search index of each language
// too, so that an index whose pages, fields and bodies are all as they
// were is written again without reading a body (serve rebuilds every
// index after an edit that changes one page of one language).
func (c *TextCache) KeepIndexes() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.indexes == nil {
		c.indexes = map[string]keptIndex{}
	}
}

// keptIndexOf returns the index of lang kept with the digest sum, and
// marks the texts it read as used (Prune), as reading them again would.
func (c *TextCache) keptIndexOf(lang string, sum [2]uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.indexes[lang]
	if !ok || k.sum != sum {
		return nil, false
	}
	if c.spill == nil {
		for _, key := range k.keys {
			if _, ok := c.text[key]; !ok {
				// Pruned meanwhile: the index reads them again.
				return nil, false
			}
		}
		for _, key := range k.keys {
			c.used[key] = true
		}
	}
	return k.bytes, true
}

// keptIndexSize returns the size of the index of lang last kept, 0 if none.
func (c *TextCache) keptIndexSize(lang string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.indexes[lang].bytes)
}

// keepIndex keeps the index of lang, when the cache keeps indexes.
func (c *TextCache) keepIndex(lang string, k keptIndex) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.indexes != nil {
		c.indexes[lang] = k
	}
}

// keepsIndexes reports whether KeepIndexes was called.
func (c *TextCache) keepsIndexes() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.indexes != nil
}

type textKey struct {
	hash [32]byte
	lang string
}

type span struct{ off, n int64 }

// NewTextCache returns an empty cache that keeps the bodies in memory.
func NewTextCache() *TextCache {
	return &TextCache{text: map[textKey]search.Body{}, used: map[textKey]bool{}}
}

// NewSpillTextCache returns an empty cache that keeps the bodies in an
// unnamed temporary file, for one build; Close removes it. When no
// temporary file can be made, the cache keeps them in memory.
func NewSpillTextCache() *TextCache {
	c := NewTextCache()
	f, err := os.CreateTemp("", "puente-search-*")
	if err != nil {
		return c
	}
	// Unlinked at once: the file goes when it is closed, or when the
	// process ends however it ends.
	if os.Remove(f.Name()) != nil {
		f.Close()
		return c
	}
	c.spill, c.at = f, map[textKey]span{}
	return c
}

// spillChunk is how many bytes of bodies a spilling cache gathers before
// it writes them out.
const spillChunk = 1 << 20

// Close releases a spill file; the cache is then empty.
func (c *TextCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.spill != nil {
		c.spill.Close()
		c.spill, c.at, c.pend = nil, nil, nil
	}
}

func (c *TextCache) get(h textKey) (search.Body, bool) {
	c.mu.Lock()
	if c.spill != nil {
		sp, ok := c.at[h]
		f := c.spill
		if ok && sp.off >= c.flushed {
			b := make(search.Body, sp.n)
			copy(b, c.pend[sp.off-c.flushed:])
			c.mu.Unlock()
			return b, true
		}
		c.mu.Unlock()
		if !ok {
			return nil, false
		}
		b := make(search.Body, sp.n)
		if _, err := f.ReadAt(b, sp.off); err != nil {
			return nil, false
		}
		return b, true
	}
	defer c.mu.Unlock()
	t, ok := c.text[h]
	if ok {
		c.used[h] = true
	}
	return t, ok
}

func (c *TextCache) put(h textKey, t search.Body) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.spill != nil {
		if _, ok := c.at[h]; ok {
			return
		}
		c.at[h] = span{c.flushed + int64(len(c.pend)), int64(len(t))}
		c.pend = append(c.pend, t...)
		if len(c.pend) >= spillChunk && !c.full {
			if _, err := c.spill.Write(c.pend); err != nil {
				c.full = true
				return
			}
			c.flushed += int64(len(c.pend))
			c.pend = c.pend[:0]
		}
		return
	}
	c.text[h], c.used[h] = t, true
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

// bodyText is what the search index needs of a content page's body,
// empty when it cannot be read (the page's own rendering reports that).
func (r *Renderer) bodyText(p *site.Page) search.Body {
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
			return nil
		}
	}
	t := search.NewBody(r.md[p.Lang].Text(body))
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
		docs[i] = search.Doc{Page: e, Body: func() search.Body { return r.bodyText(p) }}
	})
	cache := r.opts.Texts
	if cache == nil || !cache.keepsIndexes() {
		return search.Write(w, lv.Code, docs)
	}
	keys := make([]textKey, len(pages))
	for i, p := range pages {
		keys[i] = textKey{p.File.Hash, p.Lang}
	}
	sum := indexDigest(lv.Code, docs, keys)
	if data, ok := cache.keptIndexOf(lv.Code, sum); ok {
		// Kept bytes are never changed: the output may share them.
		_, err := WriteOwned(w, data)
		return err
	}
	// Sized after the last index of the language, which an edit changes
	// little: growing a buffer to tens of megabytes a doubling at a time
	// costs more than writing the index.
	var buf bytes.Buffer
	if n := cache.keptIndexSize(lv.Code); n > 0 {
		buf.Grow(n + n/16)
	}
	if err := search.Write(&buf, lv.Code, docs); err != nil {
		return err
	}
	cache.keepIndex(lv.Code, keptIndex{sum: sum, keys: keys, bytes: buf.Bytes()})
	_, err := WriteOwned(w, buf.Bytes())
	return err
}

var indexSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// indexDigest sums everything a search index is made from: its language,
// each page's entry in order and the key of its body's text (the text is
// a function of the key: TextCache keeps it by that key alone).
func indexDigest(lang string, docs []search.Doc, keys []textKey) [2]uint64 {
	var sum [2]uint64
	for n, seed := range indexSeeds {
		var h maphash.Hash
		h.SetSeed(seed)
		str := func(s string) {
			var l [8]byte
			binary.LittleEndian.PutUint64(l[:], uint64(len(s)))
			h.Write(l[:])
			h.WriteString(s)
		}
		list := func(ss []string) {
			str(strconv.Itoa(len(ss)))
			for _, s := range ss {
				str(s)
			}
		}
		str(lang)
		for i, d := range docs {
			p := d.Page
			str(p.Title)
			str(p.URL)
			str(p.Summary)
			str(p.Kind)
			str(p.Date)
			list(p.Regions)
			list(p.Themes)
			str(p.Lang)
			str(p.Text)
			h.Write(keys[i].hash[:])
			str(keys[i].lang)
		}
		sum[n] = h.Sum64()
	}
	return sum
}
