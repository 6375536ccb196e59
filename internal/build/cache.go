package build

// The build cache lets a second `puente build` with nothing changed finish
// in a fraction of a full build's time. Output is
// deterministic, so when every input is the same as at the last successful
// build and the published folder is exactly as that build left it, there
// is nothing to do. The cache never changes output: anything it cannot
// prove the same is a full build.
//
// It lives in a hidden folder beside the destination,
// <parent of dest>/.puente-cache/<base of dest>.build, and holds one
// record: the key of the inputs, the window of build times that give the
// same pages, the summary counts, and every entry of the published folder
// with its size, mode, modification and change times.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strconv"
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
const cacheVersion = "puente build cache 7"

// buildCache is the cache of one build: its key and where its record goes.
type buildCache struct {
	file string    // the record
	key  [32]byte  // of every input, once keyed
	off  bool      // when the key could not be worked out
	now  time.Time // the build's time
	// The key is the hash of header and inputs. Content Markdown is hashed
	// when the key is needed (see finishKey): by lookup, which reads it, or
	// by store, which takes the hashes the loader made of what it read.
	header []byte
	src    string
	inputs *inputList
	keyed  bool
	// racyFrom is the file system's clock just before the swap; see
	// invalidate.
	racyFrom time.Time
	written  *hashingOutput
}

// openCache lists the inputs of a build and hashes all but content
// Markdown, before anything is loaded. When an input cannot be read the
// cache is off for this build (the build reports the problem itself if it
// matters), and the build only removes the record before its swap.
func openCache(opts Options, dest string) *buildCache {
	c := &buildCache{
		file: recordFile(dest),
		now:  opts.Now,
	}
	var err error
	if c.header, c.src, err = keyHeader(opts, dest); err == nil {
		if c.inputs, err = listInputs(c.src); err == nil {
			err = c.inputs.hash(c.src, func(i int) bool { return !c.inputs.contentMarkdown(i) })
		}
	}
	c.off = err != nil
	return c
}

// recordFile is where the record of the last build into dest is kept.
func recordFile(dest string) string {
	return filepath.Join(filepath.Dir(dest), CacheDir, filepath.Base(dest)+".build")
}

// finishKey hashes the content Markdown still unhashed, taking the hash
// the loader made of a file (known, by path) where there is one, and works
// out the key. Those hashes are of the bytes the build used: a file edited
// while the site builds makes the key of the version built, and the next
// build sees the edit.
func (c *buildCache) finishKey(known map[string][32]byte) error {
	if c.keyed {
		return nil
	}
	in := c.inputs
	for _, i := range in.files {
		if sum, ok := known[in.list[i].path]; ok && in.contentMarkdown(i) {
			in.sums[i], in.hashed[i] = sum, true
		}
	}
	if err := in.hash(c.src, func(i int) bool { return !in.hashed[i] }); err != nil {
		return err
	}
	h := sha256.New()
	h.Write(c.header)
	if err := in.write(h); err != nil {
		return err
	}
	copy(c.key[:], h.Sum(nil))
	c.keyed = true
	return nil
}

// lookup returns the summary of the last build when it is still the
// output of this one: same key, a build time in the same window, and the
// published folder untouched since.
// The warnings are that build's, so that they show again.
func (c *buildCache) lookup(dest string) (Summary, diag.List, bool) {
	if c.off {
		return Summary{}, nil, false
	}
	data, err := os.ReadFile(c.file)
	if err != nil {
		return Summary{}, nil, false
	}
	// The checks that read little go first: a build into a new folder,
	// or on another day, need not read every content file to miss.
	r, err := parseRecord(data)
	if err != nil || !r.covers(c.now) || !r.sameRoot(dest) {
		return Summary{}, nil, false
	}
	if err := c.finishKey(nil); err != nil {
		c.off = true
		return Summary{}, nil, false
	}
	if r.Key != c.key || !r.matches(dest) {
		return Summary{}, nil, false
	}
	return Summary{Cached: true, Pages: r.Pages, PerLang: r.PerLang, Files: r.Files, Bytes: r.Bytes, Dest: dest}, r.Warnings, true
}

