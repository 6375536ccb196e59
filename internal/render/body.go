package render

import (
	"crypto/sha256"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/markdown"
	"github.com/puente-ssg/puente/internal/site"
)

// Page is what a layout gets as dot: the model's page, which render never
// writes, and the HTML of its Markdown body, which only the page's own
// layout shows (see doc.go).
type Page struct {
	*site.Page
	Content template.HTML
	// TOC is the page's table of contents (see tableOfContents); Embeds is
	// true when its body has a video. Like Content, both come from the
	// body and are set on the page's own view only.
	TOC    []TOCEntry
	Embeds bool
}

// pageOf returns the model's page of a page or a view of one, for the
// template functions that take either.
func pageOf(ref site.PageRef) *site.Page {
	switch v := ref.(type) {
	case *site.Page:
		return v
	case *Page:
		return v.Page
	}
	return nil
}

// Bodies keeps the converted Markdown of content pages from one Renderer
// to the next, as serve renders a site again and again: a body is
// converted again only when its file changed, or when one of its links
// would now resolve or check otherwise. Each body records the answers its
// links got while it was converted, and a later Renderer asks them again;
// so nothing outside the file has to be listed as what a body depends on.
// It is safe for concurrent use.
type Bodies struct {
	// mu is read-locked by the lookups of every page's check after an
	// edit, which run on all cores at once; a body marks itself used.
	mu      sync.RWMutex
	entries map[bodyKey]*body
	setting bodySetting
}

// NewBodies returns an empty cache of converted bodies.
func NewBodies() *Bodies { return &Bodies{entries: map[bodyKey]*body{}} }

// Sweep forgets the bodies no page asked for since the last Sweep.
func (b *Bodies) Sweep() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, e := range b.entries {
		if !e.used.Swap(false) {
			delete(b.entries, k)
		}
	}
}

// lookup returns the body kept for key if it was converted with set,
// marking it used. A Renderer with another setting empties the cache
// first.
func (b *Bodies) lookup(key bodyKey, set bodySetting) *body {
	b.mu.RLock()
	same := set == b.setting
	old := b.entries[key]
	b.mu.RUnlock()
	if !same {
		b.mu.Lock()
		if set != b.setting {
			clear(b.entries)
			b.setting = set
		}
		old = b.entries[key]
		b.mu.Unlock()
	}
	if old != nil {
		old.used.Store(true)
	}
	return old
}

// bodyKey is a body as a page shows it: its file (a new parse is a new
// file), at the page's URL (relative links), in its language.
type bodyKey struct {
	file *content.File
	url  string
	lang string
}

// bodySetting is what every body may depend on besides its file and the
// questions it asks: how Markdown is converted, where the site lives, and
// the assets and UI strings the Renderer has. A Renderer with another
// setting empties the cache; assets, images and strings change seldom,
// and a conversion that starts to read them (download sizes, pictures,
// callout labels) stays right without a question of its own.
type bodySetting struct {
	unsafeHTML, minified bool
	base                 string
	inputs               [32]byte
}

// body is a converted body: what the page's view shows of it, and the
// problems its conversion found.
type body struct {
	html   template.HTML
	toc    []TOCEntry
	embeds bool
	errs   diag.List
	// asked are the questions the conversion asked of the site, in order,
	// and the answers it got; links is the last index they got those
	// answers from, so that a Renderer whose index is equal to it need not
	// ask them again.
	asked []question
	links atomic.Pointer[linkIndex]
	// filter holds the stems of its links, made when first needed (see
	// stems).
	filter atomic.Pointer[stemFilter]
	// used is set when a page asks for the body, and cleared by Sweep.
	used atomic.Bool
}

// question is one lookup a conversion made: a link to a content file
// resolved (resolve true), or a link checked.
type question struct {
	resolve bool
	dest    string
	answer  string
	ok      bool
}

// answer asks q again of r, for a link from from.
func (r *Renderer) answer(from linkFrom, q question) question {
	if q.resolve {
		q.answer, q.ok = r.links.resolveFileLink(from, q.dest)
	} else {
		q.answer = r.links.checkLink(from, q.dest)
	}
	return q
}

