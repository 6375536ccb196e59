// Package assets owns the site's assets/ folder: it reads every file in it,
// minifies CSS and JavaScript, joins bundles, fingerprints each output with a
// hash of its bytes and returns a Manifest that maps source names to URLs and
// subresource-integrity values. It also owns the Minifier used for output
// files (HTML, XML, JSON, SVG). It knows nothing about pages or layouts, and it
// never writes to disk: the manifest carries the bytes for build to write.
package assets

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/puente-ssg/puente/internal/diag"
)

// Dir is the folder of the site that holds assets.
const Dir = "assets"

// DefaultPrefix is the URL path assets are published under when
// Options.Prefix is empty.
const DefaultPrefix = "/assets/"

// Options configures Build.
type Options struct {
	// Bundles maps an output name ("css/site.css") to the assets/-relative
	// names of the CSS or JS files joined, in order, to make it.
	Bundles map[string][]string
	// BundleLines optionally gives the site.yaml line of each bundle, for
	// error positions. A missing line is reported as site.yaml alone.
	BundleLines map[string]int
	// Minifier, when set, minifies CSS and JS files and bundles.
	Minifier *Minifier
	// Prefix is the root-relative URL path assets are published under, and
	// so also their folder under the public root. Empty means "/assets/".
	Prefix string
}

// Entry is one published asset.
type Entry struct {
	// Name is the source name relative to assets/ ("css/site.css"), or the
	// bundle's name.
	Name string
	// Path is the output path relative to the public root
	// ("assets/css/site.3f2a9c1e.css").
	Path string
	// URL is the root-relative URL of the output ("/assets/css/site.3f2a9c1e.css").
	URL string
	// Integrity is the subresource-integrity value of the output
	// ("sha384-" and the base64 of its SHA-384).
	Integrity string
	// Data is the output bytes.
	Data []byte
	// ContentType is the HTTP Content-Type of the output.
	ContentType string
}

// Manifest maps asset names to their published entries.
type Manifest struct {
	entries map[string]Entry
	names   []string // sorted
}

// Lookup returns the entry of an assets/-relative name such as "css/site.css",
// "img/logo.svg" or a bundle's name.
func (m *Manifest) Lookup(name string) (Entry, bool) {
	if m == nil {
		return Entry{}, false
	}
	e, ok := m.entries[name]
	return e, ok
}

// Names returns every name in the manifest, sorted.
func (m *Manifest) Names() []string {
	if m == nil {
		return nil
	}
	return append([]string(nil), m.names...)
}

// Entries returns every entry in the manifest, sorted by name.
func (m *Manifest) Entries() []Entry {
	if m == nil {
		return nil
	}
	out := make([]Entry, len(m.names))
	for i, n := range m.names {
		out[i] = m.entries[n]
	}
	return out
}

func (m *Manifest) add(e Entry) {
	m.entries[e.Name] = e
	m.names = append(m.names, e.Name)
}

// source is one file read from assets/.
type source struct {
	name    string // relative to assets/
	data    []byte // as read
	out     []byte // minified when asked, else data
	invalid bool   // minifying failed and was reported
}

