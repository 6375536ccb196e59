package render

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/gotemplate/texttemplate/parse"
)

// Dir is the layouts folder, relative to the site root.
const Dir = "layouts"

// BaseFile is the base layout that kind templates fill by defining "main".
const BaseFile = Dir + "/baseof.html"

// baseName is the base layout's template name inside each set.
const baseName = "baseof.html"

// Templates are the parsed layouts, not yet bound to a language.
type Templates struct {
	// sets maps a kind template's path (layouts/event.html) to the template
	// set it executes in: the base, the partials and the kind file.
	sets map[string]*template.Template
	// usesBase records the kind files that only define blocks for the base.
	usesBase map[string]bool
	// common holds the base layout and the partials, for partialCached.
	common *template.Template
	// Files lists every layout file read, sorted, with a hash of its bytes,
	// so that a rebuild can tell which layouts changed.
	Files map[string]string
	// sources holds each layout file's text, for Minified.
	sources map[string]string
	// minified is these layouts minified, made on first use.
	minified minifiedLayouts
}

// Load reads every .html file under layouts/. Partials live in
// layouts/partials/ and are called by path: {{ template "partials/nav.html" . }}.
func Load(fsys fs.FS) (*Templates, diag.List) {
	var errs diag.List
	files := map[string]string{}
	sources := map[string]string{}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Errorf(diag.Pos{File: p}, "%v", unwrapPathErr(err))
			return nil
		}
		if p == Dir+"/i18n" {
			// The UI strings: whoever loads them reports their problems,
			// links included, once.
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			errs.Errorf(diag.Pos{File: p}, "symbolic links are not followed in layouts/")
			return nil
		}
		if d.IsDir() || path.Ext(p) != ".html" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Errorf(diag.Pos{File: p}, "%v", unwrapPathErr(err))
			return nil
		}
		sources[p] = string(b)
		files[p] = fmt.Sprintf("%x", hashBytes(b))
		return nil
	})
	if err != nil {
		errs.Errorf(diag.Pos{File: Dir}, "%v", err)
	}
	if len(sources) == 0 {
		errs.Errorf(diag.Pos{File: Dir}, "no layouts: add %s and a template per kind (see the README)", BaseFile)
		return &Templates{Files: files}, errs
	}
	t, perrs := parseLayouts(sources)
	t.Files = files
	errs.Add(perrs...)
	return t, errs
}

// parseLayouts parses layout sources by file into their template sets. It stops at
// the first broken base layout or partial: every set holds those.
func parseLayouts(sources map[string]string) (*Templates, diag.List) {
	var errs diag.List
	t := &Templates{sets: map[string]*template.Template{}, usesBase: map[string]bool{}, sources: sources}
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)

	common := template.New("").Funcs(placeholderFuncs())
	for _, n := range names {
		if n == BaseFile || strings.HasPrefix(n, Dir+"/partials/") {
			name := strings.TrimPrefix(n, Dir+"/")
			if _, err := common.New(name).Parse(sources[n]); err != nil {
				errs.Add(templateError(err, n))
				return t, errs
			}
		}
	}
	t.common = common
	for _, n := range names {
		if n == BaseFile || strings.HasPrefix(n, Dir+"/partials/") || strings.HasPrefix(n, Dir+"/i18n/") {
			continue
		}
		set, err := common.Clone()
		if err != nil {
			errs.Errorf(diag.Pos{File: n}, "%v", err)
			continue
		}
		kt, err := set.New(n).Parse(sources[n])
		if err != nil {
			errs.Add(templateError(err, n))
			continue
		}
		t.sets[n] = set
		t.usesBase[n] = onlyDefines(kt) && set.Lookup(baseName) != nil
	}
	return t, errs
}

// onlyDefines reports whether a template file has nothing but {{ define }}
// blocks and white space: such a file fills the base layout.
func onlyDefines(t *template.Template) bool {
	if t.Tree == nil || t.Tree.Root == nil {
		return true
	}
	for _, n := range t.Tree.Root.Nodes {
		if tn, ok := n.(*parse.TextNode); ok && strings.TrimSpace(string(tn.Text)) == "" {
			continue
		}
		return false
	}
	return true
}

// Lookup returns the layout file used for a page kind, following the lookup
// order: layouts/<kind>.html, then layouts/list.html (list kinds) or
// layouts/single.html (other kinds), then layouts/default.html.
func (t *Templates) Lookup(kind string, list bool) (string, bool) {
	candidates := []string{Dir + "/" + kind + ".html"}
	if list {
		candidates = append(candidates, Dir+"/list.html")
	} else {
		candidates = append(candidates, Dir+"/single.html")
	}
	candidates = append(candidates, Dir+"/default.html")
	for _, c := range candidates {
		if _, ok := t.sets[c]; ok {
			return c, true
		}
	}
	return "", false
}

// Has reports whether a layout file exists (layouts/chooser.html).
func (t *Templates) Has(file string) bool {
	_, ok := t.sets[file]
	return ok
}

var (
	templateErrRE = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+)(?::(\d+))?: (.*)$`)
	executingRE   = regexp.MustCompile(`^executing "[^"]*" at <[^>]*>: `)
)

// templateError turns an html/template error into a positioned one. Our
// templates are named by path, so its message already says file:line.
func templateError(err error, fallback string) diag.Error {
	msg := err.Error()
	m := templateErrRE.FindStringSubmatch(msg)
	if m == nil {
		return diag.Error{Pos: diag.Pos{File: fallback}, Msg: strings.TrimPrefix(msg, "template: ")}
	}
	file := m[1]
	if !strings.HasPrefix(file, Dir+"/") {
		file = Dir + "/" + file
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	rest := m[4]
	// Drop html/template's `executing "name" at <...>: ` preamble down to the cause.
	if i := strings.Index(rest, "error calling "); i >= 0 {
		if j := strings.Index(rest[i:], ": "); j >= 0 {
			rest = rest[i+j+2:]
		}
	}
	rest = executingRE.ReplaceAllString(rest, "")
	return diag.Error{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: rest}
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func hashBytes(b []byte) [32]byte { return sha256.Sum256(b) }
