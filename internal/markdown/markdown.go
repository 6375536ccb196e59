// Package markdown owns puente's one goldmark setup: GFM (tables,
// strikethrough, autolinks, task lists), footnotes, typographer with each
// language's quotation marks, and heading IDs. It turns a page body into HTML
// and reports the headings, links and images it found with their byte
// offsets; a caller's hook may give the HTML of each image (package render
// makes pictures of them). It knows nothing about URLs or which page it
// converts.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	stdhtml "html"
	"io"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/puente-ssg/puente/internal/lang"
)

// Options configure a Renderer.
type Options struct {
	// UnsafeHTML keeps raw HTML in Markdown; otherwise it is left out.
	UnsafeHTML bool
	// Lang picks the typographer's quotation marks.
	Lang string
	// MinifyHTML, when set, writes a document's HTML minified to w (package
	// assets' Minifier.HTMLTo). A build minifies each body here, once, so
	// that pages from minified layouts need no pass over the whole page.
	MinifyHTML func(w io.Writer, html []byte) error
	// Labels gives the words of callouts and video links in the page's
	// language; nil uses English ones.
	Labels Labels
	// Download, when set, describes the file a link goes to when it is a
	// download of the site ("PDF, 148 KB", in the page's language): the
	// link then shows it, so that a reader on a phone knows what a tap
	// will fetch. dest is the destination as published.
	Download func(dest string) (string, bool)
}

// Renderer converts Markdown to HTML. It is safe for concurrent use: goldmark
// parsers are stateless and per-document state lives in a parser.Context.
type Renderer struct {
	md       goldmark.Markdown
	minify   func(w io.Writer, html []byte) error
	download func(dest string) (string, bool)
}

// New builds a Renderer. Build one per language and share it.
func New(opts Options) *Renderer {
	ld, rd, ls, rs := lang.Quotes(opts.Lang)
	rendererOpts := []goldmark.Option{
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extensions{labels: opts.Labels},
			extension.NewTypographer(extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
				extension.LeftDoubleQuote:  []byte(ld),
				extension.RightDoubleQuote: []byte(rd),
				extension.LeftSingleQuote:  []byte(ls),
				extension.RightSingleQuote: []byte(rs),
				// An apostrophe is a right single quote in all three languages.
				extension.Apostrophe: []byte("’"),
			})),
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
		),
	}
	rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(pictureRenderer{}, 500))))
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return &Renderer{md: goldmark.New(rendererOpts...), minify: opts.MinifyHTML, download: opts.Download}
}

// Heading is a heading of the document.
type Heading struct {
	Level  int
	ID     string
	Text   string
	Offset int
}

// Link is a link or image destination found in the document.
type Link struct {
	Dest string
	// Offset is the byte offset in the source of the link's text, or of the
	// start of its paragraph when the link has no text.
	Offset int
	// Image is true for an image; Alt is then its alternative text.
	Image bool
	Alt   string
}

// Result is a converted document.
type Result struct {
	HTML     string
	Headings []Heading
	Links    []Link
	// Embeds counts the videos of the document.
	Embeds int
	// Text is the document's plain text (see Text); ConvertPage only.
	Text string
}

var (
	bufWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 16<<10) }}
	// unminified holds goldmark's output on its way to the minifier.
	unminified = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// Convert renders src to HTML and collects its headings and links.
func (r *Renderer) Convert(src []byte) (res *Result, err error) {
	return r.ConvertWith(src, nil)
}

// Resolver maps a link destination written in a document to the one to
// publish, and reports whether it did; links it does not resolve stay as
// written. Package render uses it to turn links to content files
// (../events/kickoff.md) into page URLs.
type Resolver func(dest string) (string, bool)

// ConvertWith is Convert with link destinations passed through resolve.
// Result.Links holds the destinations as published.
func (r *Renderer) ConvertWith(src []byte, resolve Resolver) (res *Result, err error) {
	return r.ConvertPage(src, Hooks{Resolve: resolve})
}

// Hooks let the caller decide what some nodes of one document become.
type Hooks struct {
	// Resolve maps link and image destinations (see Resolver).
	Resolve Resolver
	// Picture, when set, is asked for every image, in document order, and
	// may give the HTML to publish in its place (see Picture).
	Picture Picture
}

