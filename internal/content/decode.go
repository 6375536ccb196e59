package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// The three formats decode into one generic form, entries of nodes with their
// positions in the file, which decodeFront turns into a typed Front.

type nodeKind int

const (
	nodeNull nodeKind = iota
	nodeScalar
	nodeList
	nodeMap
)

// node is one front matter value.
type node struct {
	kind nodeKind
	// tag of a scalar: "str", "int", "float", "bool" or "time".
	tag string
	// text of a scalar as written (for a native timestamp, formatted).
	text string
	// time of a native timestamp (TOML); zero otherwise.
	time  time.Time
	items []node
	line  int
	col   int // 0 when unknown
}

// entry is one top-level field.
type entry struct {
	key       string
	line, col int
	val       node
}

func (n node) describe() string {
	switch n.kind {
	case nodeList:
		return "a list"
	case nodeMap:
		return "a group of fields"
	case nodeNull:
		return "nothing"
	}
	return strconv.Quote(n.text)
}

// ---- YAML

// yamlHint adds the likely fix to the YAML errors editors meet most: a tab
// used for indenting, and text holding ": " without quotes.
func yamlHint(msg string, text []byte) string {
	switch {
	case strings.Contains(msg, "cannot start any token") && bytes.ContainsRune(text, '\t'):
		return " (indent with spaces, not tabs)"
	case strings.Contains(msg, "mapping values are not allowed"):
		return ` (put text that holds ": " in quotes, and check the indentation)`
	}
	return ""
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) decodeYAML(text []byte) (entries []entry, ok bool) {
	var doc yaml.Node
	err := func() (err error) {
		defer recovered(&err)
		return yaml.Unmarshal(text, &doc)
	}()
	if err != nil {
		line, msg := p.textLine(1, text), strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = p.textLine(n, text), m[2]
		}
		p.errs.Errorf(p.pos(line, 0), "front matter: %s%s", msg, yamlHint(msg, text))
		return nil, false
	}
	// Anchors and aliases have no use in front matter and let a few lines
	// expand into gigabytes (billion laughs); refuse them before anything
	// walks the tree.
	if n := findAlias(&doc); n != nil {
		p.errs.Errorf(p.pos(n.Line+p.openLine, n.Column), "front matter: YAML anchors and aliases (&name, *name) are not allowed")
		return nil, false
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, true
		}
		root = root.Content[0]
	}
	if root.Kind == 0 {
		return nil, true
	}
	if root.Kind != yaml.MappingNode {
		p.errs.Errorf(p.pos(root.Line+p.openLine, root.Column), "front matter: want fields (name: value), not %s", p.yamlNode(root).describe())
		return nil, false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errs.Errorf(p.pos(k.Line+p.openLine, k.Column), "front matter: a field name must be a plain word")
			continue
		}
		entries = append(entries, entry{key: k.Value, line: k.Line + p.openLine, col: k.Column, val: p.yamlNode(v)})
	}
	return entries, true
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

func (p *parser) yamlNode(n *yaml.Node) node {
	out := node{line: n.Line + p.openLine, col: n.Column}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			out.kind = nodeNull
		case "!!int":
			out.kind, out.tag = nodeScalar, "int"
		case "!!float":
			out.kind, out.tag = nodeScalar, "float"
		case "!!bool":
			out.kind, out.tag = nodeScalar, "bool"
		case "!!timestamp":
			out.kind, out.tag = nodeScalar, "time"
		default:
			out.kind, out.tag = nodeScalar, "str"
		}
		out.text = n.Value
	case yaml.SequenceNode:
		out.kind = nodeList
		for _, c := range n.Content {
			out.items = append(out.items, p.yamlNode(c))
		}
	case yaml.MappingNode:
		out.kind = nodeMap
	}
	return out
}

// ---- TOML

var tomlLineRE = regexp.MustCompile(`^Near line (\d+) \(last key parsed '[^']*'\): (.*)$`)

