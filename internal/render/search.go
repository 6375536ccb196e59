package render

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/search"
	"github.com/puente-ssg/puente/internal/site"
)

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
	// words are the numbers of the words of the bodies in text
	// (search.BodyWords), worked out when an index first reads them.
	words map[textKey][]uint32
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
	// parts, when kept (KeepIndexes), are the search index parts last
	// written, by output name, each with a digest of what it was made of;
	// partsUsed, those written again as they were since the last Prune.
	parts     map[string]keptPart
	partsUsed []keptPart
	// terms, when indexes are kept, are each language's terms, which an
	// index updates by the pages that changed (search.Terms).
	terms map[string]*search.Terms
}

// keptPart is a chunk of a search index as last written, the digest of
// its inputs, and the keys of the texts it read.
type keptPart struct {
	sum  [2]uint64
	keys []textKey
	file []byte
}

// KeepIndexes makes the cache keep the last parts of each search index
// too, so that a chunk whose pages, fields and bodies are all as they
// were is written again without reading a body, and the terms files
// are updated by the pages that changed (serve makes an index again
// after an edit that changes one page of it).
func (c *TextCache) KeepIndexes() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts == nil {
		c.parts, c.terms = map[string]keptPart{}, map[string]*search.Terms{}
	}
}

// keptPartOf returns the part kept under name with the digest sum. The
// texts it read count as used, as reading them again would; Prune marks
// them, off the path of a rebuild's rendering, where every worker would
// wait on the lock while the chunks of an index mark tens of thousands.
func (c *TextCache) keptPartOf(name string, sum [2]uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.parts[name]
	if !ok || k.sum != sum {
		return nil, false
	}
	if c.spill == nil {
		c.partsUsed = append(c.partsUsed, k)
	}
	return k.file, true
}

// HoldIndex keeps a language's index as it is through the next Prune:
// serve did not make it again, as nothing it is made from changed, and
// the texts its kept parts read count as used.
func (c *TextCache) HoldIndex(lang string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.spill != nil {
		return
	}
	prefix := lang + "/"
	for name, k := range c.parts {
		if strings.HasPrefix(name, prefix) {
			c.partsUsed = append(c.partsUsed, k)
		}
	}
}

// keepChunksOf forgets the chunks kept of a language's index that its
// layout no longer has: the names of chunks come from their pages, and a
// long preview would otherwise keep every name it ever saw.
func (c *TextCache) keepChunksOf(lang string, chunks []search.Chunk) {
	names := make(map[string]bool, len(chunks))
	for _, ch := range chunks {
		names[lang+"/"+search.ChunkName(ch.ID)] = true
	}
	// Chunks are the only parts kept.
	prefix := lang + "/"
	c.mu.Lock()
	defer c.mu.Unlock()
	for name := range c.parts {
		if strings.HasPrefix(name, prefix) && !names[name] {
			delete(c.parts, name)
		}
	}
}

// keepPart keeps a part, when the cache keeps indexes.
func (c *TextCache) keepPart(name string, k keptPart) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts != nil {
		c.parts[name] = k
	}
}

// termsFiles returns a language's terms files: those of the terms kept,
// updated to docs, or else of new terms, then kept.
func (c *TextCache) termsFiles(lang string, docs []search.Doc, sums [][2]uint64) ([][]byte, error) {
	c.mu.Lock()
	t := c.terms[lang]
	c.mu.Unlock()
	if t != nil {
		if files, ok := t.Update(docs, sums); ok {
			return files, nil
		}
	}
	t, err := search.NewTerms(lang, docs, sums)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.terms[lang] = t
	c.mu.Unlock()
	return t.Files(), nil
}

// keepsIndexes reports whether KeepIndexes was called.
func (c *TextCache) keepsIndexes() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.parts != nil
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

