package build

// A serve that starts again on a site it served before should not do all
// of that work again: reading and parsing every content file, working out
// related pages, converting every body. A Session with Warm set keeps two
// records in the site's CacheDir, beside the build cache:
//
//   - content.parse: the parse of every content file read without a
//     problem, by path and the hash of its bytes, and the related pages
//     (site.RelatedCache, which is used only for the same groups and tags);
//   - bodies: the converted bodies and their search texts (render.SavedBodies),
//     taken back only for a file of the same bytes and then reused under
//     render.Bodies' rules, as a body kept from the last rebuild is.
//
// Each record is encoding/gob followed by the SHA-256 of the encoding, and
// starts with its key: the record format, a hash of the running program,
// the site's folder and, for parses, the content options. A record that is
// torn, edited, or of another program, site or options is not used: the
// start is then a cold one. Nothing in a record is trusted beyond what a
// Session would keep in memory from one rebuild to the next.

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// warmVersion names the format of both records.
const warmVersion = "puente warm start 1"

// The records' files in CacheDir.
const (
	ParseRecord  = "content.parse"
	BodiesRecord = "bodies"
)

// warmHeader starts each record.
type warmHeader struct {
	Version string
	Key     [32]byte
}

// parseRecord is the content of ParseRecord.
type parseRecord struct {
	Options content.Options
	Files   []content.File
	Related site.RelatedCache
}

// WarmStats says what a Session took from its records (tests, serve's log).
type WarmStats struct {
	// Parsed is how many content files were not parsed again; Bodies how
	// many converted bodies were put back.
	Parsed, Bodies int
	// Related is true when the related pages were taken from the record.
	Related bool
}

// warmState is a Session's records.
type warmState struct {
	dir string // the site's CacheDir
	key [32]byte

	parse      chan *parseRecord // read once, in the background
	bodies     chan *render.SavedBodies
	bodiesOnce sync.Once
	stats      WarmStats

	mu     sync.Mutex
	saving sync.WaitGroup
	saved  bool // a save was started since the last successful rebuild
	dirty  bool // a successful rebuild was not saved
}

// binaryHash is the hash of the running program: a record written by
// another build of puente is not read.
var binaryHash = sync.OnceValue(func() [32]byte {
	var h [32]byte
	exe, err := os.Executable()
	if err != nil {
		return h
	}
	f, err := os.Open(exe)
	if err != nil {
		return h
	}
	defer f.Close()
	d := sha256.New()
	if _, err := io.Copy(d, f); err != nil {
		return h
	}
	d.Sum(h[:0])
	return h
})

// newWarm starts reading the records of the site in dir (absolute) in the
// background. It returns nil when the program cannot be hashed: such a
// record could not tell one program's from another's.
func newWarm(dir string) *warmState {
	bin := binaryHash()
	if bin == ([32]byte{}) {
		return nil
	}
	k := sha256.New()
	fmt.Fprintf(k, "%s\x00%x\x00%s", warmVersion, bin, dir)
	w := &warmState{dir: filepath.Join(dir, CacheDir), parse: make(chan *parseRecord, 1), bodies: make(chan *render.SavedBodies, 1)}
	k.Sum(w.key[:0])
	go func() {
		r := &parseRecord{}
		if !readWarm(filepath.Join(w.dir, ParseRecord), w.key, r) {
			r = nil
		}
		w.parse <- r
	}()
	return w
}

// readWarm reads the record in file into v when it is whole and has key.
func readWarm(file string, key [32]byte, v any) bool {
	data, err := os.ReadFile(file)
	n := len(data) - sha256.Size
	if err != nil || n < 0 || sha256.Sum256(data[:n]) != [sha256.Size]byte(data[n:]) {
		return false
	}
	dec := gob.NewDecoder(bytes.NewReader(data[:n]))
	var h warmHeader
	if dec.Decode(&h) != nil || h.Version != warmVersion || h.Key != key {
		return false
	}
	return dec.Decode(v) == nil
}

