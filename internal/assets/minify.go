package assets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2"
)

// Minifier shrinks output files by media type: HTML pages, CSS, JavaScript,
// XML (sitemaps, Atom and RSS feeds), JSON and SVG. Build it once with
// NewMinifier and share it; it is safe for concurrent use.
type Minifier struct {
	m *minify.M
	// templates minifies Go html/template sources: the same HTML rules,
	// with every {{ action }} kept as it is (see Template).
	templates *minify.M
}

// NewMinifier returns a Minifier configured so that minified HTML stays valid
// under the W3C Nu validator and readable in tests: document tags
// (html, head, body), end tags, attribute quotes and default attribute values
// are kept, and the doctype is written as <!doctype html>.
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &htmlRules)
	m.Add("text/css", &css.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	// The patterns also cover what appears inside HTML: <script type=module>
	// is handled by the HTML minifier itself, JSON-LD by the json pattern.
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	t := minify.New()
	tmplRules := htmlRules
	tmplRules.TemplateDelims = html.GoTemplateDelims
	t.Add("text/html", &tmplRules)
	return &Minifier{m: m, templates: t}
}

var htmlRules = html.Minifier{
	KeepDocumentTags:    true,
	KeepEndTags:         true,
	KeepQuotes:          true,
	KeepDefaultAttrVals: true,
}

// Minify returns data minified for mediatype ("text/html", "text/css",
// "application/javascript", "application/xml", "application/atom+xml",
// "application/rss+xml", "application/json", "image/svg+xml"; parameters such
// as "; charset=utf-8" are allowed). Data of any other media type is returned
// unchanged. A syntax error is returned as a *MinifyError with its position.
func (m *Minifier) Minify(mediatype string, data []byte) ([]byte, error) {
	out, err := m.m.Bytes(mediatype, data)
	if errors.Is(err, minify.ErrNotExist) {
		return data, nil
	}
	if err != nil {
		return nil, newMinifyError(mediatype, err)
	}
	return out, nil
}

// MinifyTo minifies data into dst (which it resets first), so that a
// caller rendering thousands of files can reuse one buffer instead of
// allocating an output per file. Unknown media types are copied as they are.
func (m *Minifier) MinifyTo(dst *bytes.Buffer, mediatype string, data []byte) error {
	dst.Reset()
	// A *bytes.Buffer hands the minifier data itself; a bytes.Reader would
	// make it copy every page (parse.NewInput reads readers whole).
	err := m.m.Minify(mediatype, dst, bytes.NewBuffer(data))
	if errors.Is(err, minify.ErrNotExist) {
		dst.Reset()
		dst.Write(data)
		return nil
	}
	if err != nil {
		return newMinifyError(mediatype, err)
	}
	return nil
}

// HTMLTo writes data, an HTML document or fragment, minified to w.
func (m *Minifier) HTMLTo(w io.Writer, data []byte) error {
	if err := m.m.Minify("text/html", w, bytes.NewBuffer(data)); err != nil {
		return newMinifyError("text/html", err)
	}
	return nil
}

// Template minifies the source of a Go html/template layout by the HTML
// rules, treating each {{ action }} as text it must keep. Spaces next to an
// action stay where the action's output could make them matter
// (<span> {{ .Title }} </span>). It does not know Go's template syntax: a
// caller that needs the actions unchanged should check that they are.
func (m *Minifier) Template(src string) (string, error) {
	out, err := m.templates.String("text/html", src)
	if err != nil {
		return "", newMinifyError("text/html", err)
	}
	return out, nil
}

// MinifyError is a syntax error found while minifying. Line and Col count
// from 1 in the minified input; zero means unknown.
type MinifyError struct {
	MediaType string
	Line, Col int
	Msg       string
}

func (e *MinifyError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.MediaType, e.Line, e.Col, e.Msg)
	}
	return e.MediaType + ": " + e.Msg
}

func newMinifyError(mediatype string, err error) *MinifyError {
	mt, _, perr := mime.ParseMediaType(mediatype)
	if perr != nil {
		mt = mediatype
	}
	e := &MinifyError{MediaType: mt, Msg: err.Error()}
	// parse.Error prints its context line after a newline; diagnostics are one
	// line each, so keep only the message and the position.
	var pe *parse.Error
	if errors.As(err, &pe) {
		e.Line, e.Col, e.Msg = pe.Line, pe.Column, pe.Message
	}
	if i := strings.IndexByte(e.Msg, '\n'); i >= 0 {
		e.Msg = e.Msg[:i]
	}
	return e
}

// mediaTypes maps lowercase file extensions to media types. Go's mime
// package is not used because it consults the host's tables, which would make
// output depend on the machine that builds.
var mediaTypes = map[string]string{
	".atom":        "application/atom+xml",
	".avif":        "image/avif",
	".css":         "text/css",
	".csv":         "text/csv",
	".gif":         "image/gif",
	".htm":         "text/html",
	".html":        "text/html",
	".ico":         "image/x-icon",
	".ics":         "text/calendar",
	".jpeg":        "image/jpeg",
	".jpg":         "image/jpeg",
	".js":          "text/javascript",
	".json":        "application/json",
	".map":         "application/json",
	".md":          "text/markdown",
	".mjs":         "text/javascript",
	".mp3":         "audio/mpeg",
	".mp4":         "video/mp4",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".png":         "image/png",
	".rss":         "application/rss+xml",
	".svg":         "image/svg+xml",
	".ttf":         "font/ttf",
	".txt":         "text/plain",
	".wasm":        "application/wasm",
	".webm":        "video/webm",
	".webmanifest": "application/manifest+json",
	".webp":        "image/webp",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".xml":         "application/xml",
	".zip":         "application/zip",
}

// MediaType returns the media type of a file by its extension, such as
// "text/css" for site.css and "text/calendar" for event.ics, or
// "application/octet-stream" when the extension is unknown.
func MediaType(name string) string {
	if mt, ok := mediaTypes[strings.ToLower(path.Ext(name))]; ok {
		return mt
	}
	return "application/octet-stream"
}

// ContentType returns the HTTP Content-Type of a file by its extension: its
// media type, with "; charset=utf-8" for textual types.
func ContentType(name string) string {
	mt := MediaType(name)
	if isText(mt) {
		return mt + "; charset=utf-8"
	}
	return mt
}

func isText(mt string) bool {
	return strings.HasPrefix(mt, "text/") ||
		strings.HasSuffix(mt, "+xml") || strings.HasSuffix(mt, "/xml") ||
		strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "/json")
}
