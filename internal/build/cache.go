package build

// The build cache lets a second `puente build` with nothing changed finish
// in a fraction of a full build's time. Output is deterministic, so when
// every input is the same as at the last successful build and the
// published folder is exactly as that build left it, there is nothing to
// do. The cache never changes output: anything it cannot prove the same is
// a full build.
//
// It lives in a hidden folder beside the destination,
// <parent of dest>/.puente-cache/<base of dest>.build, and holds one
// record (encoding/gob, followed by the SHA-256 of the encoding so that a
// torn or edited record reads as a miss): the key of the inputs, the
// window of build times that give the same pages, the digest of the
// published folder, the summary counts and the warnings.

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/puente-ssg/puente/internal/cms"
	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/sitefs"
)

// CacheDir is the hidden folder beside the destination that holds the
// build cache.
const CacheDir = ".puente-cache"

// cacheVersion names the record format; a record of another version is a
// miss.
const cacheVersion = "puente build cache 8"

// record is what the cache keeps of the last successful build.
type record struct {
	Version     string
	Key         [32]byte  // see inputKey
	From, Until time.Time // the build times that give the same pages; zero is open
	Tree        [32]byte  // see treeSum
	RacyFrom    time.Time // see invalidate
	Summary     Summary
	Warnings    diag.List
}

// buildCache is the cache of one build: its key and where its record goes.
type buildCache struct {
	file     string
	opts     Options
	key      [32]byte
	off      bool // when the key could not be worked out
	racyFrom time.Time
	written  *hashingOutput
	// inputs is what the key's computation read, so that store reads
	// again only the inputs that may have changed since.
	inputs *inputSums
	// unsettled is the listing whose key settle finishes.
	unsettled *inputList
}

// openCache works out the key of a build before anything is loaded; store
// works it out again after the swap and records nothing if an input
// changed in between. When an input cannot be read the cache is off for
// this build (the build reports the problem itself if it matters), and the
// build only removes the record before its swap.
//
// With no record to look up, the key is needed only by store: the content
// files are then listed but not read, and settle takes their hashes from
// the build's own reading of them, which would otherwise be a second read
// of the whole site.
func openCache(opts Options, dest string) *buildCache {
	c := &buildCache{file: recordFile(dest), opts: opts, inputs: &inputSums{}}
	var later func(string) bool
	if _, err := os.Stat(c.file); err != nil || opts.NoCache {
		later = func(p string) bool { return strings.HasPrefix(p, content.Dir+"/") }
	}
	l, err := listInputs(opts, dest, c.inputs, later)
	if err == nil && later != nil {
		c.unsettled = l
		return c
	}
	if err == nil {
		c.key, err = l.key(c.inputs, nil)
	}
	c.off = err != nil
	return c
}

// settle finishes a key left for later with the hashes of the content
// files the build read.
func (c *buildCache) settle(files []*content.File) {
	l := c.unsettled
	if l == nil || c.off {
		return
	}
	c.unsettled = nil
	read := make(map[string][32]byte, len(files))
	for _, f := range files {
		read[f.Path] = f.Hash
	}
	key, err := l.key(c.inputs, func(p string) ([32]byte, bool) {
		sum, ok := read[p]
		return sum, ok
	})
	c.key, c.off = key, err != nil
}

// recordFile is where the record of the last build into dest is kept.
func recordFile(dest string) string {
	return filepath.Join(filepath.Dir(dest), CacheDir, filepath.Base(dest)+".build")
}

// lookup returns the summary of the last build when it is still the
// output of this one: same key, a build time in the same window, and the
// published folder untouched since. The warnings are that build's, so that
// they show again.
func (c *buildCache) lookup(dest string) (Summary, diag.List, bool) {
	if c.off || c.unsettled != nil {
		return Summary{}, nil, false
	}
	r := readRecord(c.file)
	if r == nil || r.Key != c.key || !r.From.IsZero() && c.opts.Now.Before(r.From) ||
		!r.Until.IsZero() && !c.opts.Now.Before(r.Until) || !r.describes(dest) {
		return Summary{}, nil, false
	}
	r.Summary.Cached, r.Summary.Dest = true, dest
	return r.Summary, r.Warnings, true
}