// Build reads every file under assets/ in fsys, minifies CSS and JS when
// opts.Minifier is set, joins opts.Bundles, and fingerprints every output. Files
// that are part of a bundle stay available on their own too. Dotfiles and
// dot folders are skipped; symbolic links are errors. A site without assets/
// gets an empty manifest. Problems are collected, never stopping at the first;
// a file that fails to minify is still in the manifest, unminified, so that
// later lookups do not add noise to the report.
func Build(fsys fs.FS, opts Options) (*Manifest, diag.List) {
	var diags diag.List
	prefix, ok := normalizePrefix(opts.Prefix)
	if !ok {
		diags.Errorf(diag.Pos{File: "site.yaml"}, "assets prefix: %q is not a URL path (want a path such as /assets/)", opts.Prefix)
		prefix = DefaultPrefix
	}
	mini := opts.Minifier
	srcs := readSources(fsys, &diags)

	m := &Manifest{entries: map[string]Entry{}}
	byName := map[string]*source{}
	for _, s := range srcs {
		byName[s.name] = s
		s.out = s.data
		if mini != nil && minifiable(s.name) {
			out, err := mini.Minify(MediaType(s.name), s.data)
			if err != nil {
				reportMinify(&diags, s.name, err, nil)
				s.invalid = true
			} else {
				s.out = out
			}
		}
	}

	bundles := buildBundles(srcs, byName, opts, mini, &diags)

	// Sources and bundles share one namespace; buildBundles already refused
	// bundle names that clash with a file.
	all := make([]*source, 0, len(srcs)+len(bundles))
	all = append(all, srcs...)
	all = append(all, bundles...)
	sort.Slice(all, func(i, j int) bool { return all[i].name < all[j].name })
	for _, s := range all {
		m.add(entry(s.name, s.out, prefix))
	}
	return m, diags
}

// readSources walks assets/ in lexical order.
func readSources(fsys fs.FS, diags *diag.List) []*source {
	var srcs []*source
	switch fi, err := fs.Stat(fsys, Dir); {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err == nil && !fi.IsDir():
		diags.Errorf(diag.Pos{File: Dir}, "is a file (want a folder of assets)")
		return nil
	}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		pos := diag.Pos{File: p}
		if err != nil {
			diags.Errorf(pos, "cannot read: %s", errText(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != Dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			diags.Errorf(pos, "is a symbolic link (want a regular file or folder; copy the target into assets/)")
			return nil
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			diags.Errorf(pos, "is not a regular file (want a regular file)")
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(pos, "cannot read: %s", errText(err))
			return nil
		}
		srcs = append(srcs, &source{name: strings.TrimPrefix(p, Dir+"/"), data: data})
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: Dir}, "cannot read: %s", errText(err))
	}
	return srcs
}

// errText drops the path that fs errors repeat, since the position names it.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// part is where one source starts inside a bundle, to map an error's line in
// the joined text back to its file.
type part struct {
	name string
	line int // first line of the part in the bundle, from 1
}

// buildBundles joins the bundles of opts, in sorted order of their names.
func buildBundles(srcs []*source, byName map[string]*source, opts Options, mini *Minifier, diags *diag.List) []*source {
	names := make([]string, 0, len(opts.Bundles))
	for n := range opts.Bundles {
		names = append(names, n)
	}
	sort.Strings(names)

	var out []*source
	for _, name := range names {
		pos := diag.Pos{File: "site.yaml", Line: opts.BundleLines[name]}
		ext := strings.ToLower(path.Ext(name))
		switch {
		case !fs.ValidPath(name) || name == ".":
			diags.Errorf(pos, "bundles: %q is not a file name under assets/ (want a name such as css/site.css)", name)
			continue
		case ext != ".css" && ext != ".js":
			diags.Errorf(pos, "bundles: %s: extension %q cannot be bundled (want .css or .js)", name, path.Ext(name))
			continue
		case byName[name] != nil:
			diags.Errorf(pos, "bundles: %s: name clashes with file %s/%s (want a name no file uses)", name, Dir, name)
			continue
		case len(opts.Bundles[name]) == 0:
			diags.Errorf(pos, "bundles: %s: lists no files (want at least one %s file)", name, ext)
			continue
		}

		var known []string
		for _, s := range srcs {
			if strings.ToLower(path.Ext(s.name)) == ext {
				known = append(known, s.name)
			}
		}
		var (
			buf     bytes.Buffer
			parts   []part
			ok      = true
			invalid = false
			line    = 1
		)
		for _, member := range opts.Bundles[name] {
			s := byName[member]
			switch {
			case s == nil:
				diags.Errorf(pos, "bundles: %s: %q is not a file in %s/%s", name, member, Dir,
					diag.Suggest(strings.TrimPrefix(member, Dir+"/"), known))
				ok = false
				continue
			case strings.ToLower(path.Ext(member)) != ext:
				diags.Errorf(pos, "bundles: %s: %q is not a %s file (want only %s files in a %s bundle)", name, member, ext, ext, ext)
				ok = false
				continue
			}
			if buf.Len() > 0 {
				// A newline ends a trailing // comment; in JS the semicolon
				// also stops the next file from continuing the last statement.
				sep := "\n"
				if ext == ".js" {
					sep = "\n;\n"
				}
				buf.WriteString(sep)
				line += strings.Count(sep, "\n")
			}
			parts = append(parts, part{name: member, line: line})
			buf.Write(s.data)
			line += bytes.Count(s.data, []byte("\n"))
			invalid = invalid || s.invalid
		}
		if !ok {
			continue
		}
		b := &source{name: name, data: buf.Bytes(), out: buf.Bytes()}
		// A member that failed to minify was reported at its file already.
		if mini != nil && !invalid {
			if o, err := mini.Minify(MediaType(name), b.data); err != nil {
				reportMinify(diags, name, err, parts)
				b.invalid = true
			} else {
				b.out = o
			}
		}
		out = append(out, b)
	}
	return out
}