// writeWarm writes v as the record in file, through a temporary file.
func writeWarm(file string, key [32]byte, v any) error {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(warmHeader{warmVersion, key}); err != nil {
		return err
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	_, err := writeAtomic(file, buf.Bytes())
	return err
}

// takeParse returns the parse record once read when it was made with
// copts, else nil; later calls return nil.
func (w *warmState) takeParse(copts content.Options) *parseRecord {
	r := <-w.parse
	w.parse <- nil
	if r == nil || !sameContentOptions(r.Options, copts) {
		return nil
	}
	return r
}

func sameContentOptions(a, b content.Options) bool {
	a.Parsed, b.Parsed = nil, nil
	return reflect.DeepEqual(a, b)
}

// warmLoad loads every content file as reload does, through the parse
// record when there is one, and takes the record's related pages. The
// files are read while the record is decoded: only a file's parse waits
// for it.
func (s *Session) warmLoad(copts content.Options) ([]*content.File, diag.List) {
	if s.warm == nil {
		return content.Load(s.fsys, copts)
	}
	var (
		once   sync.Once
		r      *parseRecord
		byPath map[string]*content.File
		mu     sync.Mutex
	)
	take := func() {
		r = s.warm.takeParse(copts)
		if r == nil {
			return
		}
		byPath = make(map[string]*content.File, len(r.Files))
		for i := range r.Files {
			byPath[r.Files[i].Path] = &r.Files[i]
		}
	}
	copts.Parsed = func(p string, data []byte) *content.File {
		once.Do(take)
		f := byPath[p]
		if f == nil || f.Hash != sha256.Sum256(data) {
			return nil
		}
		mu.Lock()
		s.warm.stats.Parsed++
		mu.Unlock()
		return f
	}
	files, errs := content.Load(s.fsys, copts)
	once.Do(take)
	if r != nil {
		s.related = r.Related
		s.warm.stats.Related = true
	}
	return files, errs
}

// readBodies starts reading the bodies record, once. It is read only
// when the model is built: on two cores, reading it sooner would slow
// down what the first page waits for.
func (w *warmState) readBodies() {
	w.bodiesOnce.Do(func() {
		go func() { w.bodies <- readBodies(filepath.Join(w.dir, BodiesRecord), w.key) }()
	})
}

// warmReady is the Ready hook of a rendering (ready, itself a hook or
// nil) followed by putting back the bodies of the record, once, before
// the rendering begins: the pages a Preview renders first do not wait
// for the record.
func (s *Session) warmReady(ready func(*Preview)) func(*Preview) {
	if s.warm == nil {
		return ready
	}
	return func(p *Preview) {
		s.warm.readBodies()
		if ready != nil {
			ready(p)
		}
		s.restoreBodies()
	}
}

// restoreBodies puts back the bodies of the record, once.
func (s *Session) restoreBodies() {
	r := <-s.warm.bodies
	s.warm.bodies <- nil
	if r == nil {
		return
	}
	s.warm.stats.Bodies = r.Restore(s.bodies, s.texts, func(p string) *content.File { return s.files[p] })
}

// saveWarm records a successful rebuild: the first in the background, so
// that a serve stopped any way at all still leaves records for its next
// start; later ones when the Session is closed.
func (s *Session) saveWarm() {
	if s.warm == nil {
		return
	}
	s.warm.mu.Lock()
	defer s.warm.mu.Unlock()
	if s.warm.saved {
		s.warm.dirty = true
		return
	}
	s.warm.saved = true
	st := s.warm.stats
	if st.Parsed == len(s.files) && len(s.fileErrs) == 0 && st.Related && st.Bodies == s.bodies.Len() {
		// Every file and body came from the records: they are this
		// rebuild's already.
		return
	}
	s.startSave()
}

// startSave takes what the records keep now and writes them in the
// background; warm.mu is held.
func (s *Session) startSave() {
	w := s.warm
	copts := s.contentOptions()
	copts.Parsed = nil
	pr := &parseRecord{Options: copts, Related: s.related, Files: make([]content.File, 0, len(s.files))}
	for _, p := range sortedKeys(s.files) {
		if f := s.files[p]; len(s.fileErrs[p]) == 0 && keepsParse(f) {
			pr.Files = append(pr.Files, *f)
		}
	}
	br := render.SaveBodies(s.bodies, s.texts)
	w.dirty = false
	w.saving.Add(1)
	go func() {
		defer w.saving.Done()
		writeWarm(filepath.Join(w.dir, ParseRecord), w.key, pr)
		writeBodies(filepath.Join(w.dir, BodiesRecord), w.key, br)
	}()
}

// Close waits for records being written and writes those of the last
// rebuild when they were not. A Session is not used after Close.
func (s *Session) Close() {
	if s.warm == nil {
		return
	}
	s.warm.mu.Lock()
	if s.warm.dirty {
		s.startSave()
	}
	s.warm.mu.Unlock()
	s.warm.saving.Wait()
}

// WarmStats says what the Session took from its records.
func (s *Session) WarmStats() WarmStats {
	if s.warm == nil {
		return WarmStats{}
	}
	return s.warm.stats
}

// keepsParse reports whether a parse reads back from a record as it is:
// its times are UTC (encoding/gob keeps an offset, not a zone).
func keepsParse(f *content.File) bool {
	for _, t := range []time.Time{f.Front.Date, f.Front.Lastmod, f.Front.Start, f.Front.End} {
		if !t.IsZero() && t.Location() != time.UTC {
			return false
		}
	}
	return f.Body == nil
}

// KeepWarm makes the Session start from the records of an earlier one on
// the site in dir, where there are any, and keep its own there. Call it
// before the first Rebuild.
func (s *Session) KeepWarm(dir string) {
	if abs, err := filepath.Abs(dir); err == nil && !s.loaded {
		s.warm = newWarm(abs)
	}
}