func (p *parser) decodeTOML(text []byte) ([]entry, bool) {
	var m map[string]any
	err := func() (err error) {
		defer recovered(&err)
		_, err = toml.Decode(string(text), &m)
		return err
	}()
	if err != nil {
		line, msg := p.textLine(1, text), err.Error()
		if sm := tomlLineRE.FindStringSubmatch(msg); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			line, msg = p.textLine(n, text), sm[2]
		}
		// Say which field holds a bad date, in the words the other formats use.
		if dm := tomlDateRE.FindStringSubmatch(msg); dm != nil {
			if key := keyOn(tomlKeyRE, text, line-p.textLine(1, text)); key != "" {
				p.errs.Errorf(p.pos(line, 0), "%s: %q is not a date (want 2006-01-02)", key, dm[1])
				return nil, false
			}
		}
		msg = tidyMessage(msg)
		// YAML fenced with +++ is an easy slip: say what the fence means.
		if key := keyOn(yamlKeyRE, text, line-p.textLine(1, text)); key != "" {
			msg += fmt.Sprintf(" (front matter between +++ lines is TOML, written %s = value; YAML goes between --- lines)", key)
		}
		p.errs.Errorf(p.pos(line, 0), "front matter: %s", msg)
		return nil, false
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	var entries []entry
	for _, k := range keys {
		line, col := p.findKey(text, k, `=`, `.`)
		entries = append(entries, entry{key: k, line: line, col: col, val: tomlNode(m[k], line, col)})
	}
	sortEntries(entries)
	return entries, true
}

var (
	tomlDateRE = regexp.MustCompile(`^Invalid TOML Datetime: "(.*)"\.$`)
	// tomlKeyRE finds the bare key a line sets (key = value); yamlKeyRE
	// the key of a line written as YAML (key: value).
	tomlKeyRE = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=`)
	yamlKeyRE = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+):(\s|$)`)
)

// keyOn returns the key that re finds on line i (from 0) of text, or "".
func keyOn(re *regexp.Regexp, text []byte, i int) string {
	lines := strings.Split(string(text), "\n")
	if i < 0 || i >= len(lines) {
		return ""
	}
	if m := re.FindStringSubmatch(lines[i]); m != nil {
		return m[1]
	}
	return ""
}

func tomlNode(v any, line, col int) node {
	n := node{kind: nodeScalar, line: line, col: col}
	switch v := v.(type) {
	case string:
		n.tag, n.text = "str", v
	case int64:
		n.tag, n.text = "int", strconv.FormatInt(v, 10)
	case float64:
		n.tag, n.text = "float", strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		n.tag, n.text = "bool", strconv.FormatBool(v)
	case time.Time:
		// The TOML decoder reads local date-times in the machine's zone;
		// builds must not depend on where they run, so read them as UTC.
		if v.Location() == time.Local {
			v = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
		}
		n.tag, n.time, n.text = "time", v, formatTime(v)
	case []any:
		n.kind = nodeList
		for _, it := range v {
			n.items = append(n.items, tomlNode(it, line, col))
		}
	case []map[string]any:
		n.kind = nodeList
		for range v {
			n.items = append(n.items, node{kind: nodeMap, line: line, col: col})
		}
	case map[string]any:
		n.kind = nodeMap
	case nil:
		n.kind = nodeNull
	default:
		n.tag, n.text = "str", fmt.Sprint(v)
	}
	return n
}

func formatTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// findKey finds the line and column of a top-level key in front matter
// text, for formats whose decoders do not keep positions: the first line
// where the key, bare or quoted, starts the line and is followed by one of
// seps. Top-level keys come before any table in TOML, so the first match is
// the right one.
func (p *parser) findKey(text []byte, key string, seps ...string) (int, int) {
	first, _ := p.lines.Position(p.textStart)
	for i, l := range strings.Split(string(text), "\n") {
		trimmed := strings.TrimLeftFunc(l, unicode.IsSpace)
		indent := len(l) - len(trimmed)
		for _, form := range []string{key, strconv.Quote(key), "'" + key + "'", "[" + key} {
			after, ok := strings.CutPrefix(trimmed, form)
			if !ok {
				continue
			}
			after = strings.TrimLeft(after, " \t")
			for _, sep := range append(seps, "]") {
				if strings.HasPrefix(after, sep) {
					return first + i, utf8.RuneCountInString(l[:indent]) + 1
				}
			}
		}
	}
	return p.openLine, 0
}