// Forget drops the texts of a file's bytes (by Hash), in every language:
// a file's earlier version, after an edit of its body that indexes only
// the languages that list the page. Pruning then would drop every other
// language's texts too, since that rebuild read none of them, and the
// next rebuild that indexes those languages would read every one of
// their bodies again.
func (c *TextCache) Forget(hash [32]byte, langs []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range langs {
		k := textKey{hash, l}
		delete(c.text, k)
		delete(c.used, k)
		delete(c.words, k)
		delete(c.at, k)
	}
}

// Prune drops the texts not read or stored since the last Prune: files
// that were edited or removed.
func (c *TextCache) Prune() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range c.partsUsed {
		for _, key := range k.keys {
			c.used[key] = true
		}
	}
	clear(c.partsUsed)
	c.partsUsed = c.partsUsed[:0]
	for h := range c.text {
		if !c.used[h] {
			delete(c.text, h)
			delete(c.words, h)
		}
	}
	clear(c.used)
	// A kept part whose texts went is made again, reading them again. A
	// spilling cache keeps its texts elsewhere and marks none.
	if c.spill != nil {
		return
	}
	for name, k := range c.parts {
		for _, key := range k.keys {
			if _, ok := c.text[key]; !ok {
				delete(c.parts, name)
				break
			}
		}
	}
}

// wordsOf returns the numbers of the words of the body kept under h,
// worked out once; nil when the cache does not keep them (a spilling
// cache: a build indexes each body once).
func (c *TextCache) wordsOf(h textKey, b search.Body) []uint32 {
	c.mu.Lock()
	if c.spill != nil {
		c.mu.Unlock()
		return nil
	}
	w, ok := c.words[h]
	c.mu.Unlock()
	if ok {
		return w
	}
	w = search.BodyWords(b)
	c.mu.Lock()
	if _, kept := c.text[h]; kept {
		if c.words == nil {
			c.words = map[textKey][]uint32{}
		}
		c.words[h] = w
	}
	c.mu.Unlock()
	return w
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
	body, loan, err := r.bodyOf(f)
	defer loan.Return()
	if err != nil {
		return nil
	}
	t := search.NewBody(r.md[p.Lang].Text(body))
	if cache != nil {
		cache.put(key, t)
	}
	return t
}

// SearchIndex is a language's search index while a build writes it: each
// of its parts (package search) is an output of its own, written by
// Part. The pages' entries are worked out once, by the first part
// written; the terms files, which read every body, together, by the
// first of them; a chunk reads its own pages' bodies alone.
type SearchIndex struct {
	r     *Renderer
	lv    *site.Lang
	pages []*site.Page
	// fallback tells, for each page, whether it is shown in another
	// language than the index's.
	fallback []bool
	chunks   []search.Chunk

	docsOnce sync.Once
	docs     []search.Doc
	keys     []textKey
	// sums are docDigest of each page, for the digests of kept parts.
	sumsOnce sync.Once
	sums     [][2]uint64
	// docsMade and sumsMade tell that docs and sums are worked out.
	docsMade, sumsMade atomic.Bool
	// On a renewed index, the entries, keys and digests of the index it
	// renews (while not taken yet), or those carried over from an earlier
	// model's (CarryOver), whose pages not in changed are taken rather
	// than worked out again.
	earlierDocs []search.Doc
	earlierKeys []textKey
	earlierSums [][2]uint64
	changed     map[*site.Page]bool

	// shards are the terms files made and not yet written: each is
	// dropped once written, so that a build does not hold a language's
	// terms to its end. A file asked for again makes them again.
	shardsMu sync.Mutex
	shards   [][]byte
}

// SearchIndex returns the search index of a language that lists items:
// every content page (in the language, else as the lists show it) with
// the words of its title, summary and body, its regions and themes named
// in the index's language so that a visitor finds pages by the words of
// their own language.
func (r *Renderer) SearchIndex(lv *site.Lang, items []site.Item) *SearchIndex {
	ix := &SearchIndex{r: r, lv: lv}
	for _, it := range items {
		p := it.Page
		if p.File == nil || p.File.Kind == content.KindHome || p.File.Kind == content.KindSection {
			continue
		}
		ix.pages = append(ix.pages, p)
		ix.fallback = append(ix.fallback, it.Fallback)
	}
	ix.chunks = search.Layout(len(ix.pages), func(i int) string { return ix.pages[i].URL })
	if cache := r.opts.Texts; cache != nil && cache.keepsIndexes() {
		cache.keepChunksOf(lv.Code, ix.chunks)
	}
	return ix
}