// Picture returns the HTML that replaces an image, and whether it does;
// images it declines are published as goldmark's <img>. The HTML is
// published as given: the hook escapes what it takes from the document.
type Picture func(img ImageRef) (html string, ok bool)

// ImageRef is an image of a document as a Picture hook sees it.
type ImageRef struct {
	// Dest is the destination as published (after Resolve), Alt the
	// alternative text, Title the title ("" when none).
	Dest, Alt, Title string
	// Alone is true when the image is the only thing in its paragraph:
	// the HTML then replaces the paragraph, and may be a <figure>.
	Alone bool
	// Offset is the image's byte offset in the source, as in Link.
	Offset int
}

// ConvertPage is ConvertWith with every hook of h.
func (r *Renderer) ConvertPage(src []byte, h Hooks) (res *Result, err error) {
	resolve := h.Resolve
	defer func() {
		// goldmark is well tested, but a panic on an editor's odd input must
		// come back as an error on that file, not take the build down.
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("markdown: %v", p)
		}
	}()
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	res = &Result{Text: docText(doc, src)}
	var imgs []*ast.Image
	err = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := Heading{Level: n.Level, Text: plainText(n, src), Offset: offsetOf(n)}
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					h.ID = string(b)
				}
			}
			res.Headings = append(res.Headings, h)
		// Destinations are resolved here, in the walk that collects them,
		// before rendering: a transformer of its own would walk the
		// document once more.
		case *ast.Link:
			n.Destination = resolved(resolve, n.Destination)
			res.Links = append(res.Links, Link{Dest: string(n.Destination), Offset: offsetOf(n)})
			if r.download != nil {
				if what, ok := r.download(string(n.Destination)); ok {
					// Inside the link, so that it is read out with it.
					meta := ast.NewString([]byte(` <span class="download-meta">(` + stdhtml.EscapeString(what) + `)</span>`))
					meta.SetCode(true)
					n.AppendChild(n, meta)
				}
			}
		case *ast.Image:
			n.Destination = resolved(resolve, n.Destination)
			res.Links = append(res.Links, Link{Dest: string(n.Destination), Offset: offsetOf(n), Image: true, Alt: plainText(n, src)})
			imgs = append(imgs, n)
		case *Embed:
			res.Embeds++
		case *ast.AutoLink:
			dest := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(dest, "mailto:") {
				dest = "mailto:" + dest
			}
			res.Links = append(res.Links, Link{Dest: dest, Offset: offsetOf(n)})
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return nil, err
	}
	if h.Picture != nil {
		// Replaced after the walk, which must not see the tree change.
		for _, n := range imgs {
			replacePicture(n, src, h.Picture)
		}
	}
	// A strings.Builder hands its bytes over as the string without a copy,
	// and a pooled bufio.Writer spares goldmark making one per document:
	// both are allocations of every page of a build.
	var out strings.Builder
	out.Grow(len(src) + len(src)/2)
	if r.minify == nil {
		err = r.render(&out, src, doc)
	} else {
		buf := unminified.Get().(*bytes.Buffer)
		buf.Reset()
		if err = r.render(buf, src, doc); err == nil {
			err = r.minify(&out, buf.Bytes())
		}
		unminified.Put(buf)
	}
	if err != nil {
		return nil, err
	}
	res.HTML = out.String()
	return res, nil
}

func (r *Renderer) render(out io.Writer, src []byte, doc ast.Node) error {
	w := bufWriters.Get().(*bufio.Writer)
	w.Reset(out)
	err := r.md.Renderer().Render(w, src, doc)
	w.Reset(nil)
	bufWriters.Put(w)
	return err
}

// plainText is the text inside n, without markup.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// offsetOf finds a byte offset for n: its first text segment, else the first
// line of the nearest block that has lines. Inline nodes carry no position of
// their own in goldmark.
func offsetOf(n ast.Node) int {
	found := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found >= 0 {
		return found
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines() != nil && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// resolved is dest passed through resolve, when it resolves it.
func resolved(resolve Resolver, dest []byte) []byte {
	if resolve == nil {
		return dest
	}
	if d, ok := resolve(string(dest)); ok {
		return []byte(d)
	}
	return dest
}