// output wraps the staging output so that the cache learns the size and
// hash of every file written.
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
// next lookup checks such files by content (Git's "racy clean" problem).
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
	if c.off || c.racyFrom.IsZero() {
		return nil
	}
	known := make(map[string][32]byte, len(files))
	for _, f := range files {
		known[f.Path] = f.Hash
	}
	if err := c.finishKey(known); err != nil {
		os.Remove(c.file)
		return nil
	}
	r := &record{Key: c.key, Pages: sum.Pages, PerLang: sum.PerLang, Files: sum.Files, Bytes: sum.Bytes, Warnings: warnings}
	r.From, r.Until = nowWindow(files, c.now)
	entries, err := scanDest(dest, c.racyFrom, c.written)
	if err != nil {
		// Something besides this build changed the folder: the next build
		// is a full one.
		os.Remove(c.file)
		return nil
	}
	r.Entries = entries
	data, err := r.encode()
	if err == nil {
		_, err = writeAtomic(c.file, data)
	}
	if err != nil {
		os.Remove(c.file)
		return err
	}
	return nil
}

// exeHash is the hash of the running program, worked out once per process:
// the version string alone stays the same across `go run` of an edited
// tree.
var exeHash = sync.OnceValues(func() ([32]byte, error) {
	var sum [32]byte
	// On Linux /proc/self/exe is the running program even when its file
	// has been replaced since it started (a `go build -o` over it).
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		exe, err := os.Executable()
		if err != nil {
			return sum, err
		}
		if f, err = os.Open(exe); err != nil {
			return sum, err
		}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
})

// keyHeader is the start of the key's text: the program, the options, the
// day and the Git dates. The inputs follow it (inputList.write): every file
// under site.yaml, content/, layouts/ and assets/, and the installed
// editor's package.json (its script is published at /admin/) (all of them, also those
// the loaders skip: a superset is safe). It returns the site root too.
func keyHeader(opts Options, dest string) ([]byte, string, error) {
	exe, err := exeHash()
	if err != nil {
		return nil, "", err
	}
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, "", err
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
		return nil, "", err
	}
	var h bytes.Buffer
	fmt.Fprintf(&h, "%s\nexe %x\nsource %q\ndest %q\n%s\n", cacheVersion, exe, src, dest, o)
	return h.Bytes(), src, nil
}

// inputList is every input under a site root, listed in walk order, with
// the hash of each regular file's content once hashed.
type inputList struct {
	list   []input
	files  []int // indexes of regular files in list
	sums   [][32]byte
	hashed []bool
}

type input struct{ kind, path, extra string }

