package render

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/markdown"
	"github.com/puente-ssg/puente/internal/search"
	"github.com/puente-ssg/puente/internal/site"
	"github.com/puente-ssg/puente/internal/sitefs"
)

// Options configure a Renderer.
type Options struct {
	// LiveReload is HTML that serve injects before </body> of every page.
	LiveReload string
	// Banner marks drafts and future pages in serve.
	Banner bool
	// Source is the site's folder. A content file whose body or field
	// lines the load dropped (build.LoadOptions.DropBodies) is read again
	// from it: its body to render it, its lines only for a message.
	Source fs.FS
	// Bodies, when set, keeps converted bodies for the next Renderer
	// (serve).
	Bodies *Bodies
	// Minifier, when set, minifies the layouts once and each page's body as
	// it is converted, so that pages come out minified (see minify.go);
	// PagesMinified reports whether that worked.
	Minifier *assets.Minifier
	// Images are the processed images of assets/ and the site's generated
	// pictures: Markdown images of assets/ become responsive pictures, and
	// pages get social images and favicons from them.
	Images *images.Set
	// Texts, when set, keeps the plain text of bodies for the search index
	// across Renderers (serve's rebuilds).
	Texts *TextCache
	// Record keeps what rendering each page read (see Record), for serve
	// to render again only the pages an edit changes.
	Record bool
}

// Renderer renders one model. It is safe for concurrent use as long as each
// page is rendered by one goroutine at a time.
type Renderer struct {
	model   *site.Model
	tmpl    *Templates
	strings *lang.Strings
	assets  *assets.Manifest
	opts    Options
	md      map[string]*markdown.Renderer
	// sets holds, per language, each kind template's set bound to that
	// language's functions.
	sets map[string]map[string]*template.Template
	// names caches language and country names (see memo).
	names sync.Map
	// links is what bodies' links are resolved and checked against;
	// changes, what it may answer otherwise than earlier Renderers'
	// indexes.
	links     *linkIndex
	changesMu sync.Mutex
	changes   map[*linkIndex]*linkChanges
	// partials holds, per language, the partials bound to its functions,
	// and cached the output of partialCached by language, name and keys.
	partials map[string]*template.Template
	cacheMu  sync.RWMutex
	cached   map[partialKey]template.HTML
	// pagesMinified is true when layouts and bodies are minified.
	pagesMinified bool
	// bodySet is what every cached body depends on (see Bodies).
	bodySet struct {
		once sync.Once
		s    bodySetting
	}
	// vevents are, by language, the entries of the last calendar of its
	// events, when the Renderer records (see Calendar).
	veventsMu sync.Mutex
	vevents   map[string]map[vevent][]byte
	// recState is what the Renderer records (record.go).
	recState
}

// New binds templates to a model, UI strings and an asset manifest.
func New(t *Templates, m *site.Model, strs *lang.Strings, man *assets.Manifest, opts Options) (*Renderer, error) {
	r := &Renderer{model: m, tmpl: t, strings: strs, assets: man, opts: opts,
		md: map[string]*markdown.Renderer{}, sets: map[string]map[string]*template.Template{}, links: newLinkIndex(m), changes: map[*linkIndex]*linkChanges{},
		partials: map[string]*template.Template{}, cached: map[partialKey]template.HTML{}, recState: newRecState()}
	var minifyBody func(io.Writer, []byte) error
	if opts.Minifier != nil {
		if min := t.Minified(opts.Minifier); min != nil {
			t, r.tmpl, r.pagesMinified = min, min, true
			minifyBody = opts.Minifier.HTMLTo
		}
	}
	for _, l := range m.Config.Languages {
		r.md[l.Code] = markdown.New(markdown.Options{UnsafeHTML: m.Config.Markdown.UnsafeHTML, Lang: l.Code, MinifyHTML: minifyBody, Labels: r.labels(l.Code), Download: r.downloadOf(l.Code)})
		bound := map[string]*template.Template{}
		for file, set := range t.sets {
			c, err := set.Clone()
			if err != nil {
				return nil, fmt.Errorf("binding %s: %w", file, err)
			}
			bound[file] = c.Funcs(r.langFuncs(l.Code))
		}
		r.sets[l.Code] = bound
		if t.common != nil {
			c, err := t.common.Clone()
			if err != nil {
				return nil, fmt.Errorf("binding partials: %w", err)
			}
			r.partials[l.Code] = c.Funcs(r.langFuncs(l.Code))
		}
	}
	for _, a := range m.Aliases {
		r.links.addPath(a.Path)
	}
	if man != nil {
		for _, e := range man.Entries() {
			r.links.addPath(e.URL)
			if ext := path.Ext(e.Name); ext != ".css" && ext != ".js" {
				r.links.addPath("/assets/" + e.Name)
			}
		}
	}
	return r, nil
}

