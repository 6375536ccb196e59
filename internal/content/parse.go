package content

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"github.com/puente-ssg/puente/internal/diag"
)

// MaxFileSize is the largest content file read, in bytes. Anything larger is
// almost certainly a mistake (a video saved as .md) and would slow every build.
const MaxFileSize = 20 << 20

// Parse decodes one content file. path is relative to the site root, with
// forward slashes ("content/events/kickoff.es.md"). Parse always returns a
// File holding what could be decoded, also when it reports problems; callers
// must not publish a site while the list has errors.
func Parse(path string, data []byte, opts Options) (*File, diag.List) {
	f := new(File)
	return f, parseInto(f, path, data, opts)
}

// parseInto is Parse into a File the caller allocated: Load allocates the
// files of a site in one block (see readAll).
func parseInto(f *File, path string, data []byte, opts Options) diag.List {
	*f = File{Path: path, Hash: sha256.Sum256(data), BodyLine: 1}
	p := &parser{file: f}

	fn, nameErrs := parseName(path, opts)
	f.Section, f.Slug, f.Lang, f.Kind = fn.section, fn.slug, fn.lang, fn.kind
	for _, msg := range nameErrs {
		p.errs.Errorf(diag.Pos{File: path, Line: 1}, "%s", msg)
	}

	if len(data) > MaxFileSize {
		p.errs.Errorf(diag.Pos{File: path}, "%s", sizeError(int64(len(data))))
		return p.errs
	}
	p.src = normalize(data)
	p.lines = diag.NewLines(p.src)
	if off := invalidUTF8(p.src); off >= 0 {
		p.errorAt(off, "invalid UTF-8 (save the file as UTF-8)")
		return p.errs
	}
	p.parse()
	f.Blank = f.Format != "" && len(bytes.TrimSpace(f.Body)) == 0
	return p.errs
}

// sizeError words the error for a file over MaxFileSize, rounding up so that
// a file just over the limit does not read as "20 MB; the limit is 20 MB".
func sizeError(n int64) string {
	const mb = 1 << 20
	return fmt.Sprintf("file is %d MB; the limit is %d MB", (n+mb-1)/mb, MaxFileSize/mb)
}

// normalize strips a byte order mark and turns CRLF and lone CR line ends
// (old Mac files) into LF. All keep line numbers as they are in the editor,
// and YAML and CommonMark both count a lone CR as a line end, so positions
// counted on LF alone would disagree with theirs.
func normalize(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// parser holds the state of parsing one file.
type parser struct {
	file  *File
	src   []byte // the file without BOM, with LF line ends
	lines *diag.Lines
	errs  diag.List

	openLine  int // line of the opening delimiter
	textStart int // offset in src of the front matter text
}

func (p *parser) pos(line, col int) diag.Pos {
	return diag.Pos{File: p.file.Path, Line: line, Col: col}
}

func (p *parser) errorAt(off int, format string, args ...any) {
	line, col := p.lines.Position(off)
	p.errs.Errorf(p.pos(line, col), format, args...)
}

// captured is what the front matter formats hand back: frontmatter only
// finds and cuts the block; decoding with positions is done here.
type captured struct {
	format string
	text   []byte
}

func capture(format string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*captured)
		c.format = format
		c.text = bytes.Clone(data)
		return nil
	}
}

// frontReader hands frontmatter.Parse a file a line at a time and stops,
// reporting the end, once the front matter has been captured. frontmatter
// copies everything it reads into a buffer of its own, to return the rest;
// the body is most of a file and parse slices it from the file itself, so
// the copy would only be garbage, as large as the site. A line at a time,
// frontmatter's read-ahead buffer never holds more than the line it is
// reading.
type frontReader struct {
	src      []byte
	off      int
	captured *captured
}

var lineReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

func (r *frontReader) Read(b []byte) (int, error) {
	if r.captured.format != "" || r.off == len(r.src) {
		return 0, io.EOF
	}
	line := r.src[r.off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	n := copy(b, line)
	r.off += n
	return n, nil
}

// formats are the front matter formats: those frontmatter knows by default,
// with our own decoders so that every field keeps its line.
var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", capture("yaml")),
	frontmatter.NewFormat("---yaml", "---", capture("yaml")),
	frontmatter.NewFormat("+++", "+++", capture("toml")),
	frontmatter.NewFormat("---toml", "---", capture("toml")),
	frontmatter.NewFormat(";;;", ";;;", capture("json")),
	frontmatter.NewFormat("---json", "---", capture("json")),
	// A bare JSON object ends with "}" on a line of its own and an empty line.
	{Start: "{", End: "}", Unmarshal: capture("json"), UnmarshalDelims: true, RequiresNewLine: true},
}

