package build

// A serve that starts again on a site it served before should not do all
// of that work again: reading and parsing every content file, working out
// related pages, converting every body. A Session with Warm set keeps two
// records in the site's CacheDir, beside the build cache:
//
//   - content.parse: the parse of every content file read without a
//     problem, by path and the hash of its bytes, with the file's state
//     (size, modification and change times, inode) when it was read, and
//     the related pages (site.RelatedCache, which is used only for the
//     same groups and tags);
//   - bodies: the converted bodies and their search texts (render.SavedBodies),
//     taken back only for a file of the same bytes and then reused under
//     render.Bodies' rules, as a body kept from the last rebuild is.
//
// A file whose state is the one recorded is not even read, as Git trusts
// its index: its change time cannot be set back by any program, and a
// state is recorded only for a file changed more than a second before it
// was read, so that a write in the same tick of a coarse clock as the
// read, which its times would not show, cannot go unseen (Git's "racy
// clean" rule, as the build cache applies it). Any other file is read and
// its parse taken only for the same bytes.
//
// Each record (bodyrecord.go, parserecord.go) ends with the SHA-256 of
// the rest, and starts with its key: the record format, a hash of the
// running program and the site's folder; the parse record then names the
// content options. A record that is torn, edited, or of another program,
// site or options is not used: the start is then a cold one. Nothing in a
// record is trusted beyond what a Session would keep in memory from one
// rebuild to the next.

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
)

// warmVersion names the format of both records.
const warmVersion = "puente warm start 1"

// The records' files in CacheDir.
const (
	ParseRecord  = "content.parse"
	BodiesRecord = "bodies"
)

// WarmStats says what a Session took from its records (tests, serve's log).
type WarmStats struct {
	// Parsed is how many content files were not parsed again, Unread how
	// many of them were not even read (their state was the recorded one);
	// Bodies how many converted bodies were put back.
	Parsed, Unread, Bodies int
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

	// read is the state of each content file when the last full load
	// read it, with the hash of what it read, and readFrom the time that
	// load began: what the parse record may say of each file.
	read     map[string]readState
	readFrom time.Time

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
	go func() { w.parse <- readParse(filepath.Join(w.dir, ParseRecord), w.key) }()
	return w
}

// takeParse returns the parse record once read when it was made with
// copts, else nil; later calls return nil.
func (w *warmState) takeParse(copts content.Options) *parseRecord {
	r := <-w.parse
	w.parse <- nil
	if r == nil || r.Options != optionsKey(copts) || len(r.Stats) != len(r.Files) {
		return nil
	}
	return r
}

// optionsKey names content options in a record: every field but the
// hooks, so that an option added later cannot be forgotten.
func optionsKey(o content.Options) string {
	o.Parsed, o.Known = nil, nil
	return fmt.Sprintf("%#v", o)
}

// fileStat is what changes when a file's bytes do: its size, its
// modification and change times (in nanoseconds) and its inode. The zero
// fileStat is never trusted: it is what a system without change times
// gives.
type fileStat struct {
	size, mtime, ctime int64
	ino                uint64
}

func fileStatOf(fi fs.FileInfo) fileStat {
	ct := changeTime(fi)
	if ct.IsZero() {
		return fileStat{}
	}
	return fileStat{fi.Size(), fi.ModTime().UnixNano(), ct.UnixNano(), inode(fi)}
}

// inode returns the inode number of fi, or 0 where the system has none.
func inode(fi fs.FileInfo) uint64 {
	v := reflect.Indirect(reflect.ValueOf(fi.Sys()))
	if v.Kind() != reflect.Struct {
		return 0
	}
	if f := v.FieldByName("Ino"); f.CanUint() {
		return f.Uint()
	}
	return 0
}

// racyWindow is how long before a load a file must have last changed for
// its state to be recorded: longer than any file system's clock tick.
var racyWindow = time.Second

// trusted reports whether a file in state st, read by a load that began
// at from, may be taken by its state alone next time: it was last changed
// more than racyWindow before.
func (st fileStat) trusted(from time.Time) bool {
	limit := from.Add(-racyWindow).UnixNano()
	return st.ctime != 0 && st.ctime < limit && st.mtime < limit
}

