package build

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"
	"unsafe"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
)

// The bodies record is most of what a warm start reads (the HTML and the
// text of every body), and it is read while the first pages are wanted:
// rather than encoding/gob, it is a plain sequence of unsigned varints
// and length-prefixed strings, and reading it makes every string a slice
// of the file's bytes as read, so that it costs little more than reading
// the file. Like the other records it starts with warmVersion and its key
// and ends with the SHA-256 of what comes before.

var errRecord = errors.New("not a record of this site and program")

// recWriter writes a record to out a buffer at a time, with its
// checksum: the record is as large as every body of the site, and is
// written while serve runs.
type recWriter struct {
	b    []byte
	out  io.Writer
	h    hash.Hash
	err  error
	f    *os.File // the temporary file, renamed to file when closed
	file string
}

func (w *recWriter) flush() {
	w.h.Write(w.b)
	if w.err == nil {
		_, w.err = w.out.Write(w.b)
	}
	w.b = w.b[:0]
}

func (w *recWriter) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *recWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
	if len(w.b) >= 1<<20 {
		w.flush()
	}
}
func (w *recWriter) sum(h [32]byte) { w.b = append(w.b, h[:]...) }
func (w *recWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

type recReader struct {
	s   string // the record as one string, which every string read slices
	off int
	err error
}

func (r *recReader) fail() {
	if r.err == nil {
		r.err = errRecord
	}
	r.off = len(r.s)
}

func (r *recReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if r.off >= len(r.s) || shift > 63 {
			r.fail()
			return 0
		}
		c := r.s[r.off]
		r.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

// count reads a number of items each at least min bytes long, refusing
// one the rest of the record cannot hold.
func (r *recReader) count(min int) int {
	n := r.uint()
	if n > uint64(len(r.s)-r.off)/uint64(max(min, 1)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *recReader) str() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

func (r *recReader) sum() (h [32]byte) {
	if r.err != nil || len(r.s)-r.off < 32 {
		r.fail()
		return h
	}
	copy(h[:], r.s[r.off:])
	r.off += 32
	return h
}

func (r *recReader) bool() bool {
	switch r.uint() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail()
	return false
}

// createRecord starts writing a record to file, through a temporary
// file that close renames: its format and key first.
func createRecord(file string, key [32]byte) (*recWriter, error) {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".tmp-*")
	if err != nil {
		return nil, err
	}
	w := &recWriter{b: make([]byte, 0, 2<<20), out: f, h: sha256.New(), f: f, file: file}
	w.str(warmVersion)
	w.sum(key)
	return w, nil
}

// close ends the record with its checksum and puts it in place.
func (w *recWriter) close() error {
	f := w.f
	w.flush()
	if w.err == nil {
		_, w.err = f.Write(w.h.Sum(nil))
	}
	if err := f.Close(); w.err == nil {
		w.err = err
	}
	if w.err == nil {
		w.err = os.Rename(f.Name(), w.file)
	}
	if w.err != nil {
		os.Remove(f.Name())
		return w.err
	}
	// A serve stopped while writing leaves its temporary file: those old
	// enough to be no one's are removed, as writeAtomic does.
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(w.file), filepath.Base(w.file)+".tmp-*"))
	for _, o := range old {
		if fi, err := os.Stat(o); err == nil && time.Since(fi.ModTime()) > 10*time.Minute {
			os.Remove(o)
		}
	}
	return nil
}

// openRecord reads the record in file when it is whole and of key, and
// returns a reader past its key; nil otherwise.
func openRecord(file string, key [32]byte) *recReader {
	data, err := os.ReadFile(file)
	n := len(data) - sha256.Size
	if err != nil || n <= 0 || sha256.Sum256(data[:n]) != [sha256.Size]byte(data[n:]) {
		return nil
	}
	// The bytes are not written again: the strings can share them rather
	// than a copy, which would double the record in memory while it is read.
	r := &recReader{s: unsafe.String(&data[0], n)}
	if r.str() != warmVersion || r.sum() != key {
		return nil
	}
	return r
}