// labels gives Markdown's callouts and video links their words from the
// UI strings (layouts/i18n), when the theme has them.
func (r *Renderer) labels(code string) markdown.Labels {
	return func(key string) string {
		if r.strings == nil {
			return ""
		}
		s, err := r.strings.T(code, key)
		if err != nil {
			return ""
		}
		return s
	}
}

// downloadOf describes, in a language, the asset a link goes to by its
// plain path (/assets/docs/x.pdf): its format and size.
func (r *Renderer) downloadOf(code string) func(dest string) (string, bool) {
	return func(dest string) (string, bool) {
		e, ok := r.download(dest)
		if !ok {
			return "", false
		}
		return lang.Download(e.Name, int64(len(e.Data)), code), true
	}
}

// download finds the asset a link goes to by its plain path, also as an
// absolute URL of the site or below the base URL's path. Stylesheets,
// scripts and pages are not downloads.
func (r *Renderer) download(dest string) (assets.Entry, bool) {
	if r.assets == nil {
		return assets.Entry{}, false
	}
	u, err := url.Parse(dest)
	if err != nil {
		return assets.Entry{}, false
	}
	if u.Host != "" {
		base := r.model.Config.BaseURL
		if base == nil || u.Host != base.Host {
			return assets.Entry{}, false
		}
	}
	p := u.Path
	if base := r.model.Config.BaseURL; base != nil {
		p = "/" + strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(base.Path, "/")), "/")
	}
	name, ok := strings.CutPrefix(p, "/assets/")
	if !ok {
		return assets.Entry{}, false
	}
	switch path.Ext(name) {
	case ".css", ".js", ".html", "":
		return assets.Entry{}, false
	}
	return r.assets.Lookup(name)
}

// Minifier returns Options.Minifier: nil when the output is not minified.
func (r *Renderer) Minifier() *assets.Minifier { return r.opts.Minifier }

// PagesMinified reports whether Page writes minified HTML: the layouts
// were minified (Options.Minifier) and so is each body.
func (r *Renderer) PagesMinified() bool { return r.pagesMinified }

// AddPath records a URL path written besides pages (a feed, a calendar), so
// that links to it are not reported as broken.
func (r *Renderer) AddPath(p string) { r.links.addPath(p) }

// SumLinks works out ahead what comparing r's link index with an earlier
// Renderer's needs (linkIndex.equal), once every path is added: serve
// calls it while the edited pages render, on a core otherwise idle, so
// that checking the records after an edit does not wait for it.
func (r *Renderer) SumLinks() { r.links.digest() }

// ForgetPartials drops what partialCached kept. A theme may cache a
// partial that shows a page's content; serve calls this before it renders
// pages again after an edit to their bodies.
func (r *Renderer) ForgetPartials() {
	r.cacheMu.Lock()
	clear(r.cached)
	clear(r.cachedRecs)
	r.cacheMu.Unlock()
}