// listInputs lists every input under the site root src. Like the loaders
// it follows a symbolic link at the top (content/ may be one) but not
// below; a link below is listed with its target's name.
func listInputs(src string) (*inputList, error) {
	fsys, err := sitefs.Open(src)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	l := &inputList{}
	for _, top := range []string{config.File, content.Dir, render.Dir, AssetsDir, cms.ScriptPackage} {
		fi, err := fs.Stat(fsys, top)
		if errors.Is(err, fs.ErrNotExist) {
			l.list = append(l.list, input{"absent", top, ""})
			continue
		}
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			l.files = append(l.files, len(l.list))
			l.list = append(l.list, input{"f", top, ""})
			continue
		}
		err = fs.WalkDir(fsys, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch t := d.Type(); {
			case t.IsDir():
				l.list = append(l.list, input{"d", p, ""})
			case t.IsRegular():
				l.files = append(l.files, len(l.list))
				l.list = append(l.list, input{"f", p, ""})
			case t&fs.ModeSymlink != 0:
				target, err := os.Readlink(filepath.Join(src, filepath.FromSlash(p)))
				if err != nil {
					return err
				}
				l.list = append(l.list, input{"l", p, target})
			default:
				l.list = append(l.list, input{"o", p, t.String()})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	l.sums = make([][32]byte, len(l.list))
	l.hashed = make([]bool, len(l.list))
	return l, nil
}

// contentMarkdown reports whether input i is a file the content loader
// reads, and so hashes itself.
func (l *inputList) contentMarkdown(i int) bool {
	p := l.list[i].path
	return strings.HasPrefix(p, content.Dir+"/") && path.Ext(p) == ".md"
}

// hash reads and hashes, on all cores, the files i for which want(i).
func (l *inputList) hash(src string, want func(i int) bool) error {
	var todo []int
	for _, i := range l.files {
		if want(i) {
			todo = append(todo, i)
		}
	}
	errs := make([]error, len(todo))
	pool := sync.Pool{New: func() any { return &fileHasher{h: sha256.New(), buf: make([]byte, 64<<10)} }}
	parallel.For(len(todo), func(k int) {
		fh := pool.Get().(*fileHasher)
		i := todo[k]
		l.sums[i], errs[k] = fh.file(filepath.Join(src, filepath.FromSlash(l.list[i].path)))
		l.hashed[i] = errs[k] == nil
		pool.Put(fh)
	})
	return errors.Join(errs...)
}

// write writes the inputs' part of the key's text: a line per input.
func (l *inputList) write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for i, in := range l.list {
		bw.WriteString(in.kind)
		bw.WriteByte(' ')
		bw.WriteString(strconv.Quote(in.path))
		bw.WriteByte(' ')
		if in.kind == "f" {
			var hx [64]byte
			hex.Encode(hx[:], l.sums[i][:])
			bw.Write(hx[:])
		} else {
			bw.WriteString(strconv.Quote(in.extra))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// fileHasher hashes whole files with a reused hash and buffer.
type fileHasher struct {
	h   hash.Hash
	buf []byte
}

func (fh *fileHasher) file(name string) ([32]byte, error) {
	var sum [32]byte
	f, err := os.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	fh.h.Reset()
	// Not io.Copy: *os.File's WriteTo would allocate a buffer per file.
	for {
		n, err := f.Read(fh.buf)
		fh.h.Write(fh.buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return sum, err
		}
	}
	fh.h.Sum(sum[:0])
	return sum, nil
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
	twice atomic.Bool
}

type writtenFile struct {
	size int64
	sum  uint32
}

// outputSum is the checksum kept of published files. It only backs up the
// change time for an edit in the same clock tick as the build's own write,
// so a CRC, much cheaper than SHA-256, is enough.
func outputSum(data []byte) uint32 { return crc32.Checksum(data, castagnoli) }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func (o *hashingOutput) WriteFile(name string, data []byte) error {
	sum := outputSum(data)
	if err := o.out.WriteFile(name, data); err != nil {
		return err
	}
	o.mu.Lock()
	if _, ok := o.files[name]; ok {
		o.twice.Store(true)
	}
	o.files[name] = writtenFile{size: int64(len(data)), sum: sum}
	o.mu.Unlock()
	return nil
}

// changeTime returns the inode change time of fi, or the zero time where
// the system has none. It reads the field by name so that one file serves
// every system: Linux calls it Ctim, the BSDs and macOS Ctimespec.
func changeTime(fi fs.FileInfo) time.Time {
	v := reflect.ValueOf(fi.Sys())
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return time.Time{}
	}
	for _, name := range []string{"Ctim", "Ctimespec"} {
		f := v.FieldByName(name)
		if f.Kind() != reflect.Struct {
			continue
		}
		sec, nsec := f.FieldByName("Sec"), f.FieldByName("Nsec")
		if sec.CanInt() && nsec.CanInt() {
			return time.Unix(sec.Int(), nsec.Int())
		}
	}
	return time.Time{}
}

// writeAtomic writes data to name through a temporary file and a rename,
// so that a reader sees the old record or the new one, never part of one.
// It returns the new file's information.
func writeAtomic(name string, data []byte) (fs.FileInfo, error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, filepath.Base(name)+".tmp-*")
	if err != nil {
		return nil, err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var fi fs.FileInfo
	if err == nil {
		fi, err = os.Stat(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	removeStaleTemps(dir, filepath.Base(name)+".tmp-")
	return fi, nil
}

// staleTemp is how old a temporary record must be before a build removes
// it: one left by a build killed while writing, not one another build into
// the same folder is writing right now.
const staleTemp = 10 * time.Minute

func removeStaleTemps(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