// writeBodies writes the bodies record, through a temporary file.
func writeBodies(file string, key [32]byte, sb *render.SavedBodies) error {
	w, err := createRecord(file, key)
	if err != nil {
		return err
	}
	w.bool(sb.Setting.UnsafeHTML)
	w.bool(sb.Setting.Minified)
	w.str(sb.Setting.Base)
	w.sum(sb.Setting.Inputs)
	w.uint(uint64(len(sb.Bodies)))
	for _, b := range sb.Bodies {
		w.str(b.Path)
		w.sum(b.Hash)
		w.str(b.URL)
		w.str(b.Lang)
		w.str(b.HTML)
		w.bool(b.Embeds)
		writeTOC(w, b.TOC)
		w.uint(uint64(len(b.Errs)))
		for _, e := range b.Errs {
			w.str(e.Pos.File)
			w.uint(uint64(e.Pos.Line))
			w.uint(uint64(e.Pos.Col))
			w.uint(uint64(e.Severity))
			w.str(e.Msg)
		}
		w.uint(uint64(len(b.Asked)))
		for _, q := range b.Asked {
			w.bool(q.Resolve)
			w.str(q.Dest)
			w.str(q.Answer)
			w.bool(q.OK)
		}
	}
	w.uint(uint64(len(sb.Texts)))
	for _, t := range sb.Texts {
		w.sum(t.Hash)
		w.str(t.Lang)
		w.str(t.Text)
	}
	return w.close()
}

func writeTOC(w *recWriter, toc []render.TOCEntry) {
	w.uint(uint64(len(toc)))
	for _, e := range toc {
		w.str(e.ID)
		w.str(e.Text)
		writeTOC(w, e.Children)
	}
}

// readBodies reads the bodies record, nil when it is not whole or not
// one of this key.
func readBodies(file string, key [32]byte) *render.SavedBodies {
	r := openRecord(file, key)
	if r == nil {
		return nil
	}
	sb := &render.SavedBodies{}
	sb.Setting.UnsafeHTML = r.bool()
	sb.Setting.Minified = r.bool()
	sb.Setting.Base = r.str()
	sb.Setting.Inputs = r.sum()
	sb.Bodies = make([]render.SavedBody, r.count(40))
	for i := range sb.Bodies {
		b := &sb.Bodies[i]
		b.Path = r.str()
		b.Hash = r.sum()
		b.URL = r.str()
		b.Lang = r.str()
		b.HTML = r.str()
		b.Embeds = r.bool()
		b.TOC = readTOC(r, 0)
		if n := r.count(5); n > 0 {
			b.Errs = make(diag.List, n)
			for j := range b.Errs {
				e := &b.Errs[j]
				e.Pos.File = r.str()
				e.Pos.Line = int(r.uint())
				e.Pos.Col = int(r.uint())
				e.Severity = diag.Severity(r.uint())
				e.Msg = r.str()
			}
		}
		if n := r.count(4); n > 0 {
			b.Asked = make([]render.SavedQuestion, n)
			for j := range b.Asked {
				q := &b.Asked[j]
				q.Resolve = r.bool()
				q.Dest = r.str()
				q.Answer = r.str()
				q.OK = r.bool()
			}
		}
	}
	sb.Texts = make([]render.SavedText, r.count(34))
	for i := range sb.Texts {
		t := &sb.Texts[i]
		t.Hash = r.sum()
		t.Lang = r.str()
		t.Text = r.str()
	}
	if r.err != nil || r.off != len(r.s) {
		return nil
	}
	return sb
}

// readTOC reads a table of contents; headings nest a few levels at most.
func readTOC(r *recReader, depth int) []render.TOCEntry {
	n := r.count(3)
	if n == 0 || depth > 8 {
		if n > 0 {
			r.fail()
		}
		return nil
	}
	toc := make([]render.TOCEntry, n)
	for i := range toc {
		toc[i].ID = r.str()
		toc[i].Text = r.str()
		toc[i].Children = readTOC(r, depth+1)
	}
	return toc
}