// Page renders p into w. Content pages have their Markdown converted and
// their links checked first; problems come back positioned in the content
// file or the layout.
func (r *Renderer) Page(w io.Writer, p *site.Page) diag.List {
	var errs diag.List
	view := &Page{Page: p}
	if p.File != nil {
		b := r.cachedBody(p)
		errs.Add(b.errs...)
		errs.Add(r.checkPDF(p)...)
		errs.Add(r.imageChecks(p.File, p)...)
		view.Content, view.TOC, view.Embeds = b.html, b.toc, b.embeds
	}
	file, ok := r.tmpl.Lookup(p.Kind, p.IsList())
	if !ok {
		errs.Errorf(diag.Pos{File: Dir}, "no layout for %s pages: add %s/%s.html or %s/default.html", p.Kind, Dir, p.Kind, Dir)
		return errs
	}
	set := r.sets[p.Lang][file]
	name := file
	if r.tmpl.usesBase[file] {
		name = baseName
	}
	post := r.opts.LiveReload != "" || (r.opts.Banner && (p.Draft || p.Future))
	if !post {
		// The common case: straight into the caller's buffer, no copy.
		ow, rec := r.startRecord(w, p.Lang)
		if err := set.ExecuteTemplate(ow, name, view); err != nil {
			e := templateError(err, file)
			e.Msg += " (rendering " + describe(p) + ")"
			errs.Add(e)
		}
		r.keepRecord(p, rec, errs)
		return errs
	}
	var buf bytes.Buffer
	ow, rec := r.startRecord(&buf, p.Lang)
	if err := set.ExecuteTemplate(ow, name, view); err != nil {
		e := templateError(err, file)
		e.Msg += " (rendering " + describe(p) + ")"
		errs.Add(e)
		r.keepRecord(p, rec, errs)
		return errs
	}
	r.keepRecord(p, rec, errs)
	out := buf.Bytes()
	if r.opts.Banner && (p.Draft || p.Future) {
		out = injectAfterBodyStart(out, banner(p))
	}
	if r.opts.LiveReload != "" {
		out = injectBeforeBodyEnd(out, r.opts.LiveReload)
	}
	if _, err := w.Write(out); err != nil {
		errs.Errorf(diag.Pos{File: p.OutputPath}, "writing: %v", err)
	}
	return errs
}

func describe(p *site.Page) string {
	if p.File != nil {
		return p.File.Path
	}
	return p.URL
}

// banner marks a page that build leaves out unless asked.
func banner(p *site.Page) string {
	what := "a draft"
	if p.Future {
		what = "dated in the future"
	}
	if p.Draft && p.Future {
		what = "a draft dated in the future"
	}
	return `<div role="note" lang="en" style="background:#7a1f00;color:#fff;padding:.5em 1em;font:bold 15px sans-serif;text-align:center">Preview only: this page is ` + what + ` and puente build leaves it out</div>`
}

func injectAfterBodyStart(doc []byte, snippet string) []byte {
	i := bytes.Index(doc, []byte("<body"))
	if i < 0 {
		return doc
	}
	j := bytes.IndexByte(doc[i:], '>')
	if j < 0 {
		return doc
	}
	at := i + j + 1
	out := make([]byte, 0, len(doc)+len(snippet))
	out = append(out, doc[:at]...)
	out = append(out, snippet...)
	return append(out, doc[at:]...)
}

func injectBeforeBodyEnd(doc []byte, snippet string) []byte {
	i := bytes.LastIndex(doc, []byte("</body>"))
	if i < 0 {
		return append(doc, snippet...)
	}
	out := make([]byte, 0, len(doc)+len(snippet))
	out = append(out, doc[:i]...)
	out = append(out, snippet...)
	return append(out, doc[i:]...)
}

// convert renders a content page's Markdown and checks its links and
// images. With record, it returns the questions it asked of the site and
// their answers (see Bodies). The result is nil when the body could not
// be converted.
func (r *Renderer) convert(p *site.Page, record bool) (_ *markdown.Result, errs diag.List, asked []question) {
	f := p.File
	body, loan, err := r.bodyOf(f)
	// Nothing converted refers to the file's bytes: the result and the
	// problems found hold copies.
	defer loan.Return()
	if err != nil {
		errs.Errorf(diag.Pos{File: f.Path}, "%v", err)
		return nil, errs, nil
	}
	res, err := r.md[p.Lang].ConvertPage(body, markdown.Hooks{
		Resolve: func(dest string) (string, bool) {
			to, ok := r.links.resolveFileLink(linkFromPage(p), dest)
			if record {
				asked = append(asked, question{resolve: true, dest: dest, answer: to, ok: ok})
			}
			return to, ok
		},
		Picture: r.pictureHook(p),
	})
	if err != nil {
		errs.Errorf(diag.Pos{File: f.Path, Line: f.BodyLine}, "%v", err)
		return nil, errs, asked
	}
	// The search index reads the text from here rather than parse the body
	// again; the result kept for the page need not hold it too.
	if r.opts.Texts != nil {
		r.opts.Texts.put(textKey{f.Hash, p.Lang}, search.NewBody(res.Text))
	}
	res.Text = ""
	var lines *diag.Lines // indexed only when a problem needs a line
	pos := func(offset int) diag.Pos {
		if lines == nil {
			lines = diag.NewLines(body)
		}
		line, _ := lines.Position(offset)
		return diag.Pos{File: f.Path, Line: f.BodyLine + line - 1}
	}
	for _, l := range res.Links {
		if l.Image && strings.TrimSpace(l.Alt) == "" {
			errs.Errorf(pos(l.Offset), "image %s has no alternative text: write ![what it shows](%s)", l.Dest, l.Dest)
		}
		msg := r.links.checkLink(linkFromPage(p), l.Dest)
		if record {
			asked = append(asked, question{dest: l.Dest, answer: msg})
		}
		if msg != "" {
			if l.Image {
				msg = "image" + strings.TrimPrefix(msg, "link")
			}
			errs.Errorf(pos(l.Offset), "%s", msg)
		} else if l.Image {
			r.checkImageLink(&errs, pos(l.Offset), l.Dest)
		}
	}
	return res, errs, asked
}

