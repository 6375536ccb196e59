package build

// A build replaces its destination folder whole. Before it does, the guard
// in this file makes sure the folder is one puente may replace: one it
// made itself (it holds the marker file every build writes), an empty one,
// or one that does not exist yet. A folder of someone's files is refused
// with nothing deleted, and a few folders are refused whatever the flags
// say: the root, the home folder, the site itself and its inputs.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// MarkerFile is written at the root of every folder a build publishes,
// and of its staging folder as soon as it is made: puente replaces or
// removes a folder only when it holds one (or is empty).
const MarkerFile = ".puente-build"

// markerText is the marker's content, for a person who finds the file.
const markerText = "This folder was built by puente (https://github.com/puente-ssg/puente).\n" +
	"The next `puente build` replaces it whole: keep no other files here.\n"

// DestError is a destination a build refuses to replace. Nothing was
// written or deleted when it is returned.
type DestError struct {
	Dest   string // as given
	Reason string // why, and how to go on
}

func (e *DestError) Error() string { return "--dest " + e.Dest + ": " + e.Reason }

// destination resolves the published folder and refuses one puente must
// not replace (see the file's comment). clean is --clean-dest: it allows
// replacing a folder of other files, nothing more.
func destination(source, dest string, clean bool) (string, error) {
	given := dest
	if dest == "" {
		dest, given = "public", "public"
	}
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(source, dest)
	}
	absDest, err := realPath(dest)
	if err != nil {
		return "", err
	}
	absSrc, err := resolved(source)
	if err != nil {
		return "", err
	}
	refuse := func(format string, args ...any) error {
		return &DestError{Dest: given, Reason: fmt.Sprintf(format, args...)}
	}
	if absDest == filepath.Dir(absDest) {
		return "", refuse("is the root folder: puente never replaces it; choose a folder like %s", filepath.Join(source, "public"))
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h, err := resolved(home); err == nil && within(absDest, h) {
			return "", refuse("is or holds your home folder %s: puente never replaces it; choose a folder like %s", home, filepath.Join(source, "public"))
		}
	}
	if within(absDest, absSrc) {
		return "", refuse("is or holds the site folder %s: puente never replaces it; choose a folder inside it, like public", source)
	}
	for _, own := range []string{"content", "layouts", AssetsDir, "site.yaml"} {
		if within(filepath.Join(absSrc, own), absDest) {
			return "", refuse("is inside the site's %s, which the build reads; choose a folder like public", own)
		}
	}
	fi, err := os.Lstat(absDest)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return absDest, nil
	case err != nil:
		return "", err
	case fi.Mode()&os.ModeSymlink != 0:
		return "", refuse("is a symbolic link: puente replaces only a folder it made; give the folder the link points to, or another")
	case !fi.IsDir():
		return "", refuse("is a file, not a folder: puente never replaces it; choose a folder like public")
	}
	ours, err := madeByPuente(absDest)
	if err != nil {
		return "", err
	}
	if !ours && !clean {
		return "", refuse("the folder holds files that puente did not publish (it has no %s file): a build replaces the whole folder, so puente leaves it alone; "+
			"choose another --dest, empty the folder, or pass --clean-dest to replace it and everything in it with the site", MarkerFile)
	}
	return absDest, nil
}

// madeByPuente reports whether dir is one puente may replace: it holds the
// marker, or nothing at all, or it is exactly as the build cache's record
// says a build left it (published before builds wrote the marker, and
// untouched since).
func madeByPuente(dir string) (bool, error) {
	if marked(dir) || publishedBefore(dir) {
		return true, nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if len(names) == 0 && (err == nil || errors.Is(err, io.EOF)) {
		return true, nil
	}
	return false, nil
}

// publishedBefore reports whether dir is, entry for entry, what the build
// cache's record beside it says the last build published.
func publishedBefore(dir string) bool {
	r := readRecord(recordFile(dir))
	return r != nil && r.describes(dir)
}

// marked reports whether dir holds the marker (for the staging and old
// folders beside the destination: only those are removed).
func marked(dir string) bool {
	fi, err := os.Lstat(filepath.Join(dir, MarkerFile))
	return err == nil && fi.Mode().IsRegular()
}

// within reports whether path is dir or inside it (both absolute, clean).
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// realPath is the absolute path of p with the symbolic links of its
// existing part resolved, so that a link cannot hide that two paths are one
// folder. The last element is kept as it is: a destination that is itself
// a link is refused on its own.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	dir, base := filepath.Dir(abs), filepath.Base(abs)
	var missing []string
	for {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			dir = r
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		missing = append([]string{filepath.Base(dir)}, missing...)
		dir = parent
	}
	return filepath.Join(append(append([]string{dir}, missing...), base)...), nil
}

// resolved is the absolute path of an existing folder with every link in
// it resolved.
func resolved(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	return realPath(abs)
}