// reportMinify records a minify error at the file it comes from: the asset
// itself, or for a bundle the member holding the failing line.
func reportMinify(diags *diag.List, name string, err error, parts []part) {
	pos := diag.Pos{File: Dir + "/" + name}
	msg := err.Error()
	var me *MinifyError
	if errors.As(err, &me) {
		msg = me.Msg
		pos.Line, pos.Col = me.Line, me.Col
		if len(parts) > 0 && me.Line > 0 {
			i := sort.Search(len(parts), func(i int) bool { return parts[i].line > me.Line }) - 1
			if i < 0 {
				i = 0
			}
			pos.File = Dir + "/" + parts[i].name
			pos.Line = me.Line - parts[i].line + 1
		} else if len(parts) > 0 {
			msg = "bundle " + name + ": " + msg
		}
	}
	lang := "CSS"
	if MediaType(name) == "text/javascript" {
		lang = "JavaScript"
	}
	diags.Errorf(pos, "invalid %s: %s", lang, msg)
}

func minifiable(name string) bool {
	mt := MediaType(name)
	return mt == "text/css" || mt == "text/javascript"
}

// entry fingerprints data published as name: the first 8 hex digits of the
// SHA-256 of the output go before the extension.
func entry(name string, data []byte, prefix string) Entry {
	sum := sha256.Sum256(data)
	hash8 := hex.EncodeToString(sum[:4])
	dir, file := path.Split(name)
	ext := path.Ext(file)
	stem := strings.TrimSuffix(file, ext)
	if stem == "" {
		// A bundle named like "css/.css": hash after the whole name rather
		// than make a dotfile.
		stem, ext = file, ""
	}
	rel := dir + stem + "." + hash8 + ext
	sri := sha512.Sum384(data)
	return Entry{
		Name:        name,
		Path:        strings.TrimPrefix(prefix, "/") + rel,
		URL:         prefix + rel,
		Integrity:   "sha384-" + base64.StdEncoding.EncodeToString(sri[:]),
		Data:        data,
		ContentType: ContentType(name),
	}
}

// normalizePrefix turns "assets", "/assets" or "/assets/" into "/assets/".
// It refuses URLs with a scheme or host and paths that climb out of the
// public root, since Path is derived from the prefix.
func normalizePrefix(p string) (string, bool) {
	if p == "" {
		return DefaultPrefix, true
	}
	if strings.ContainsAny(p, ":?#\\ ") || strings.HasPrefix(p, "//") {
		return "", false
	}
	trimmed := strings.Trim(p, "/")
	if trimmed == "" || !fs.ValidPath(trimmed) {
		return "", false
	}
	return "/" + trimmed + "/", true
}