func (p *parser) parse() {
	f := p.file
	if len(bytes.TrimSpace(p.src)) == 0 {
		f.Body = p.src
		p.errs.Errorf(p.pos(1, 0), "file is empty (want front matter: --- title: ... ---)")
		return
	}

	// frontmatter skips blank lines before the opening delimiter, comparing
	// lines with bytes.TrimSpace; find that line the same way.
	first, firstOff := 0, 0
	for off, n := 0, 1; off < len(p.src); n++ {
		end := bytes.IndexByte(p.src[off:], '\n')
		next := len(p.src)
		if end >= 0 {
			next = off + end + 1
		}
		if len(bytes.TrimSpace(p.src[off:next])) > 0 {
			first, firstOff = n, off
			break
		}
		off = next
	}
	firstLine := string(bytes.TrimSpace(lineAt(p.src, firstOff)))

	var c captured
	in := &frontReader{src: p.src, captured: &c}
	// frontmatter reads through a bufio.Reader of its own unless handed
	// one: a pooled one saves a buffer per file.
	buffered := lineReaders.Get().(*bufio.Reader)
	buffered.Reset(in)
	rest, err := frontmatter.Parse(buffered, &c, formats...)
	buffered.Reset(nil)
	lineReaders.Put(buffered)
	if err != nil {
		// Only reading errors come back, and a frontReader has none.
		p.errs.Errorf(p.pos(first, 0), "front matter: %v", err)
		return
	}
	if c.format == "" {
		f.Body = p.src
		for _, ff := range formats {
			if ff.Start == firstLine {
				want := fmt.Sprintf("a closing %q line", ff.End)
				if ff.RequiresNewLine {
					want = fmt.Sprintf("%q on a line of its own, then an empty line", ff.End)
				}
				p.errs.Errorf(p.pos(first, 0), "front matter opened with %q is never closed (want %s)", ff.Start, want)
				return
			}
		}
		p.errs.Errorf(p.pos(first, 0), "missing front matter (--- title: ... ---)")
		return
	}

	// rest is what frontmatter read after the block: the whole file when
	// there is no front matter, else at most the part of the line
	// frontReader handed over past it, usually nothing.
	bodyStart := in.off - len(rest)
	f.Body = p.src[bodyStart:]
	f.BodyOffset = bodyStart
	f.BodyLine, _ = p.lines.Position(bodyStart)
	f.Format = c.format
	p.openLine = first
	p.textStart = firstOff
	if c.format != "json" || firstLine != "{" {
		p.textStart = firstOff + len(lineAt(p.src, firstOff))
	}

	var entries []entry
	var ok bool
	switch c.format {
	case "yaml":
		entries, ok = p.decodeYAML(c.text)
	case "toml":
		entries, ok = p.decodeTOML(c.text)
	case "json":
		entries, ok = p.decodeJSON(c.text)
	}
	if ok {
		p.decodeFront(entries)
	}
}

// lineAt returns the line of src starting at off, with its "\n".
func lineAt(src []byte, off int) []byte {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return src[off : off+i+1]
	}
	return src[off:]
}

// textLine turns a line counted inside the front matter text (from 1) into
// a line of the file, kept within the text.
func (p *parser) textLine(line int, text []byte) int {
	first, _ := p.lines.Position(p.textStart)
	last, _ := p.lines.Position(p.textStart + max(len(text)-1, 0))
	return min(max(first+line-1, first), last)
}

// recovered turns a panic inside a third-party decoder into an error, so that
// no input can crash a build.
func recovered(err *error) {
	if r := recover(); r != nil {
		*err = errors.New(fmt.Sprint(r))
	}
}

// BodyFrom returns the Markdown body of f from the file's bytes read again,
// for builds that drop bodies after loading to keep memory small. It fails
// when the file changed since it was loaded.
func (f *File) BodyFrom(data []byte) ([]byte, error) {
	if sha256.Sum256(data) != f.Hash {
		return nil, fmt.Errorf("the file changed while the site was building; build again")
	}
	src := normalize(data)
	if f.BodyOffset > len(src) {
		return nil, fmt.Errorf("the file changed while the site was building; build again")
	}
	return src[f.BodyOffset:], nil
}
