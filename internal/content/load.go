package content

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/sitefs"
)

// Load reads every Markdown file under content/ in fsys and parses it.
// Names starting with "." or "_" are skipped (editor and OS droppings, drafts
// folders), except _index.* files; files not ending in .md are ignored.
// Symbolic links are refused rather than followed: os.DirFS follows them, and
// a link could read files from outside the site.
//
// The files come back sorted by Path, also those with problems (see Parse).
func Load(fsys fs.FS, opts Options) ([]*File, diag.List) {
	var errs diag.List
	info, err := fs.Lstat(fsys, Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		errs.Errorf(diag.Pos{File: Dir}, "no such folder")
		return nil, errs
	case err != nil:
		errs.Errorf(diag.Pos{File: Dir}, "%s", pathErrorText(err))
		return nil, errs
	case info.Mode()&fs.ModeSymlink != 0:
		errs.Errorf(diag.Pos{File: Dir}, "symbolic links are not followed")
		return nil, errs
	case !info.IsDir():
		errs.Errorf(diag.Pos{File: Dir}, "not a folder")
		return nil, errs
	}

	var files []*File
	var paths []string
	var infos []fs.FileInfo
	walkErr := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Errorf(diag.Pos{File: p}, "%s", pathErrorText(err))
			if d != nil && d.IsDir() && p != Dir {
				return fs.SkipDir
			}
			return nil
		}
		if p == Dir {
			return nil
		}
		name := d.Name()
		if skipped(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			errs.Errorf(diag.Pos{File: p}, "symbolic links are not followed")
			return nil
		}
		if d.IsDir() || path.Ext(name) != ".md" {
			return nil
		}
		if !d.Type().IsRegular() {
			errs.Errorf(diag.Pos{File: p}, "not a regular file")
			return nil
		}
		fi, err := d.Info()
		if err == nil && fi.Size() > MaxFileSize {
			errs.Errorf(diag.Pos{File: p}, "%s", sizeError(fi.Size()))
			return nil
		}
		paths = append(paths, p)
		infos = append(infos, fi)
		return nil
	})
	if walkErr != nil {
		errs.Errorf(diag.Pos{File: Dir}, "%s", pathErrorText(walkErr))
	}
	files = readAll(fsys, paths, infos, opts, &errs)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, errs
}

// readAll reads and parses files on all cores. Results keep the order of
// paths, so that the errors and files do not depend on scheduling. infos
// are what the walk found of each file (an entry is nil when it could not
// say).
func readAll(fsys fs.FS, paths []string, infos []fs.FileInfo, opts Options, errs *diag.List) []*File {
	files := make([]*File, len(paths))
	perFile := make([]diag.List, len(paths))
	// The files live as long as the site model: allocated in one block,
	// they do not sit scattered among the parsers' short-lived objects,
	// where they would keep partly used memory spans from being reused.
	block := make([]File, len(paths))
	parallel.For(len(paths), func(i int) {
		if opts.Known != nil && infos[i] != nil {
			if f := opts.Known(paths[i], infos[i]); f != nil {
				files[i] = &block[i]
				block[i] = *f
				return
			}
		}
		loan, err := read(fsys, paths[i], opts.DropBodies)
		if err != nil {
			perFile[i].Errorf(diag.Pos{File: paths[i]}, "%s", pathErrorText(err))
			return
		}
		files[i] = &block[i]
		if opts.Parsed != nil {
			if f := opts.Parsed(paths[i], loan.Data); f != nil {
				block[i] = *f
				loan.Return()
				return
			}
		}
		perFile[i] = parseInto(files[i], paths[i], loan.Data, opts)
		// Only the body refers to the file's bytes once it is parsed.
		if opts.DropBodies && !perFile[i].HasErrors() {
			files[i].Body = nil
			loan.Return()
		}
	})
	out := files[:0]
	for i, f := range files {
		errs.Add(perFile[i]...)
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}

// read reads a content file, into lent memory when its body is to be
// dropped: a kept body holds on to the memory it was read into, and a lent
// buffer may be larger than the file.
func read(fsys fs.FS, name string, dropBody bool) (*sitefs.Loan, error) {
	if dropBody {
		return sitefs.Borrow(fsys, name)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return &sitefs.Loan{Data: data}, nil
}

// skipped reports whether Load passes over a file or folder name.
func skipped(name string) bool {
	if strings.HasPrefix(name, IndexSlug+".") {
		return false
	}
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// pathErrorText drops the path from an fs error, since the position says it.
func pathErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}