// output wraps the staging output so that the cache learns the size and
// checksum of every file written.
func (c *buildCache) output(out Output) Output {
	if c.off {
		return out
	}
	c.written = &hashingOutput{out: out, files: map[string]writtenFile{}}
	return c.written
}

// invalidate replaces the record with one that never matches, before the
// swap, so that a build that fails from here on leaves nothing to trust.
// The new record's modification time is the file system's clock after the
// last output was written: a published file modified at or after it may
// have been changed in the same clock tick as its build wrote it, so the
// digest of the folder covers such files' content (Git's "racy clean"
// problem).
func (c *buildCache) invalidate() error {
	if c.off {
		if err := os.Remove(c.file); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	fi, err := writeAtomic(c.file, []byte(cacheVersion+"\nbuilding\n"))
	if err != nil {
		os.Remove(c.file)
		return err
	}
	c.racyFrom = fi.ModTime()
	return nil
}

// store records a successful build whose output is now at dest.
func (c *buildCache) store(dest string, sum Summary, files []*content.File, warnings diag.List) error {
	if c.off || c.unsettled != nil || c.racyFrom.IsZero() || c.written == nil {
		return nil
	}
	r := &record{Version: cacheVersion, Key: c.key, RacyFrom: c.racyFrom, Summary: sum, Warnings: warnings}
	r.From, r.Until = nowWindow(files, c.opts.Now)
	// Every file of the folder must be one this build wrote, with the size
	// it wrote; a racy one counts by what was written, not what is there.
	w := c.written
	// The inputs are listed again while the folder is: both mostly wait on
	// the file system, each between its rounds of work on every core.
	type keyed struct {
		key [32]byte
		err error
	}
	inputs := make(chan keyed, 1)
	go func() {
		key, err := inputKey(c.opts, dest, c.inputs)
		inputs <- keyed{key, err}
	}()
	var seen atomic.Int64
	tree, err := treeSum(dest, c.racyFrom, func(rel string, fi fs.FileInfo, _ bool) (uint32, error) {
		f, ok := w.files[rel]
		if !ok || f.size != fi.Size() {
			return 0, fmt.Errorf("%s: not written by this build", rel)
		}
		seen.Add(1)
		return f.sum, nil
	})
	if in := <-inputs; err != nil || in.err != nil || in.key != c.key || w.twice || int(seen.Load()) != len(w.files) {
		// Something besides this build changed the folder, or an input
		// changed while the site built: the next build is a full one.
		os.Remove(c.file)
		return nil
	}
	r.Tree = tree
	if err := r.write(c.file); err != nil {
		os.Remove(c.file)
		return err
	}
	return nil
}

// write writes the record to file, followed by the SHA-256 of its encoding.
func (r *record) write(file string) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(r); err != nil {
		return err
	}
	sum := sha256.Sum256(b.Bytes())
	_, err := writeAtomic(file, append(b.Bytes(), sum[:]...))
	return err
}

// readRecord reads what store wrote, or returns nil.
func readRecord(file string) *record {
	data, err := os.ReadFile(file)
	n := len(data) - sha256.Size
	if err != nil || n < 0 || sha256.Sum256(data[:n]) != [sha256.Size]byte(data[n:]) {
		return nil
	}
	r := &record{}
	if gob.NewDecoder(bytes.NewReader(data[:n])).Decode(r) != nil || r.Version != cacheVersion {
		return nil
	}
	return r
}

// describes reports whether dest is, entry for entry, the folder the record
// describes.
func (r *record) describes(dest string) bool {
	tree, err := treeSum(dest, r.RacyFrom, readSum(dest))
	return err == nil && tree == r.Tree
}

// readSum gives treeSum the checksum of a file as it is now.
func readSum(dest string) func(string, fs.FileInfo, bool) (uint32, error) {
	return func(rel string, _ fs.FileInfo, racy bool) (uint32, error) {
		if !racy {
			return 0, nil
		}
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
		return outputSum(data), err
	}
}

