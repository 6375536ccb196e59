package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/parallel"
)

// record is what the cache keeps of the last successful build, stored
// with encoding/gob.
type record struct {
	Version     string
	Key         [32]byte
	From, Until time.Time
	Pages       int
	PerLang     []LangCount
	Files       int
	Bytes       int64
	Warnings    diag.List
	Entries     []entry
}

// entry is a file, folder or link of the published folder.
type entry struct {
	Path  string // slash-separated, relative to the folder; "." for itself
	Kind  byte   // 'd', 'f', 'l' or 'o'
	Perm  fs.FileMode
	Size  int64
	Mtime time.Time
	// Ctime is the inode's change time where the system has one: unlike
	// the modification time, no program can set it back.
	Ctime time.Time
	// Sum is the content's checksum, kept for files that may be racy (see
	// invalidate): those are checked by content. A racy folder has its
	// names checked.
	Sum  *uint32
	Racy bool
}

func kindOf(m fs.FileMode) byte {
	switch {
	case m.IsDir():
		return 'd'
	case m.IsRegular():
		return 'f'
	case m&fs.ModeSymlink != 0:
		return 'l'
	}
	return 'o'
}

// scanDest lists the published folder. Every file in it must be one this
// build wrote, with the size it wrote; files modified at or after racyFrom
// keep the hash of what was written. Names come from one walk, the
// details from Lstat on all cores.
// walkNames lists dest and everything below it, slash-separated and
// relative to dest ("." for dest itself), in filepath.WalkDir's order. The
// folders at the top (one per language) are walked on all cores: a site
// has about as many folders as pages.
func walkNames(dest string) ([]string, error) {
	top, err := os.ReadDir(dest)
	if err != nil {
		return nil, err
	}
	parts := make([][]string, len(top))
	errs := make([]error, len(top))
	parallel.For(len(top), func(i int) {
		root := filepath.Join(dest, top[i].Name())
		errs[i] = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(dest, p)
			if err != nil {
				return err
			}
			parts[i] = append(parts[i], filepath.ToSlash(rel))
			return nil
		})
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	names := []string{"."}
	for _, p := range parts {
		names = append(names, p...)
	}
	return names, nil
}

func scanDest(dest string, racyFrom time.Time, written *hashingOutput) ([]entry, error) {
	if written == nil || written.twice.Load() {
		return nil, errors.New("output not tracked")
	}
	names, err := walkNames(dest)
	if err != nil {
		return nil, err
	}
	entries := make([]entry, len(names))
	errs := make([]error, len(names))
	parallel.For(len(names), func(i int) {
		fi, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(names[i])))
		if err != nil {
			errs[i] = err
			return
		}
		e := entry{Path: names[i], Kind: kindOf(fi.Mode()), Perm: fi.Mode().Perm(),
			Size: fi.Size(), Mtime: fi.ModTime(), Ctime: changeTime(fi)}
		racy := !e.Mtime.Before(racyFrom) || !e.Ctime.Before(racyFrom)
		switch e.Kind {
		case 'd':
			e.Racy = racy
		case 'f':
			w, ok := written.files[e.Path]
			if !ok || w.size != e.Size {
				errs[i] = fmt.Errorf("%s: not written by this build", e.Path)
				return
			}
			if racy {
				sum := w.sum
				e.Sum = &sum
			}
		}
		entries[i] = e
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	regular := 0
	for _, e := range entries {
		if e.Kind == 'f' {
			regular++
		}
	}
	if regular != len(written.files) {
		return nil, errors.New("files missing")
	}
	return entries, nil
}

// covers reports whether a build at now makes the same model.
func (r *record) covers(now time.Time) bool {
	return (r.From.IsZero() || !now.Before(r.From)) && (r.Until.IsZero() || now.Before(r.Until))
}

// sameRoot is the first check of matches alone: the published folder
// itself has the type and times the record gives it. A build into a new
// folder fails it at once.
func (r *record) sameRoot(dest string) bool {
	if len(r.Entries) == 0 || r.Entries[0].Path != "." {
		return false
	}
	e := &r.Entries[0]
	fi, err := os.Lstat(dest)
	return err == nil && kindOf(fi.Mode()) == e.Kind &&
		fi.ModTime().Equal(e.Mtime) && changeTime(fi).Equal(e.Ctime)
}

// matches reports whether the published folder is exactly as recorded:
// the same entries, no others, with the same kind, mode, size and
// modification time, and the same content for files that may be racy.
// Entries are checked on all cores.
func (r *record) matches(dest string) bool {
	if len(r.Entries) == 0 || r.Entries[0].Path != "." {
		return false
	}
	// Names are only read for racy folders, usually none or a few.
	var known map[string]bool
	var children map[string]int
	for _, e := range r.Entries {
		if e.Racy {
			known = make(map[string]bool, len(r.Entries))
			children = map[string]int{}
			break
		}
	}
	if known != nil {
		for _, e := range r.Entries {
			known[e.Path] = true
			if e.Path != "." {
				children[path.Dir(e.Path)]++
			}
		}
	}
	var bad atomic.Bool
	parallel.For(len(r.Entries), func(i int) {
		if bad.Load() {
			return
		}
		if !r.Entries[i].matches(dest, known, children) {
			bad.Store(true)
		}
	})
	return !bad.Load()
}

func (e *entry) matches(dest string, known map[string]bool, children map[string]int) bool {
	full := filepath.Join(dest, filepath.FromSlash(e.Path))
	fi, err := os.Lstat(full)
	if err != nil || kindOf(fi.Mode()) != e.Kind || fi.Mode().Perm() != e.Perm ||
		fi.Size() != e.Size || !fi.ModTime().Equal(e.Mtime) || !changeTime(fi).Equal(e.Ctime) {
		return false
	}
	// Adding, removing or renaming an entry of a folder changes the
	// folder's times, so its names need reading only when it is racy.
	if e.Kind == 'd' && e.Racy {
		f, err := os.Open(full)
		if err != nil {
			return false
		}
		names, err := f.Readdirnames(-1)
		f.Close()
		if err != nil || len(names) != children[e.Path] {
			return false
		}
		for _, n := range names {
			if !known[path.Join(e.Path, n)] {
				return false
			}
		}
	}
	if e.Sum != nil {
		data, err := os.ReadFile(full)
		if err != nil || outputSum(data) != *e.Sum {
			return false
		}
	}
	return true
}

// encode writes the record with gob, followed by a hash of the encoding,
// so that a torn or edited record reads as a miss.
func (r *record) encode() ([]byte, error) {
	r.Version = cacheVersion
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(r); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b.Bytes())
	return append(b.Bytes(), sum[:]...), nil
}

var errCorrupt = errors.New("corrupt build cache record")

// parseRecord reads what encode wrote; anything else is an error.
func parseRecord(data []byte) (*record, error) {
	n := len(data) - sha256.Size
	if n < 0 || sha256.Sum256(data[:n]) != [sha256.Size]byte(data[n:]) {
		return nil, errCorrupt
	}
	r := &record{}
	if err := gob.NewDecoder(bytes.NewReader(data[:n])).Decode(r); err != nil || r.Version != cacheVersion {
		return nil, errCorrupt
	}
	return r, nil
}
