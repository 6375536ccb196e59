// Package sitefs owns the one rule for reading a site folder from disk:
// nothing is read from outside it. Every command opens the site once with
// Open and hands the result, an fs.FS, to every loader (site.yaml,
// content/, layouts/ and their UI strings, assets/), so no loader needs a
// check of its own.
//
// The folder is opened as an os.Root: a path that leads out of it, through
// a symbolic link anywhere along the way (site.yaml, content/, layouts/,
// layouts/i18n/es.yaml, assets/, or a file or folder inside them) or
// through "..", fails with ErrOutside and its path, and nothing of the
// link's target is read, so no message can show it. A link that stays
// inside the folder is followed. (The loaders themselves report links they
// meet while walking a folder and skip them, so that a folder cannot loop
// into itself.) It knows nothing of what the files mean.
package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
)

// ErrOutside is the error of a path that leads out of the site folder.
var ErrOutside = errors.New("a symbolic link leads out of the site folder (puente reads only files inside it; copy what it needs into the site)")

// FS is a site folder. It implements fs.ReadFileFS, fs.ReadDirFS,
// fs.StatFS and fs.ReadLinkFS (whose ReadLink refuses: no loader needs a
// link's target, and a message must not show it).
type FS struct {
	root *os.Root
	fsys fs.FS
	fast fastReader
}

// Open opens the site folder dir.
func Open(dir string) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: r, fsys: r.FS(), fast: openFastReader(dir)}, nil
}

// Close releases the folder. Files opened from it stay usable.
func (f *FS) Close() error {
	f.fast.close()
	return f.root.Close()
}

// Open opens a file of the site (fs.FS).
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	return file, outside("open", name, err)
}

// ReadFile reads a file of the site.
func (f *FS) ReadFile(name string) ([]byte, error) {
	return f.ReadFileBuf(name, nil)
}

// ReadFileBuf is ReadFile into buf's memory when it is large enough, for a
// caller that is done with the bytes before it reads the next file.
func (f *FS) ReadFileBuf(name string, buf []byte) ([]byte, error) {
	if fs.ValidPath(name) {
		if b, ok := f.fast.read(name, buf); ok {
			return b, nil
		}
	}
	// Through os.Root: what the fast path could not read, and why.
	b, err := fs.ReadFile(f.fsys, name)
	return b, outside("read", name, err)
}

// ReadDir lists a folder of the site. Links among its entries are listed
// as links, not followed.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	d, err := fs.ReadDir(f.fsys, name)
	return d, outside("readdir", name, err)
}

// Stat describes a file of the site, following a link that stays inside.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(f.fsys, name)
	return fi, outside("stat", name, err)
}

// Lstat describes a file of the site without following a link at its end.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	fi, err := fs.Lstat(f.fsys, name)
	return fi, outside("lstat", name, err)
}

// ReadLink refuses to say where a link leads.
func (f *FS) ReadLink(name string) (string, error) {
	return "", &fs.PathError{Op: "readlink", Path: name, Err: errors.ErrUnsupported}
}

// outside turns os.Root's refusal of an escaping path into ErrOutside.
// os.Root names its error only by its text ("path escapes from parent").
func outside(op, name string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes from parent") {
		return &fs.PathError{Op: op, Path: name, Err: ErrOutside}
	}
	return err
}

// IsOutside reports whether err is a path leading out of the site folder.
func IsOutside(err error) bool { return errors.Is(err, ErrOutside) }

// Unreadable is a site folder that could not be opened: every read fails
// with err, so that a loader reports it as it would any unreadable file.
func Unreadable(err error) fs.FS { return unreadable{err} }

type unreadable struct{ err error }

func (u unreadable) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: u.err}
}

// Create writes a new file of the site (slash-separated name), making its
// folders; it fails if the file exists, and, like every read, if the path
// leads out of the site folder.
func (f *FS) Create(name string, data []byte) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: "create", Path: name, Err: fs.ErrInvalid}
	}
	if dir := path.Dir(name); dir != "." {
		if err := f.root.MkdirAll(dir, 0o755); err != nil {
			return outside("mkdir", dir, err)
		}
	}
	file, err := f.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return outside("create", name, err)
	}
	if _, err := file.Write(data); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