// treeSum is the SHA-256 of the published folder: the name, mode, size,
// modification and change times of every entry (the change time, where the
// system has one, because no program can set it back), and the checksum
// sumOf gives of every file modified at or after racyFrom. sumOf is called
// for every regular file, on every core.
func treeSum(dest string, racyFrom time.Time, sumOf func(rel string, fi fs.FileInfo, racy bool) (uint32, error)) ([32]byte, error) {
	h := sha256.New()
	entries, err := listTree(dest)
	if err != nil {
		return [32]byte(h.Sum(nil)), err
	}
	lines := make([]string, len(entries))
	errs := make([]error, len(entries))
	parallel.For(len(entries), func(i int) {
		rel, fi := entries[i].rel, entries[i].fi
		mtime, ctime := fi.ModTime(), changeTime(fi)
		var sum uint32
		if fi.Mode().IsRegular() {
			racy := !mtime.Before(racyFrom) || !ctime.Before(racyFrom)
			s, err := sumOf(rel, fi, racy)
			if err != nil {
				errs[i] = err
				return
			}
			if racy {
				sum = s
			}
		}
		lines[i] = fmt.Sprintf("%q %s %d %d %d %d\n", rel, fi.Mode(), fi.Size(), mtime.UnixNano(), ctime.UnixNano(), sum)
	})
	for i, line := range lines {
		if errs[i] != nil {
			return [32]byte(h.Sum(nil)), errs[i]
		}
		io.WriteString(h, line)
	}
	return [32]byte(h.Sum(nil)), nil
}

// exeHash is the hash of the running program, worked out once per process:
// the version string alone stays the same across `go run` of an edited
// tree. On Linux /proc/self/exe is the running program even when its file
// has been replaced since it started (a `go build -o` over it).
var exeHash = sync.OnceValues(func() ([32]byte, error) {
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		exe, err := os.Executable()
		if err != nil {
			return [32]byte{}, err
		}
		if f, err = os.Open(exe); err != nil {
			return [32]byte{}, err
		}
	}
	defer f.Close()
	h := sha256.New()
	_, err = io.Copy(h, f)
	return [32]byte(h.Sum(nil)), err
})

// inputKey is the SHA-256 of the program, the options, the day, the Git
// dates and every input: every file under site.yaml, content/, layouts/
// and assets/, and the installed editor's package.json (its script is
// published at /admin/), also those the loaders skip (a superset is safe).
// Like the loaders it follows a symbolic link at the top (content/ may be
// one) but not below; a link below counts by its target's name.
func inputKey(opts Options, dest string, sums *inputSums) ([32]byte, error) {
	l, err := listInputs(opts, dest, sums, nil)
	if err != nil {
		return [32]byte{}, err
	}
	return l.key(sums, nil)
}

// inputList is the inputs of a build listed for its key: every file with
// its state before it was read and, unless left for later, its hash.
type inputList struct {
	src     string
	head    string // the key's first lines: program, options, folders
	entries []inputEntry
	files   []int // the entries that are files
	started time.Time
}

type inputEntry struct {
	line  string // the key's line, or "" for a file
	path  string
	d     fs.DirEntry
	stat  inputStat
	sum   [32]byte
	later bool // hashed by key, not yet
	err   error
}