func sortEntries(entries []entry) {
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].line != entries[j].line {
			return entries[i].line < entries[j].line
		}
		return entries[i].key < entries[j].key
	})
}

// tidyMessage makes a decoder's message read like ours: lowercase start, no
// final period.
func tidyMessage(msg string) string {
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ".")
	if r, n := utf8.DecodeRuneInString(msg); unicode.IsUpper(r) && !(len(msg) > n && unicode.IsUpper(rune(msg[n]))) {
		msg = string(unicode.ToLower(r)) + msg[n:]
	}
	return msg
}

// ---- JSON

// decodeJSON reads the object token by token: encoding/json's offsets give
// every key and value its exact line, and duplicate keys can be seen.
func (p *parser) decodeJSON(text []byte) (entries []entry, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	j := &jsonReader{p: p, dec: dec, text: text}
	err := func() (err error) {
		defer recovered(&err)
		start, tok, err := j.token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			line, col := p.lines.Position(p.textStart + start)
			p.errs.Errorf(p.pos(line, col), "front matter: want a JSON object ({ \"title\": ... })")
			return errReported
		}
		for dec.More() {
			start, tok, err := j.token()
			if err != nil {
				return err
			}
			key, _ := tok.(string)
			line, col := p.lines.Position(p.textStart + start)
			val, err := j.value()
			if err != nil {
				return err
			}
			entries = append(entries, entry{key: key, line: line, col: col, val: val})
		}
		if _, _, err := j.token(); err != nil { // the closing brace
			return err
		}
		start, _, err = j.token()
		switch err {
		case io.EOF:
			return nil
		case nil:
			line, col := p.lines.Position(p.textStart + start)
			p.errs.Errorf(p.pos(line, col), "front matter: text after the JSON object")
			return errReported
		}
		return err
	}()
	if err == errReported {
		return nil, false
	}
	if err != nil {
		off := len(text) - 1
		msg := err.Error()
		var se *json.SyntaxError
		// The token reader's offsets can be relative to the value being
		// read; a whole-text decode places the error exactly (Offset
		// counts the offending byte).
		var v any
		if errors.As(json.Unmarshal(text, &v), &se) {
			off, msg = int(se.Offset)-1, se.Error()
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
			msg = "unexpected end of JSON (is a \"}\" or \"]\" missing?)"
		}
		off = min(max(off, 0), max(len(text)-1, 0))
		line, col := p.lines.Position(p.textStart + off)
		p.errs.Errorf(p.pos(line, col), "front matter: %s", msg)
		return nil, false
	}
	return entries, true
}

var errReported = errors.New("reported")

type jsonReader struct {
	p    *parser
	dec  *json.Decoder
	text []byte
}

// token reads the next token and the offset in the text where it starts.
func (j *jsonReader) token() (int, json.Token, error) {
	start := int(j.dec.InputOffset())
	tok, err := j.dec.Token()
	for start < len(j.text) && strings.IndexByte(" \t\r\n,:", j.text[start]) >= 0 {
		start++
	}
	return start, tok, err
}

func (j *jsonReader) value() (node, error) {
	start, tok, err := j.token()
	if err != nil {
		return node{}, err
	}
	line, col := j.p.lines.Position(j.p.textStart + start)
	n := node{kind: nodeScalar, line: line, col: col}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n.kind = nodeList
			for j.dec.More() {
				it, err := j.value()
				if err != nil {
					return n, err
				}
				n.items = append(n.items, it)
			}
		} else {
			n.kind = nodeMap
			for j.dec.More() {
				if _, _, err := j.token(); err != nil { // key
					return n, err
				}
				if _, err := j.value(); err != nil {
					return n, err
				}
			}
		}
		_, _, err = j.token()
		return n, err
	case string:
		n.tag, n.text = "str", t
	case json.Number:
		n.tag, n.text = "float", t.String()
		if _, err := t.Int64(); err == nil {
			n.tag = "int"
		}
	case bool:
		n.tag, n.text = "bool", strconv.FormatBool(t)
	case nil:
		n.kind = nodeNull
	}
	return n, nil
}
