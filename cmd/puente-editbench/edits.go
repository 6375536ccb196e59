package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/site"
)

// A toggle is one edit an editor can make, as two states of a few files:
// base, as the site is, and variant, after the edit. Saves alternate
// between them, each a real edit for serve; a full build of each state
// says what serve must serve after it.
type toggle struct {
	kind string
	// names says what a save toward the variant, and back, is: "draft on"
	// and "draft off"; the same for an edit that is its own undo.
	names         [2]string
	base, variant fileState
	file          string // the edited file, for the report
	// own is the edited page's output after a save toward the variant,
	// and back: the page itself, or its old URL when the save removes it.
	own [2]string
}

// fileState maps site-relative paths to contents; nil means no file.
type fileState map[string][]byte

// kinds are the edits, in the order they are timed.
var kinds = []string{"body", "title", "summary", "date", "year", "regions", "themes",
	"translationkey", "slug", "draft", "delete", "rename", "translation"}

// apply turns the files of from into those of to under dir: a file that
// moves unchanged to another path is renamed, as an editor or git does.
func apply(dir string, from, to fileState) error {
	renamed := map[string]bool{}
	for p, data := range to {
		if data == nil || from[p] != nil {
			continue
		}
		for q, old := range from {
			if old != nil && to[q] == nil && !renamed[q] && bytes.Equal(old, data) {
				if err := os.Rename(filepath.Join(dir, filepath.FromSlash(q)), filepath.Join(dir, filepath.FromSlash(p))); err != nil {
					return err
				}
				renamed[q], renamed[p] = true, true
				break
			}
		}
	}
	for _, p := range sortedKeys(to) {
		if renamed[p] {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if to[p] == nil {
			if err := os.Remove(full); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			continue
		}
		if err := os.WriteFile(full, to[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// picker chooses the pages to edit from the site as it is.
type picker struct {
	s      *build.Site
	linked map[string]bool // URLs some body links to
	// events are the default language's events with every translation,
	// newest first, drafts last: pages the home page, feeds and the latest
	// lists show. movable are those no body links to, which can be
	// deleted or moved without breaking a link.
	events, movable []*site.Page
	// untranslated are the default language's events that lack a
	// translation, newest first.
	untranslated []*site.Page
	missing      map[*site.Page]string // the language each lacks
}

var linkRE = regexp.MustCompile(`\]\((/[^)\s#?]*)`)

func newPicker(s *build.Site) *picker {
	pk := &picker{s: s, linked: map[string]bool{}, missing: map[*site.Page]string{}}
	for _, f := range s.Files {
		for _, m := range linkRE.FindAllSubmatch(f.Body, -1) {
			pk.linked[string(m[1])] = true
		}
	}
	langs := s.Config.LanguageCodes()
	def := s.Config.DefaultLanguage
	for _, p := range s.Model.Pages {
		if p.File == nil || p.File.Kind != content.KindEvent || p.Lang != def {
			continue
		}
		if len(p.Translations) == len(langs)-1 {
			pk.events = append(pk.events, p)
			if !pk.isLinked(p) {
				pk.movable = append(pk.movable, p)
			}
			continue
		}
		has := map[string]bool{p.Lang: true}
		for _, t := range p.Translations {
			has[t.Lang] = true
		}
		for _, l := range slices.Backward(langs) {
			if !has[l] {
				pk.missing[p] = l
				pk.untranslated = append(pk.untranslated, p)
				break
			}
		}
	}
	newest := func(a, b *site.Page) int {
		if a.Draft != b.Draft {
			if a.Draft {
				return 1
			}
			return -1
		}
		if c := when(b).Compare(when(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.File.Path, b.File.Path)
	}
	slices.SortFunc(pk.events, newest)
	slices.SortFunc(pk.movable, newest)
	slices.SortFunc(pk.untranslated, newest)
	return pk
}

// when is an event's start, another page's date.
func when(p *site.Page) time.Time {
	if !p.File.Front.Start.IsZero() {
		return p.File.Front.Start
	}
	return p.Date
}

func (pk *picker) isLinked(p *site.Page) bool {
	for _, q := range append([]*site.Page{p}, p.Translations...) {
		if pk.linked[q.URL] || pk.linked[strings.TrimSuffix(q.URL, "/")] {
			return true
		}
	}
	return false
}

// candidates returns the pages a kind of edit may be made on, best first.
func (pk *picker) candidates(kind string) []*site.Page {
	switch kind {
	case "translation":
		if len(pk.untranslated) > 0 {
			return pk.untranslated
		}
		// Every event is translated: one translation is removed and
		// added back instead.
		return pk.movable
	case "slug", "delete", "rename":
		return pk.movable
	}
	return pk.events
}

// edit is the toggle of kind on page p.
func (pk *picker) edit(kind string, p *site.Page, source string) (*toggle, error) {
	file := p.File.Path
	data, err := os.ReadFile(filepath.Join(source, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	t := &toggle{kind: kind, names: [2]string{kind, kind}, base: fileState{file: data}, file: file}
	set := func(field, value string) error {
		v, err := setField(data, field, value)
		t.variant = fileState{file: v}
		return err
	}
	const marker = "Edited by puente-editbench"
	switch kind {
	case "body":
		end := frontMatterEnd(data)
		if end < 0 {
			return nil, fmt.Errorf("%s: no front matter", file)
		}
		v := slices.Concat(data[:end], []byte("\n"+marker+".\n"), data[end:])
		t.variant = fileState{file: v}
	case "title", "summary":
		err = set(kind, strconv.Quote(marker))
	case "date", "year":
		t.names = [2]string{"date", "date"}
		if kind == "year" {
			t.names = [2]string{"date, another year", "date, another year"}
		}
		t.variant = fileState{file: data}
		for _, field := range []string{"start", "end"} {
			v := fieldValue(data, field)
			if v == "" {
				continue
			}
			d, perr := time.Parse("2006-01-02", v)
			if perr != nil {
				return nil, fmt.Errorf("%s: %s: %q is not a date", file, field, v)
			}
			if kind == "year" {
				d = d.AddDate(-1, 0, 0)
			} else if w := when(p); w.AddDate(0, 0, 1).Year() == w.Year() {
				d = d.AddDate(0, 0, 1)
			} else {
				d = d.AddDate(0, 0, -1)
			}
			if t.variant[file], err = setField(t.variant[file], field, d.Format("2006-01-02")); err != nil {
				return nil, err
			}
		}
	case "regions":
		var other string
		for _, q := range pk.s.Model.Pages {
			if q.Kind == string(content.KindRegion) && q.Lang == p.Lang && !slices.Contains(p.Regions, q) && (other == "" || q.Key < other) {
				other = q.Key
			}
		}
		if other == "" {
			return nil, errNoCandidate
		}
		err = set("regions", "["+strconv.Quote(other)+"]")
	case "themes":
		var other string
		for _, th := range pk.s.Config.Themes {
			if !slices.ContainsFunc(p.Themes, func(r *site.ThemeRef) bool { return r.Key == th.Key }) {
				other = th.Key
				break
			}
		}
		if other == "" {
			return nil, errNoCandidate
		}
		err = set("themes", "["+strconv.Quote(other)+"]")
	case "translationkey":
		// A translation leaves its group for one of its own.
		t.names = [2]string{"translationKey", "translationKey"}
		tr := p.Translations[0]
		file = tr.File.Path
		if data, err = os.ReadFile(filepath.Join(source, filepath.FromSlash(file))); err != nil {
			return nil, err
		}
		t.base, t.file = fileState{file: data}, file
		err = set("translationKey", strconv.Quote("editbench-"+p.File.Slug))
	case "slug":
		err = set("slug", strconv.Quote(p.File.Slug+"-editbench"))
	case "draft":
		if fieldValue(data, "draft") == "true" {
			t.names = [2]string{"draft off", "draft on"}
			t.variant = fileState{file: removeField(data, "draft")}
		} else {
			t.names = [2]string{"draft on", "draft off"}
			err = set("draft", "true")
		}
	case "delete":
		t.names = [2]string{"file deleted", "file added"}
		t.variant = fileState{file: nil}
	case "rename":
		t.names = [2]string{"file renamed", "file renamed"}
		to := path.Join(path.Dir(file), p.File.Slug+"-renamed."+p.Lang+".md")
		t.base[to] = nil
		t.variant = fileState{file: nil, to: data}
	case "translation":
		l, ok := pk.missing[p]
		if !ok {
			tr := p.Translations[len(p.Translations)-1]
			t.names = [2]string{"translation removed", "translation added"}
			t.file = tr.File.Path
			data, err := os.ReadFile(filepath.Join(source, filepath.FromSlash(t.file)))
			if err != nil {
				return nil, err
			}
			t.base, t.variant = fileState{t.file: data}, fileState{t.file: nil}
			break
		}
		t.names = [2]string{"translation added", "translation removed"}
		to := path.Join(path.Dir(file), p.File.Slug+"."+l+".md")
		// The translation starts as a copy of its source, as a
		// translator often starts one; aliases are the source's own.
		t.base = fileState{to: nil}
		t.variant = fileState{to: removeField(data, "aliases")}
		t.file = to
	default:
		return nil, fmt.Errorf("unknown edit %q (want one of %s)", kind, strings.Join(kinds, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return t, nil
}

// frontMatterEnd is the offset just after the closing "---" line.
func frontMatterEnd(b []byte) int {
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return -1
	}
	i := bytes.Index(b[3:], []byte("\n---\n"))
	if i < 0 {
		return -1
	}
	return 3 + i + len("\n---\n")
}

// fieldLines finds the lines of a top-level YAML field in the front
// matter: its line and those indented below it. It returns the offsets of
// the first and past the last, or -1 when the field is absent, and where
// the closing "---" starts.
func fieldLines(b []byte, field string) (start, end, close int) {
	fmEnd := frontMatterEnd(b)
	if fmEnd < 0 {
		return -1, -1, -1
	}
	close = fmEnd - len("---\n")
	start, end = -1, -1
	for off := len("---\n"); off < close; {
		n := bytes.IndexByte(b[off:close], '\n')
		next := close
		if n >= 0 {
			next = off + n + 1
		}
		line := b[off:next]
		switch {
		case start >= 0 && end < 0 && (bytes.HasPrefix(line, []byte(" ")) || bytes.HasPrefix(line, []byte("\t")) || bytes.HasPrefix(line, []byte("-"))):
		case start >= 0 && end < 0:
			end = off
		case start < 0 && bytes.HasPrefix(line, []byte(field+":")):
			start = off
		}
		off = next
	}
	if start >= 0 && end < 0 {
		end = close
	}
	return start, end, close
}

// setField returns b with the front matter field given value, replacing
// its lines or adding one before the closing "---".
func setField(b []byte, field, value string) ([]byte, error) {
	start, end, close := fieldLines(b, field)
	if close < 0 {
		return nil, errors.New("no front matter")
	}
	line := []byte(field + ": " + value + "\n")
	if start < 0 {
		start, end = close, close
	}
	return slices.Concat(b[:start], line, b[end:]), nil
}

// removeField returns b without the front matter field's lines.
func removeField(b []byte, field string) []byte {
	start, end, _ := fieldLines(b, field)
	if start < 0 {
		return b
	}
	return slices.Concat(b[:start], b[end:])
}

// fieldValue is the value written on a front matter field's line, unquoted.
func fieldValue(b []byte, field string) string {
	start, end, _ := fieldLines(b, field)
	if start < 0 {
		return ""
	}
	v := strings.TrimSpace(strings.TrimPrefix(string(b[start:end]), field+":"))
	if u, err := strconv.Unquote(v); err == nil {
		return u
	}
	return strings.Trim(v, `'`)
}