// listInputs lists the inputs and hashes every file, except those later
// names that are not unchanged in sums: a build reads those anyway, and
// key takes their hashes from it.
func listInputs(opts Options, dest string, sums *inputSums, later func(path string) bool) (*inputList, error) {
	exe, err := exeHash()
	if err != nil {
		return nil, err
	}
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, err
	}
	// Every load option is part of the key, by its encoding: an option
	// added later cannot be forgotten. The time counts by its day:
	// upcoming and past events move with it, and the record's window
	// narrows it to the times that really give the same pages.
	lo := opts.LoadOptions
	lo.Now = lo.Now.UTC().Truncate(24 * time.Hour)
	lo.DropBodies = false // how, not what
	lo.Images = nil       // where variants are kept, not what they are
	o, err := json.Marshal(lo)
	if err != nil {
		return nil, err
	}
	fsys, err := sitefs.Open(src)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	// The tree is listed first and the files looked at and hashed after,
	// on every core; the key then reads them in the listing's order.
	l := &inputList{src: src, head: fmt.Sprintf("%s\nexe %x\nsource %q\ndest %q\n%s\n", cacheVersion, exe, src, dest, o), started: time.Now()}
	for _, top := range []string{config.File, content.Dir, render.Dir, AssetsDir, cms.ScriptPackage} {
		err := fs.WalkDir(fsys, top, func(p string, d fs.DirEntry, err error) error {
			switch {
			case p == top && errors.Is(err, fs.ErrNotExist):
				l.entries = append(l.entries, inputEntry{line: fmt.Sprintf("absent %q\n", p)})
			case err != nil:
				return err
			case d.Type().IsRegular():
				l.files = append(l.files, len(l.entries))
				l.entries = append(l.entries, inputEntry{path: p, d: d})
			case d.Type()&fs.ModeSymlink != 0:
				target, err := os.Readlink(filepath.Join(src, filepath.FromSlash(p)))
				l.entries = append(l.entries, inputEntry{line: fmt.Sprintf("l %q %q\n", p, target)})
				return err
			default:
				l.entries = append(l.entries, inputEntry{line: fmt.Sprintf("%s %q\n", d.Type(), p)})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	parallel.For(len(l.files), func(i int) {
		e := &l.entries[l.files[i]]
		// Its state before it is read: a change during the read shows at
		// the next look.
		fi, err := e.d.Info()
		if err != nil {
			e.err = err
			return
		}
		e.stat = statOf(fi)
		if sum, ok := sums.unchanged(e.path, e.stat); ok {
			e.sum = sum
			return
		}
		if later != nil && later(e.path) {
			e.later = true
			return
		}
		e.sum, e.err = hashInput(fsys, e.path)
	})
	return l, nil
}

// hashInput is the SHA-256 of a file of the site.
func hashInput(fsys *sitefs.FS, name string) ([32]byte, error) {
	loan, err := sitefs.Borrow(fsys, name)
	if err != nil {
		return [32]byte{}, err
	}
	defer loan.Return()
	return sha256.Sum256(loan.Data), nil
}

// key is the key of the listed inputs, and notes their hashes in sums. A
// file left for later takes its hash from read, the hash of the bytes a
// build read after the listing looked at the file, or is read now. Either
// is a hash of the file as it was at the listing or later: a change after
// that shows when store lists the inputs again.
func (l *inputList) key(sums *inputSums, read func(path string) ([32]byte, bool)) ([32]byte, error) {
	var fsys *sitefs.FS
	for _, i := range l.files {
		e := &l.entries[i]
		if !e.later || e.err != nil {
			continue
		}
		if read != nil {
			if sum, ok := read(e.path); ok {
				e.sum = sum
				continue
			}
		}
		if fsys == nil {
			var err error
			if fsys, err = sitefs.Open(l.src); err != nil {
				return [32]byte{}, err
			}
			defer fsys.Close()
		}
		e.sum, e.err = hashInput(fsys, e.path)
	}
	h := sha256.New()
	io.WriteString(h, l.head)
	seen := make(map[string]inputSum, len(l.files))
	for _, e := range l.entries {
		if e.line != "" {
			io.WriteString(h, e.line)
			continue
		}
		if e.err != nil {
			return [32]byte{}, e.err
		}
		fmt.Fprintf(h, "f %q %x\n", e.path, e.sum)
		seen[e.path] = inputSum{e.stat, e.sum}
	}
	sums.files, sums.before = seen, l.started
	return [32]byte(h.Sum(nil)), nil
}

// inputSums is what one computation of the key read: each file's state
// and hash, and when that computation began.
type inputSums struct {
	files  map[string]inputSum
	before time.Time
}

type inputSum struct {
	stat inputStat
	sum  [32]byte
}

// inputStat is what changes when a file's bytes do: its size and its
// modification and change times (the change time because no program can
// set it back).
type inputStat struct {
	size         int64
	mtime, ctime time.Time
}

func statOf(fi fs.FileInfo) inputStat {
	return inputStat{fi.Size(), fi.ModTime(), changeTime(fi)}
}

// unchanged returns the hash read last time of a file in the same state,
// unless it was changed within a second before that read began: a write
// in the same tick of a coarse clock as the read would not show in its
// times (Git's "racy clean" problem), and where the system has no change
// time the file is always read.
func (s *inputSums) unchanged(p string, st inputStat) ([32]byte, bool) {
	if s == nil || s.files == nil {
		return [32]byte{}, false
	}
	prev, ok := s.files[p]
	if !ok || prev.stat.size != st.size || !prev.stat.mtime.Equal(st.mtime) || !prev.stat.ctime.Equal(st.ctime) ||
		st.ctime.IsZero() || !st.ctime.Before(s.before.Add(-time.Second)) || !st.mtime.Before(s.before.Add(-time.Second)) {
		return [32]byte{}, false
	}
	return prev.sum, true
}

// nowWindow returns the times [from, until) around now at which the site
// model is the same as at now. The model looks at the build's time in two
// places only (see internal/site): a page is in the future while now is
// before its date, and an event is past once now is after its end (start
// when it has none) plus a day. Both are worked out for every file, a
// superset of what the model compares. A zero bound is open.
func nowWindow(files []*content.File, now time.Time) (from, until time.Time) {
	consider := func(t time.Time) {
		if !t.After(now) {
			if from.IsZero() || t.After(from) {
				from = t
			}
		} else if until.IsZero() || t.Before(until) {
			until = t
		}
	}
	for _, f := range files {
		fm := f.Front
		if !fm.Date.IsZero() {
			consider(fm.Date)
		}
		end := fm.End
		if end.IsZero() {
			end = fm.Start
		}
		// Past means end+24h is before now: it flips just after that instant.
		consider(end.Add(24*time.Hour + time.Nanosecond))
	}
	return from, until
}

// hashingOutput passes files on to out and remembers each one's size and
// checksum.
type hashingOutput struct {
	out   Output
	mu    sync.Mutex
	files map[string]writtenFile
	twice bool
}

type writtenFile struct {
	size int64
	sum  uint32
}

func (o *hashingOutput) WriteFile(name string, data []byte) error {
	sum := outputSum(data)
	if err := o.out.WriteFile(name, data); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.files[name]; ok {
		o.twice = true
	}
	o.files[name] = writtenFile{size: int64(len(data)), sum: sum}
	return nil
}

// outputSum is the checksum kept of published files. It only backs up the
// change time for an edit in the same clock tick as the build's own write,
// so a CRC, much cheaper than SHA-256, is enough.
func outputSum(data []byte) uint32 { return crc32.Checksum(data, castagnoli) }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// changeTime returns the inode change time of fi, or the zero time where
// the system has none. It reads the field by name so that one file serves
// every system: Linux calls it Ctim, the BSDs and macOS Ctimespec.
func changeTime(fi fs.FileInfo) time.Time {
	v := reflect.Indirect(reflect.ValueOf(fi.Sys()))
	if v.Kind() != reflect.Struct {
		return time.Time{}
	}
	for _, name := range []string{"Ctim", "Ctimespec"} {
		if f := v.FieldByName(name); f.Kind() == reflect.Struct {
			sec, nsec := f.FieldByName("Sec"), f.FieldByName("Nsec")
			if sec.CanInt() && nsec.CanInt() {
				return time.Unix(sec.Int(), nsec.Int())
			}
		}
	}
	return time.Time{}
}

// writeAtomic writes data to name through a temporary file and a rename,
// so that a reader sees the old record or the new one, never part of one.
// It returns the new file's information, and removes temporary files older
// than ten minutes: those of a build killed while writing, not one another
// build into the same folder is writing right now.
func writeAtomic(name string, data []byte) (fs.FileInfo, error) {
	dir, prefix := filepath.Dir(name), filepath.Base(name)+".tmp-"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return nil, err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var fi fs.FileInfo
	if err == nil {
		fi, err = os.Stat(f.Name())
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if old, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), prefix) && time.Since(old.ModTime()) > 10*time.Minute {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return fi, nil
}