// bodyOf returns f's Markdown: the body kept, else read again from the
// site into lent memory (loan, to return once nothing refers to the
// body; nil when nothing was lent).
func (r *Renderer) bodyOf(f *content.File) (body []byte, loan *sitefs.Loan, err error) {
	if f.Body != nil || r.opts.Source == nil {
		return f.Body, nil, nil
	}
	loan, err = sitefs.Borrow(r.opts.Source, f.Path)
	if err != nil {
		return nil, nil, err
	}
	if body, err = f.BodyFrom(loan.Data); err != nil {
		loan.Return()
		return nil, nil, err
	}
	return body, loan, nil
}

// tocMin is how many second-level headings give a page a table of
// contents when its front matter does not say.
const tocMin = 3

// TOCEntry is an entry of a table of contents: a second-level heading,
// with the third-level headings under it.
type TOCEntry struct {
	ID, Text string
	Children []TOCEntry
}

// tableOfContents lists a page's second-level headings, each with the
// third-level ones under it: for pages with tocMin of them or more, or
// toc: true; never with toc: false.
func tableOfContents(hs []markdown.Heading, want content.TOC) []TOCEntry {
	var toc []TOCEntry
	for _, h := range hs {
		switch {
		case h.Level == 2:
			toc = append(toc, TOCEntry{ID: h.ID, Text: h.Text})
		case h.Level == 3 && len(toc) > 0:
			last := &toc[len(toc)-1]
			last.Children = append(last.Children, TOCEntry{ID: h.ID, Text: h.Text})
		}
	}
	switch {
	case want == content.TOCOff, len(toc) == 0:
		return nil
	case want == content.TOCOn, len(toc) >= tocMin:
		return toc
	}
	return nil
}

// Links converts every content page's Markdown only to check its links,
// images and downloads: check and build use it to report those problems
// even when other errors keep the site from rendering.
func (r *Renderer) Links(pages []*site.Page) diag.List {
	var errs diag.List
	for _, p := range pages {
		if p.File == nil {
			continue
		}
		_, lerrs, _ := r.convert(p, false)
		errs.Add(lerrs...)
		errs.Add(r.checkPDF(p)...)
		errs.Add(r.imageChecks(p.File, p)...)
	}
	return errs
}

// line is the line of a front matter field, for messages.
func (r *Renderer) line(f *content.File, field string) int {
	if f.Front.Lines != nil || r.opts.Source == nil {
		return f.Line(field)
	}
	data, err := fs.ReadFile(r.opts.Source, f.Path)
	if err != nil {
		return 1
	}
	cfg := r.model.Config
	again, _ := content.Parse(f.Path, data, content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage})
	return again.Line(field)
}

// checkPDF reports a newsletter's pdf that is not a file in assets/.
func (r *Renderer) checkPDF(p *site.Page) diag.List {
	var errs diag.List
	name := p.File.Front.PDF
	if name == "" {
		return nil
	}
	if _, ok := r.assets.Lookup(name); ok {
		return nil
	}
	pos := diag.Pos{File: p.File.Path, Line: r.line(p.File, "pdf")}
	trimmed := strings.TrimPrefix(strings.TrimPrefix(name, "/"), "assets/")
	if _, ok := r.assets.Lookup(trimmed); ok {
		errs.Errorf(pos, "pdf: %q: write the path inside assets/, like %q", name, trimmed)
		return errs
	}
	var names []string
	if r.assets != nil {
		names = r.assets.Names()
	}
	errs.Errorf(pos, "pdf: %q is not a file in assets/%s", name, diag.Suggest(name, names))
	return errs
}