// Renewed returns an index of the same pages, laid out the same, whose
// entries are worked out anew when it is first written: for a model
// whose pages were given new values in place, those in changed. The
// entries of the other pages are ix's, when ix has worked them out.
func (ix *SearchIndex) Renewed(changed map[*site.Page]bool) *SearchIndex {
	n := &SearchIndex{r: ix.r, lv: ix.lv, pages: ix.pages, fallback: ix.fallback, chunks: ix.chunks, changed: changed}
	if ix.docsMade.Load() {
		n.earlierDocs, n.earlierKeys = ix.docs, ix.keys
		if ix.sumsMade.Load() {
			n.earlierSums = ix.sums
		}
	}
	return n
}

// SameParts names the parts (as Parts does) of a renewed index that are
// those of the index it renews: the manifest, as the pages and so their
// chunks are the same, and the chunks that hold none of the changed
// pages. The terms files read every page.
func (ix *SearchIndex) SameParts() map[string]bool {
	same := map[string]bool{search.ManifestName: true}
	for _, c := range ix.chunks {
		if !slices.ContainsFunc(ix.pages[c.Start:c.End], func(p *site.Page) bool { return ix.changed[p] }) {
			same[search.ChunkName(c.ID)] = true
		}
	}
	return same
}

// Lang is the language of the index.
func (ix *SearchIndex) Lang() *site.Lang { return ix.lv }

// Parts are the names of the index's parts, relative to the language's
// folder: the manifest, the terms files (in the order of
// search.ShardKeys) and the chunks of pages. Part takes a part by
// its place in this list.
func (ix *SearchIndex) Parts() []string {
	names := []string{search.ManifestName}
	for _, key := range search.ShardKeys {
		names = append(names, search.ShardName(key))
	}
	for _, c := range ix.chunks {
		names = append(names, search.ChunkName(c.ID))
	}
	return names
}

// Leads reports whether part i does the work that later parts follow
// (see Follows): the first terms file, which makes them all.
func (ix *SearchIndex) Leads(i int) bool {
	return i == 1
}

// Follows reports whether part i is made by the work of an earlier part:
// the terms files are made all at once, by the first one written, and
// writing another meanwhile waits for it.
func (ix *SearchIndex) Follows(i int) bool {
	return i > 1 && i <= len(search.ShardKeys)
}

// Part returns the i-th part of the index (see Parts). The bytes are
// never changed once made: an index that keeps its parts (KeepIndexes)
// returns the same bytes for a part whose inputs are as they were.
func (ix *SearchIndex) Part(i int) ([]byte, error) {
	shards, chunks := len(search.ShardKeys), len(ix.chunks)
	switch {
	case i == 0:
		return search.WriteManifest(ix.lv.Code, len(ix.pages), ix.chunks)
	case i <= shards:
		return ix.shard(i - 1)
	case i <= shards+chunks:
		return ix.chunk(i - 1 - shards)
	}
	return nil, fmt.Errorf("the %s search index has no part %d", ix.lv.Code, i)
}

// prepare works out every page's entry.
func (ix *SearchIndex) prepare() {
	ix.docsOnce.Do(func() {
		ix.docs = make([]search.Doc, len(ix.pages))
		ix.keys = make([]textKey, len(ix.pages))
		defer ix.docsMade.Store(true)
		earlier := ix.earlierDocs != nil
		copy(ix.docs, ix.earlierDocs)
		copy(ix.keys, ix.earlierKeys)
		ix.earlierDocs, ix.earlierKeys = nil, nil
		parallel.For(len(ix.pages), func(i int) {
			p := ix.pages[i]
			if earlier && !ix.changed[p] {
				return
			}
			ix.docs[i], ix.keys[i] = ix.doc(p, ix.entry(p, ix.fallback[i]))
		})
	})
}

