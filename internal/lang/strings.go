package lang

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/puente-ssg/puente/internal/diag"
)

// Strings holds the UI strings of every language of a site: the words that
// layouts print around content ("Read more", "Next page"), one flat YAML file
// per language in layouts/i18n. A loaded Strings has every key in every
// language, so a template asking for a key gets the same answer, found or not,
// whichever language it renders. It is read-only after LoadStrings and safe
// for concurrent use. A nil *Strings has no strings.
type Strings struct {
	dir   string
	codes []string
	// msgs[code][key] is the string of key in language code.
	msgs map[string]map[string]string
	keys []string // sorted union of all keys
}

// LoadStrings reads <dir>/<code>.yaml for each language code, such as
// layouts/i18n/es.yaml. Each file is a flat YAML mapping from key to string:
//
//	read_more: Leer más
//	page_of: "Página %d de %d"
//
// Problems are reported at their line: a file that is not such a mapping, a
// value that is not a string (quote numbers and yes/no), a nested value, a
// key given twice. A language without its file is an error at the path the
// file should have. A key that one language has and another lacks is an
// error in the file that lacks it, at line 1, saying where the key is
// defined. A file for a language the site does not list is a warning.
//
// When dir does not exist at all the site has no UI strings: LoadStrings
// returns an empty Strings and no problems, and T reports any key asked for.
// The returned Strings is never nil and holds whatever could be read, so a
// caller may go on to find more problems elsewhere.
func LoadStrings(fsys fs.FS, dir string, codes []string) (*Strings, diag.List) {
	var errs diag.List
	s := &Strings{dir: dir, msgs: map[string]map[string]string{}}
	info, err := fs.Stat(fsys, dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, nil
	case err != nil:
		errs.Errorf(diag.Pos{File: dir}, "reading UI strings: %v", unwrapPath(err))
		return s, errs
	case !info.IsDir():
		errs.Errorf(diag.Pos{File: dir}, "want a folder of UI strings (%s/<language>.yaml), got a file", dir)
		return s, errs
	}

	// where[code][key] is the line of key in code's file; a key with a bad
	// value is still there, so it is not also reported missing.
	where := map[string]map[string]int{}
	listed := map[string]bool{}
	for _, code := range codes {
		if listed[code] {
			continue
		}
		listed[code] = true
		s.codes = append(s.codes, code)
		file := path.Join(dir, code+".yaml")
		if !fs.ValidPath(file) || strings.ContainsAny(code, `/\`) {
			errs.Errorf(diag.Pos{File: dir}, "language %q: not a usable file name for UI strings", code)
			continue
		}
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				errs.Errorf(diag.Pos{File: file}, "missing UI strings for language %q (want %s%s)",
					code, file, ymlHint(fsys, dir, code))
			} else {
				errs.Errorf(diag.Pos{File: file}, "reading UI strings: %v", unwrapPath(err))
			}
			continue
		}
		msgs, lines, ok := parseStrings(file, src, &errs)
		s.msgs[code] = msgs
		if ok {
			where[code] = lines
		}
	}

	warnUnlisted(fsys, dir, listed, &errs)

	all := map[string]bool{}
	for _, lines := range where {
		for k := range lines {
			all[k] = true
		}
	}
	for k := range all {
		s.keys = append(s.keys, k)
	}
	sort.Strings(s.keys)

	// Only files that parsed as a mapping can lack a key; a file that did not
	// parse has its own error already.
	for _, k := range s.keys {
		var have string
		for _, code := range s.codes {
			if line, ok := where[code][k]; ok {
				have = fmt.Sprintf("%s:%d", path.Join(dir, code+".yaml"), line)
				break
			}
		}
		for _, code := range s.codes {
			lines, ok := where[code]
			if !ok {
				continue
			}
			if _, ok := lines[k]; !ok {
				errs.Errorf(diag.Pos{File: path.Join(dir, code+".yaml"), Line: 1},
					"missing key %q (present in %s)", k, have)
			}
		}
	}
	return s, errs
}

// parseStrings reads one language's file. ok is false when the file is not a
// mapping at all, so its keys cannot be compared with other languages'.
func parseStrings(file string, src []byte, errs *diag.List) (msgs map[string]string, lines map[string]int, ok bool) {
	msgs = map[string]string{}
	lines = map[string]int{}
	nlines := bytes.Count(src, []byte("\n")) + 1
	at := func(line int) diag.Pos {
		// yaml.v3 may point one line past the end at an unexpected end of
		// file; positions stay inside the file.
		if line > nlines {
			line = nlines
		}
		return diag.Pos{File: file, Line: line}
	}

	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return msgs, lines, true // an empty file is an empty mapping
		}
		line, msg := yamlError(err)
		errs.Errorf(at(line), "%s", msg)
		return msgs, lines, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			line, _ = yamlError(err)
		}
		errs.Errorf(at(line), "more than one YAML document (want one mapping of key: string)")
	}

	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return msgs, lines, true
		}
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return msgs, lines, true // a file of only comments
	}
	if root.Kind != yaml.MappingNode {
		errs.Errorf(at(root.Line), "want a mapping of key: string, got %s", describe(root))
		return msgs, lines, false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, vn := root.Content[i], root.Content[i+1]
		if kn.Kind != yaml.ScalarNode || kn.Tag == "!!merge" {
			errs.Errorf(at(kn.Line), "want a plain key, got %s", describe(kn))
			continue
		}
		key := kn.Value
		if key == "" {
			errs.Errorf(at(kn.Line), "empty key")
			continue
		}
		if first, dup := lines[key]; dup {
			errs.Errorf(at(kn.Line), "key %q given twice (first at line %d)", key, first)
			continue
		}
		lines[key] = kn.Line
		v := vn
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag == "!!str":
			msgs[key] = v.Value
		case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
			errs.Errorf(at(vn.Line), "%s: want a string, got %s (quote it: %s)",
				key, describe(v), strconv.Quote(v.Value))
		default:
			errs.Errorf(at(vn.Line), "%s: want a string, got %s", key, describe(v))
		}
	}
	return msgs, lines, true
}

// describe names what a YAML node holds, for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a nested mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int":
		return "the number " + n.Value
	case "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	case "!!merge":
		return "a merge key"
	case "!!timestamp":
		return "the date " + n.Value
	case "!!binary":
		return "binary data"
	}
	return fmt.Sprintf("a %s value", n.Tag)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError splits a yaml.v3 error into its line (0 when it has none) and a
// message without the "yaml: " prefix.
func yamlError(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// ymlHint points at a file with the wrong extension, the likeliest reason a
// language's file is missing.
func ymlHint(fsys fs.FS, dir, code string) string {
	alt := path.Join(dir, code+".yml")
	if _, err := fs.Stat(fsys, alt); err == nil {
		return fmt.Sprintf("; found %s, rename it to %s.yaml", alt, code)
	}
	return ""
}

// warnUnlisted warns about UI strings for languages the site does not list:
// usually a language code mistyped in the file name or in site.yaml.
func warnUnlisted(fsys fs.FS, dir string, listed map[string]bool, errs *diag.List) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return // the files that matter were already read, or reported
	}
	var known []string
	for code := range listed {
		known = append(known, code)
	}
	sort.Strings(known)
	for _, e := range entries {
		code, ok := strings.CutSuffix(e.Name(), ".yaml")
		if e.IsDir() || !ok || listed[code] {
			continue
		}
		errs.Warnf(diag.Pos{File: path.Join(dir, e.Name())},
			"UI strings for language %q, which the site does not list%s", code, diag.Suggest(code, known))
	}
}

// unwrapPath drops the operation and path of an *fs.PathError, which the
// position already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// T returns the UI string key in language code. With args, the string is a
// fmt format and args fill it ("Página %d de %d"). A key the language lacks
// is an error, never a blank: `no UI string "read_more" for language "pt"`,
// with a suggestion when the key looks mistyped.
func (s *Strings) T(code, key string, args ...any) (string, error) {
	msg, ok := s.lookup(code, key)
	if !ok {
		var hint string
		if s != nil && !slices.Contains(s.keys, key) {
			hint = diag.Suggest(key, s.keys)
		}
		return "", fmt.Errorf("no UI string %q for language %q%s", key, code, hint)
	}
	if len(args) == 0 {
		return msg, nil
	}
	out := fmt.Sprintf(msg, args...)
	// fmt marks verbs and arguments that do not match with "%!"; a page
	// should not show them.
	if strings.Contains(out, "%!") && !strings.Contains(msg, "%!") {
		return "", fmt.Errorf("UI string %q for language %q: arguments do not fit %q: %s", key, code, msg, out)
	}
	return out, nil
}

// Has reports whether language code has the UI string key.
func (s *Strings) Has(code, key string) bool {
	_, ok := s.lookup(code, key)
	return ok
}

// Keys returns every key of the UI strings, sorted.
func (s *Strings) Keys() []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s.keys...)
}

func (s *Strings) lookup(code, key string) (string, bool) {
	if s == nil {
		return "", false
	}
	msg, ok := s.msgs[code][key]
	return msg, ok
}
