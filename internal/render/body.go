package render

import (
	"sync"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/site"
)

// Page is what a layout gets as dot: the model's page, which render never
// writes, and the HTML of its Markdown body, which only the page's own
// layout shows (see doc.go).
type Page struct {
	*site.Page
	Content template.HTML
}

// Bodies keeps the converted Markdown of content pages from one Renderer
// to the next, as serve renders a site again and again: a body is
// converted again only when its file changed, or when one of its links
// would now resolve or check otherwise. Each body records the answers its
// links got while it was converted, and a later Renderer asks them again;
// so nothing outside the file has to be listed as what a body depends on.
// It is safe for concurrent use.
type Bodies struct {
	mu      sync.Mutex
	entries map[bodyKey]*body
	used    map[bodyKey]bool
	setting bodySetting
}

// NewBodies returns an empty cache of converted bodies.
func NewBodies() *Bodies { return &Bodies{entries: map[bodyKey]*body{}, used: map[bodyKey]bool{}} }

// Sweep forgets the bodies no page asked for since the last Sweep.
func (b *Bodies) Sweep() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k := range b.entries {
		if !b.used[k] {
			delete(b.entries, k)
		}
	}
	clear(b.used)
}

// bodyKey is a body as a page shows it: its file (a new parse is a new
// file), at the page's URL (relative links), in its language.
type bodyKey struct {
	file *content.File
	url  string
	lang string
}

// bodySetting is what every body depends on: how Markdown is converted and
// where the site lives. A Renderer with another setting empties the cache.
type bodySetting struct {
	unsafeHTML, minified bool
	base                 string
}

type body struct {
	html template.HTML
	errs diag.List
	// asked are the questions the conversion asked of the site, in order,
	// and the answers it got.
	asked []question
}

// question is one lookup a conversion made: a link to a content file
// resolved (resolve true), or a link checked.
type question struct {
	resolve bool
	dest    string
	answer  string
	ok      bool
}

// answer asks q again of r for page p.
func (r *Renderer) answer(p *site.Page, q question) question {
	if q.resolve {
		q.answer, q.ok = r.resolveFileLink(p, q.dest)
	} else {
		q.answer = r.checkLink(p, q.dest)
	}
	return q
}

func (r *Renderer) bodySetting() bodySetting {
	s := bodySetting{unsafeHTML: r.model.Config.Markdown.UnsafeHTML, minified: r.pagesMinified}
	if r.model.Config.BaseURL != nil {
		s.base = r.model.Config.BaseURL.String()
	}
	return s
}

// cachedBody converts p's body, or returns the one kept from an earlier
// Renderer if every question it asked gets the same answer now.
func (r *Renderer) cachedBody(p *site.Page) (template.HTML, diag.List) {
	b := r.opts.Bodies
	if b == nil {
		html, errs, _ := r.convert(p, false)
		return html, errs
	}
	key := bodyKey{p.File, p.URL, p.Lang}
	b.mu.Lock()
	if set := r.bodySetting(); set != b.setting {
		clear(b.entries)
		b.setting = set
	}
	old := b.entries[key]
	b.used[key] = true
	b.mu.Unlock()
	if old != nil && r.sameAnswers(p, old.asked) {
		return old.html, old.errs
	}
	html, errs, asked := r.convert(p, true)
	b.mu.Lock()
	b.entries[key] = &body{html: html, errs: errs, asked: asked}
	b.mu.Unlock()
	return html, errs
}

func (r *Renderer) sameAnswers(p *site.Page, asked []question) bool {
	for _, q := range asked {
		if r.answer(p, q) != q {
			return false
		}
	}
	return true
}
