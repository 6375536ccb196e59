package config

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/puente-ssg/puente/internal/diag"
)

// MaxSize bounds site.yaml. Settings are a few kilobytes; the bound keeps a
// mistaken or hostile file from costing a build its memory.
const MaxSize = 1 << 20

// StandardSegments are the section and index keys every site has. A key
// site.yaml leaves out of segments uses itself as its segment in every
// language.
var StandardSegments = []string{"regions", "events", "newsletters", "case-studies", "themes", "years", "search"}

// The known keys at each level, in the order of the contract's example, for
// unknown-key suggestions.
var (
	topKeys      = []string{"baseURL", "defaultLanguage", "languages", "segments", "themes", "menus", "pagination", "markdown", "bundles", "cms"}
	languageKeys = []string{"name", "title"}
	themeKeys    = []string{"name", "description"}
	markdownKeys = []string{"unsafeHTML"}
)

// fallbackBaseURL keeps Config.BaseURL non-nil when site.yaml has no usable
// baseURL; the list then holds an error, so nothing is published with it.
const fallbackBaseURL = "http://localhost/"

// Load reads site.yaml from the root of fsys. The Config is usable, filled
// with defaults, even when the list holds errors.
func Load(fsys fs.FS) (*Config, diag.List) {
	f, err := fsys.Open(File)
	if err != nil {
		var errs diag.List
		if errors.Is(err, fs.ErrNotExist) {
			errs.Errorf(diag.Pos{File: File}, "not found: a site folder holds site.yaml, content/ and layouts/")
		} else {
			// The message starts with the file already.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			errs.Errorf(diag.Pos{File: File}, "cannot read: %v", err)
		}
		return defaults(), errs
	}
	defer f.Close()
	// Read one byte past the limit so that Parse sees the file is too big
	// without Load reading all of a huge one.
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		var errs diag.List
		errs.Errorf(diag.Pos{File: File}, "cannot read: %v", err)
		return defaults(), errs
	}
	return Parse(data)
}

// Parse reads the bytes of site.yaml; errors are reported against File. The
// Config is usable, filled with defaults, even when the list holds errors.
func Parse(data []byte) (*Config, diag.List) {
	p := &parser{cfg: defaults(), lineMap: yamlLines(data)}
	p.parse(data)
	p.finish()
	return p.cfg, p.errs
}

func defaults() *Config {
	u, _ := url.Parse(fallbackBaseURL)
	return &Config{
		BaseURL:         u,
		DefaultLanguage: "en",
		Segments:        map[string]map[string]string{},
		Menus:           map[string][]string{},
		Pagination:      20,
		Bundles:         map[string][]string{},
		CMS:             CMS{Branch: "main"},
		Lines:           map[string]int{},
	}
}

// parser walks the yaml.v3 node tree itself, rather than decoding into
// structs, so that every problem gets the line of the node it is about and
// every problem is found, not only the first.
type parser struct {
	cfg  *Config
	errs diag.List
	// lineMap holds the editor line (as diag.NewLines counts them) of each
	// line as YAML counts them, by YAML line - 1.
	lineMap []int
}

// yamlLines maps YAML's line numbers to the lines an editor shows. YAML also
// breaks lines at a lone CR, NEL, LS and PS, which diag.Lines and most
// editors do not.
func yamlLines(data []byte) []int {
	m, ed := []int{1}, 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\n':
			ed++
			m = append(m, ed)
		case c == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
				ed++
			}
			m = append(m, ed)
		case c == 0xC2 && i+1 < len(data) && data[i+1] == 0x85:
			i++
			m = append(m, ed)
		case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			i += 2
			m = append(m, ed)
		}
	}
	return m
}

// line turns a YAML line number into an editor line, keeping it within the
// file: yaml.v3 can report the end of input on the line after the last.
func (p *parser) line(yamlLine int) int {
	if yamlLine <= 0 {
		return 0
	}
	return p.lineMap[min(yamlLine, len(p.lineMap))-1]
}

// errorf records an error at n, or at the file alone when n is nil.
func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	pos := diag.Pos{File: File}
	if n != nil {
		pos.Line, pos.Col = p.line(n.Line), n.Column
	}
	p.errs.Errorf(pos, format, args...)
}

func (p *parser) warnf(n *yaml.Node, format string, args ...any) {
	p.errs.Warnf(diag.Pos{File: File, Line: p.line(n.Line), Col: n.Column}, format, args...)
}

var yamlErrRE = regexp.MustCompile(`(?s)^(?:yaml: )?line (\d+): (.*)$`)

// parserProblems are the messages of yaml.v3's parser, as opposed to its
// scanner, from gopkg.in/yaml.v3's parserc.go.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// syntaxError records an error from the YAML parser, whose messages read
// "yaml: line 3: mapping values are not allowed in this context".
func (p *parser) syntaxError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlErrRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if parserProblems[msg] {
		// yaml.v3 counts lines from 0 for parser errors (from 1 for scanner
		// errors) and leaves out "line 0".
		line++
	}
	line = p.line(line)
	if p.lineMap[len(p.lineMap)-1] == 1 {
		line = 1 // whatever yaml.v3 says, there is only one line to blame
	}
	p.errs.Errorf(diag.Pos{File: File, Line: line}, "invalid YAML: %s", msg)
}