// newBodySetting works out the Renderer's bodySetting, once.
func (r *Renderer) newBodySetting() bodySetting {
	s := bodySetting{unsafeHTML: r.model.Config.Markdown.UnsafeHTML, minified: r.pagesMinified}
	if r.model.Config.BaseURL != nil {
		s.base = r.model.Config.BaseURL.String()
	}
	h := sha256.New()
	for _, e := range r.assets.Entries() {
		fmt.Fprintf(h, "%q %q %q\n", e.Name, e.URL, e.Integrity)
	}
	if r.opts.Images != nil {
		for _, name := range r.opts.Images.Names() {
			im, _ := r.opts.Images.Lookup(name)
			fmt.Fprintf(h, "image %q %d %d %q %d %v\n", name, im.Width, im.Height, im.Format, im.Size, im.Err)
			for _, v := range im.Variants {
				fmt.Fprintf(h, "%d %d %q %q\n", v.Width, v.Height, v.Format, v.URL)
			}
		}
	}
	if r.strings != nil {
		for _, k := range r.strings.Keys() {
			for _, l := range r.model.Config.Languages {
				v, _ := r.strings.T(l.Code, k)
				fmt.Fprintf(h, "%q %q %q\n", l.Code, k, v)
			}
		}
	}
	h.Sum(s.inputs[:0])
	return s
}

// cachedBody converts p's body, or returns the one kept from an earlier
// Renderer if every question it asked gets the same answer now.
func (r *Renderer) cachedBody(p *site.Page) *body {
	b := r.opts.Bodies
	if b == nil {
		res, errs, _ := r.convert(p, false)
		return newBody(p, res, errs, nil)
	}
	key := bodyKey{p.File, p.URL, p.Lang}
	old := b.lookup(key, r.bodySettingOnce())
	if old != nil && r.sameAnswers(p, old) {
		return old
	}
	res, errs, asked := r.convert(p, true)
	nb := newBody(p, res, errs, asked)
	nb.links.Store(r.links)
	nb.used.Store(true)
	b.mu.Lock()
	b.entries[key] = nb
	b.mu.Unlock()
	return nb
}

// newBody keeps what a page's view shows of a conversion (res is nil
// when the body could not be converted).
func newBody(p *site.Page, res *markdown.Result, errs diag.List, asked []question) *body {
	b := &body{errs: errs, asked: asked}
	if res != nil {
		b.html = template.HTML(res.HTML)
		b.toc = tableOfContents(res.Headings, p.File.Front.TOC)
		b.embeds = res.Embeds > 0
	}
	return b
}

func (r *Renderer) bodySettingOnce() bodySetting {
	r.bodySet.once.Do(func() { r.bodySet.s = r.newBodySetting() })
	return r.bodySet.s
}

// sameAnswers reports whether a kept body's links, from p, get the
// answers they got, and notes that they got them from r's index. Only
// the links that r's index may answer otherwise than the one they were
// answered by are asked again.
func (r *Renderer) sameAnswers(p *site.Page, old *body) bool {
	changes := r.linkChangesSince(old.links.Load())
	if changes.any() && changes.reaches(old.stems()) {
		from := linkFromPage(p)
		for _, q := range old.asked {
			if changes.mayChange(q.dest) && r.answer(from, q) != q {
				return false
			}
		}
	}
	old.links.Store(r.links)
	return true
}

// stems returns the filter of the stems of the body's links, worked out
// the first time an index's changes are checked against it.
func (b *body) stems() *stemFilter {
	if f := b.filter.Load(); f != nil {
		return f
	}
	f := newStemFilter(b.asked)
	b.filter.Store(f)
	return f
}

// linkChangesSince works out what r's links may answer otherwise than
// links, an earlier Renderer's index (nil: none), once for each earlier
// index. Indexes that are equal, as after most edits, are told by their
// digests, which serve works out while the edited pages render.
func (r *Renderer) linkChangesSince(links *linkIndex) *linkChanges {
	if links == nil {
		return &linkChanges{all: true}
	}
	if links == r.links {
		return &linkChanges{}
	}
	r.changesMu.Lock()
	defer r.changesMu.Unlock()
	c, ok := r.changes[links]
	if !ok {
		if r.links.equal(links) {
			c = &linkChanges{}
		} else {
			c = r.links.changesSince(links)
		}
		r.changes[links] = c
	}
	return c
}