// readState is a file's state before a load read it, and the hash of
// what it read.
type readState struct {
	stat fileStat
	hash [32]byte
}

// warmLoad loads every content file as reload does, through the parse
// record when there is one, and takes the record's related pages. A file
// in the state the record says is not read; another is read while the
// record is decoded, and only its parse waits for it. It notes every
// file's state for the next record.
func (s *Session) warmLoad(copts content.Options) ([]*content.File, diag.List) {
	if s.warm == nil {
		return content.Load(s.fsys, copts)
	}
	var (
		once   sync.Once
		r      *parseRecord
		byPath map[string]int
		mu     sync.Mutex
		stats  = map[string]fileStat{}
	)
	take := func() {
		r = s.warm.takeParse(copts)
		if r == nil {
			return
		}
		byPath = make(map[string]int, len(r.Files))
		for i := range r.Files {
			byPath[r.Files[i].Path] = i
		}
	}
	begun := time.Now()
	copts.Known = func(p string, info fs.FileInfo) *content.File {
		st := fileStatOf(info)
		once.Do(take)
		mu.Lock()
		defer mu.Unlock()
		stats[p] = st
		i, ok := byPath[p]
		if !ok || st == (fileStat{}) || r.Stats[i] != st {
			return nil
		}
		s.warm.stats.Parsed++
		s.warm.stats.Unread++
		return &r.Files[i]
	}
	copts.Parsed = func(p string, data []byte) *content.File {
		once.Do(take)
		i, ok := byPath[p]
		if !ok || r.Files[i].Hash != sha256.Sum256(data) {
			return nil
		}
		mu.Lock()
		s.warm.stats.Parsed++
		mu.Unlock()
		return &r.Files[i]
	}
	files, errs := content.Load(s.fsys, copts)
	once.Do(take)
	if r != nil {
		s.related = r.Related
		s.warm.stats.Related = true
	}
	read := make(map[string]readState, len(files))
	for _, f := range files {
		if st, ok := stats[f.Path]; ok {
			read[f.Path] = readState{st, f.Hash}
		}
	}
	s.warm.read, s.warm.readFrom = read, begun
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
	// A record that gave this rebuild every file by its state, or every
	// body, is this rebuild's already; the bodies record is most of what
	// is written.
	st := s.warm.stats
	parses := st.Unread != len(s.files) || len(s.fileErrs) > 0 || !st.Related
	bodies := st.Bodies != s.bodies.Len()
	if parses || bodies {
		s.startSave(parses, bodies)
	}
}

// startSave takes what the records keep now and writes them in the
// background, the parse record and the bodies record as asked; warm.mu is
// held.
func (s *Session) startSave(parses, bodies bool) {
	w := s.warm
	var pr *parseRecord
	if parses {
		pr = &parseRecord{Options: optionsKey(s.contentOptions()), Related: s.related, Files: make([]content.File, 0, len(s.files))}
		for _, p := range sortedKeys(s.files) {
			f := s.files[p]
			if len(s.fileErrs[p]) > 0 || !keepsParse(f) {
				continue
			}
			var st fileStat
			if rs, ok := w.read[p]; ok && rs.hash == f.Hash && rs.stat.trusted(w.readFrom) {
				st = rs.stat
			}
			pr.Files = append(pr.Files, *f)
			pr.Stats = append(pr.Stats, st)
		}
	}
	var br *render.SavedBodies
	if bodies {
		br = render.SaveBodies(s.bodies, s.texts)
	}
	w.dirty = false
	w.saving.Add(1)
	go func() {
		defer w.saving.Done()
		if pr != nil {
			writeParse(filepath.Join(w.dir, ParseRecord), w.key, pr)
		}
		if br != nil {
			writeBodies(filepath.Join(w.dir, BodiesRecord), w.key, br)
		}
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
		s.startSave(true, true)
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
// its times are UTC (the record keeps instants, not zones) and it holds
// no body.
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