// entry is what the index shows of a page, in the index's language:
// fallback when the page is shown in another language than it.
func (ix *SearchIndex) entry(p *site.Page, fallback bool) search.Page {
	r, lv := ix.r, ix.lv
	e := search.Page{Title: p.Title, URL: r.relURL(p.URL), Summary: p.Summary, Kind: p.Kind}
	if fallback {
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
	return e
}

// doc is a page's document in the index, its entry e with its body's
// text and words read when asked for, and the key of that text.
func (ix *SearchIndex) doc(p *site.Page, e search.Page) (search.Doc, textKey) {
	r := ix.r
	key := textKey{p.File.Hash, p.Lang}
	d := search.Doc{Page: e, Body: func() search.Body { return r.bodyText(p) }}
	if cache := r.opts.Texts; cache != nil {
		d.Words = func(b search.Body) []uint32 { return cache.wordsOf(key, b) }
	}
	return d, key
}

// CarryOver takes from prev, the index of the same language made by a
// Renderer of an earlier model of the site, the entries of the pages that
// same says are as they were in it, with everything of theirs the site
// compares (a page's entry reads its own fields and file, and the titles
// of the region pages it names, which same must cover). The others' are
// worked out when the index is first written. Serve calls it after an
// edit that made a new model: most pages' entries are the last ones.
func (ix *SearchIndex) CarryOver(prev *SearchIndex, same func(*site.Page) bool) {
	if prev == nil || prev.lv.Code != ix.lv.Code || !prev.docsMade.Load() || ix.docsMade.Load() {
		return
	}
	at := make(map[string]int, len(prev.pages))
	for j, p := range prev.pages {
		at[p.OutputPath] = j
	}
	n := len(ix.pages)
	docs, keys := make([]search.Doc, n), make([]textKey, n)
	var sums [][2]uint64
	if prev.sumsMade.Load() {
		sums = make([][2]uint64, n)
	}
	changed := map[*site.Page]bool{}
	for i, p := range ix.pages {
		j, ok := at[p.OutputPath]
		if !ok || prev.fallback[j] != ix.fallback[i] || !same(p) {
			changed[p] = true
			continue
		}
		docs[i], keys[i] = ix.doc(p, prev.docs[j].Page)
		if sums != nil {
			sums[i] = prev.sums[j]
		}
	}
	ix.earlierDocs, ix.earlierKeys, ix.earlierSums, ix.changed = docs, keys, sums, changed
}

// docSums returns each page's docDigest, worked out once on every core:
// the terms files and each chunk sum their pages' digests rather than
// every page's fields again.
func (ix *SearchIndex) docSums() [][2]uint64 {
	ix.sumsOnce.Do(func() {
		defer ix.sumsMade.Store(true)
		ix.sums = make([][2]uint64, len(ix.docs))
		earlier := ix.earlierSums != nil
		copy(ix.sums, ix.earlierSums)
		ix.earlierSums = nil
		parallel.Ranges(len(ix.docs), func(lo, hi int) {
			var scratch []byte
			for i := lo; i < hi; i++ {
				if earlier && !ix.changed[ix.pages[i]] {
					continue
				}
				ix.sums[i], scratch = docDigest(ix.docs[i].Page, ix.keys[i], scratch)
			}
		})
	})
	return ix.sums
}

// kept returns the file kept for a part made from the pages lo to hi,
// or makes it with build and keeps it, when the cache keeps indexes.
func (ix *SearchIndex) kept(name string, lo, hi int, build func() ([]byte, error)) ([]byte, error) {
	cache := ix.r.opts.Texts
	if cache == nil || !cache.keepsIndexes() {
		return build()
	}
	part := ix.lv.Code + "/" + name
	sum := partDigest(ix.lv.Code, ix.docSums()[lo:hi])
	keys := ix.keys[lo:hi]
	if file, ok := cache.keptPartOf(part, sum); ok {
		return file, nil
	}
	file, err := build()
	if err == nil {
		cache.keepPart(part, keptPart{sum: sum, keys: keys, file: file})
	}
	return file, err
}

// shard returns the i-th terms file, making every one when it is not
// made.
func (ix *SearchIndex) shard(i int) ([]byte, error) {
	ix.shardsMu.Lock()
	defer ix.shardsMu.Unlock()
	if ix.shards == nil || ix.shards[i] == nil {
		ix.prepare()
		files, err := ix.terms()
		if err != nil {
			return nil, err
		}
		// Kept files are never changed: the slice of them is copied, so
		// that dropping one here leaves the cache's.
		ix.shards = append([][]byte(nil), files...)
	}
	data := ix.shards[i]
	ix.shards[i] = nil
	return data, nil
}

// terms makes the terms files. A cache that keeps indexes keeps the
// terms too, and updates them by the pages that changed.
func (ix *SearchIndex) terms() ([][]byte, error) {
	cache := ix.r.opts.Texts
	if cache == nil || !cache.keepsIndexes() {
		return search.WriteShards(ix.lv.Code, ix.docs)
	}
	return cache.termsFiles(ix.lv.Code, ix.docs, ix.docSums())
}

// chunk makes the k-th chunk of pages.
func (ix *SearchIndex) chunk(k int) ([]byte, error) {
	ix.prepare()
	c := ix.chunks[k]
	docs := ix.docs[c.Start:c.End]
	return ix.kept(search.ChunkName(c.ID), c.Start, c.End, func() ([]byte, error) {
		pages := make([]search.Page, len(docs))
		parallel.For(len(docs), func(i int) {
			pages[i] = docs[i].Page
			pages[i].Text = docs[i].Body().Text()
		})
		return search.WriteChunk(pages)
	})
}

var indexSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// docDigest sums everything a page gives a search index: its entry and
// the key of its body's text (the text is a function of the key:
// TextCache keeps it by that key alone). The fields are laid out in
// scratch, each after its length, and the layout hashed whole: a hash of
// one block costs less than one written a field at a time. It returns
// scratch for the next page.
func docDigest(p search.Page, key textKey, scratch []byte) ([2]uint64, []byte) {
	b := scratch[:0]
	str := func(b []byte, s string) []byte {
		return append(binary.AppendUvarint(b, uint64(len(s))), s...)
	}
	list := func(b []byte, ss []string) []byte {
		b = binary.AppendUvarint(b, uint64(len(ss)))
		for _, s := range ss {
			b = str(b, s)
		}
		return b
	}
	b = str(b, p.Title)
	b = str(b, p.URL)
	b = str(b, p.Summary)
	b = str(b, p.Kind)
	b = str(b, p.Date)
	b = list(b, p.Regions)
	b = list(b, p.Themes)
	b = str(b, p.Lang)
	b = str(b, p.Text)
	b = append(b, key.hash[:]...)
	b = str(b, key.lang)
	return [2]uint64{maphash.Bytes(indexSeeds[0], b), maphash.Bytes(indexSeeds[1], b)}, b
}

// partDigest sums what a part of a search index is made from: its
// language and its pages' digests, in order.
func partDigest(lang string, docs [][2]uint64) [2]uint64 {
	var sum [2]uint64
	for n, seed := range indexSeeds {
		var h maphash.Hash
		h.SetSeed(seed)
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(len(lang)))
		h.Write(b[:])
		h.WriteString(lang)
		binary.LittleEndian.PutUint64(b[:], uint64(len(docs)))
		h.Write(b[:])
		for _, d := range docs {
			binary.LittleEndian.PutUint64(b[:], d[0])
			h.Write(b[:])
			binary.LittleEndian.PutUint64(b[:], d[1])
			h.Write(b[:])
		}
		sum[n] = h.Sum64()
	}
	return sum
}