func (p *parser) parse(data []byte) {
	if len(data) > MaxSize {
		p.errorf(nil, "too large: more than %d bytes (1 MiB); settings are a few kilobytes", MaxSize)
		return
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		// yaml.v3 would read it, but every position would be wrong.
		p.errorf(nil, "encoded as UTF-16; save it as UTF-8")
		return
	}
	root, ok := p.decode(data)
	if !ok {
		return
	}
	if root == nil {
		p.errorf(nil, "empty: site.yaml needs at least baseURL and languages")
		return
	}
	if !p.noAliases(root) {
		return
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "the top level is %s, want a mapping of settings like baseURL: https://example.org/", describe(root))
		return
	}
	p.top(root)
}

// decode parses data into the root node of its one document. It returns a
// nil node for an empty document, and false after a syntax error.
func (p *parser) decode(data []byte) (root *yaml.Node, ok bool) {
	// yaml.v3 has panicked on crafted input before; a library never panics
	// on bad input, so a panic becomes an error.
	defer func() {
		if r := recover(); r != nil {
			p.errorf(nil, "invalid YAML: %v", r)
			root, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, true
		}
		p.syntaxError(err)
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		p.errorf(&next, "a second YAML document starts here; site.yaml holds one")
	case err != io.EOF:
		p.syntaxError(err)
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	return doc.Content[0], true
}

// noAliases rejects anchors and aliases anywhere in the tree. They are the
// vehicle of "billion laughs" documents, and settings never need them. The
// walk uses a stack, not recursion, so deep nesting costs no Go stack.
func (p *parser) noAliases(root *yaml.Node) bool {
	ok := true
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case n.Kind == yaml.AliasNode:
			p.errorf(n, "alias *%s: anchors and aliases are not allowed in site.yaml; write the value out", n.Value)
			ok = false
			continue // never follow an alias
		case n.Anchor != "":
			p.errorf(n, "anchor &%s: anchors and aliases are not allowed in site.yaml; write the value out", n.Anchor)
			ok = false
		}
		stack = append(stack, n.Content...)
	}
	return ok
}

// describe names a value for messages: a scalar by its text, anything else
// by its kind.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "an empty value"
		}
		return strconv.Quote(n.Value)
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// pair is one key and its value in a mapping.
type pair struct {
	key   string
	k, v  *yaml.Node
	path  string // the dotted path of the key, as in Config.Lines
	label string // path followed by ": ", the prefix of messages about the value
}

// keys says which keys a mapping may hold.
type keys struct {
	known []string // the allowed keys; nil allows any
	// langs is set when the keys are language codes, for a message that
	// says so.
	langs bool
}

// pairs returns the entries of mapping n at dotted path parent, recording
// their lines and reporting duplicate, non-text and unknown keys (which are
// left out).
func (p *parser) pairs(n *yaml.Node, parent string, allowed keys) []pair {
	prefix := ""
	if parent != "" {
		prefix = parent + ": "
	}
	var out []pair
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s%s is not a key; keys are plain text", prefix, describe(k))
			continue
		}
		if line, dup := first[k.Value]; dup {
			p.errorf(k, "%sduplicate key %q (first at line %d)", prefix, k.Value, line)
			continue
		}
		first[k.Value] = p.line(k.Line)
		if allowed.known != nil && !contains(allowed.known, k.Value) {
			if allowed.langs {
				p.errorf(k, "%s%q is not one of the languages (%s)%s", prefix, k.Value, strings.Join(allowed.known, ", "), diag.Suggest(k.Value, allowed.known))
			} else {
				p.errorf(k, "%sunknown key %q%s", prefix, k.Value, diag.Suggest(k.Value, allowed.known))
			}
			continue
		}
		pth := k.Value
		if parent != "" {
			pth = parent + "." + k.Value
		}
		p.cfg.Lines[pth] = p.line(k.Line)
		out = append(out, pair{key: k.Value, k: k, v: v, path: pth, label: pth + ": "})
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// mapping reports whether n is a mapping, recording an error saying what was
// expected when it is not. An empty value counts as an empty mapping when
// emptyOK.
func (p *parser) mapping(n *yaml.Node, label, want string, emptyOK bool) bool {
	if n.Kind == yaml.MappingNode || (emptyOK && isNull(n)) {
		return true
	}
	p.errorf(n, "%s%s is not %s", label, describe(n), want)
	return false
}

// text reads a scalar as text; empty values are errors.
func (p *parser) text(n *yaml.Node, label, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		p.errorf(n, "%s%s is not %s", label, describe(n), want)
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" {
		p.errorf(n, "%sempty, want %s", label, want)
		return "", false
	}
	return n.Value, true
}
