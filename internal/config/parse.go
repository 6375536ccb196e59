package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
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

func (p *parser) top(root *yaml.Node) {
	byKey := map[string]pair{}
	for _, kv := range p.pairs(root, "", keys{known: topKeys}) {
		byKey[kv.key] = kv
	}
	// Languages come first whatever the order of the file: segments and
	// themes are checked against them.
	if kv, ok := byKey["languages"]; ok {
		p.languages(kv)
	} else {
		p.errorf(nil, "missing languages, like en: {name: English, title: My site}")
	}
	p.defaultLanguage(byKey)
	if kv, ok := byKey["baseURL"]; ok {
		p.baseURL(kv)
	} else {
		p.errorf(nil, "missing baseURL: where public/ is published, like https://example.org/")
	}
	if kv, ok := byKey["segments"]; ok {
		p.segments(kv)
	}
	if kv, ok := byKey["themes"]; ok {
		p.themes(kv)
	}
	if kv, ok := byKey["menus"]; ok {
		p.menus(kv)
	}
	if kv, ok := byKey["pagination"]; ok {
		p.pagination(kv)
	}
	if kv, ok := byKey["markdown"]; ok {
		p.markdown(kv)
	}
	if kv, ok := byKey["bundles"]; ok {
		p.bundles(kv)
	}
	if kv, ok := byKey["cms"]; ok {
		p.cms(kv)
	}
}

// finish fills in what site.yaml left out or got wrong, so the Config is
// usable even with errors.
func (p *parser) finish() {
	c := p.cfg
	if len(c.Languages) == 0 {
		c.Languages = []Language{{Code: c.DefaultLanguage, Name: c.DefaultLanguage}}
	}
	for _, key := range StandardSegments {
		if _, ok := c.Segments[key]; !ok {
			c.Segments[key] = map[string]string{}
		}
	}
	for key, m := range c.Segments {
		for _, code := range c.LanguageCodes() {
			if m[code] == "" {
				m[code] = key
			}
		}
	}
}

func (p *parser) baseURL(kv pair) {
	raw, ok := p.text(kv.v, kv.label, "an absolute http(s) URL like https://example.org/")
	if !ok {
		return
	}
	if err := p.cfg.SetBaseURL(raw); err != nil {
		p.errorf(kv.v, "%s%q is not an absolute http(s) URL like https://example.org/", kv.label, raw)
		return
	}
	u := p.cfg.BaseURL
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		p.errorf(kv.v, "%s%q has a query, fragment or user; want a plain URL like https://example.org/", kv.label, raw)
		p.cfg.BaseURL, _ = url.Parse(fallbackBaseURL)
	}
}

// languageCode checks a site language code: a well-formed, known BCP 47 tag
// in its canonical form (en, es, pt, pt-BR), as it appears in file names
// and URLs. It returns the canonical form as a suggestion when that differs.
func languageCode(code string) (ok bool, hint string) {
	tag, err := language.Parse(code)
	if err != nil || tag == language.Und {
		return false, ""
	}
	if s := tag.String(); s != code {
		return false, fmt.Sprintf(" (did you mean %q?)", s)
	}
	return true, ""
}

func (p *parser) languages(kv pair) {
	c := p.cfg
	if !p.mapping(kv.v, kv.label, "a mapping of language codes, like en: {name: English, title: My site}", false) {
		return
	}
	for _, l := range p.pairs(kv.v, kv.path, keys{}) {
		if ok, hint := languageCode(l.key); !ok {
			p.errorf(l.k, "%s%q is not a language code like en, es or pt%s", kv.label, l.key, hint)
			continue
		}
		lang := Language{Code: l.key, Name: l.key}
		if p.mapping(l.v, l.label, "{name: ..., title: ...}", true) {
			var sawName, sawTitle bool
			for _, f := range p.pairs(l.v, l.path, keys{known: languageKeys}) {
				switch f.key {
				case "name":
					sawName = true
					if s, ok := p.text(f.v, f.label, "the language's own name, like Español"); ok {
						lang.Name = s
					}
				case "title":
					sawTitle = true
					if s, ok := p.text(f.v, f.label, "the site title in this language"); ok {
						lang.Title = s
					}
				}
			}
			if !sawName {
				p.errorf(l.k, "%smissing name (the language's own name, like Español)", l.label)
			}
			if !sawTitle {
				p.errorf(l.k, "%smissing title (the site title in this language)", l.label)
			}
		}
		c.Languages = append(c.Languages, lang)
	}
	if len(kv.v.Content) == 0 {
		p.errorf(kv.v, "%sempty, want at least one language like en: {name: English, title: My site}", kv.label)
	}
}

func (p *parser) defaultLanguage(byKey map[string]pair) {
	c := p.cfg
	codes := c.LanguageCodes()
	kv, given := byKey["defaultLanguage"]
	if !given {
		if _, ok := c.Language(c.DefaultLanguage); !ok && len(codes) > 0 {
			langs := byKey["languages"]
			p.errorf(langs.k, "missing defaultLanguage, and the default %q is not one of the languages (%s)", c.DefaultLanguage, strings.Join(codes, ", "))
			c.DefaultLanguage = codes[0]
		}
		return
	}
	s, ok := p.text(kv.v, kv.label, "a language code like en")
	if !ok {
		return
	}
	if _, found := c.Language(s); !found {
		if len(codes) > 0 {
			p.errorf(kv.v, "%s%q is not one of the languages (%s)%s", kv.label, s, strings.Join(codes, ", "), diag.Suggest(s, codes))
			c.DefaultLanguage = codes[0]
		}
		return
	}
	c.DefaultLanguage = s
}

// keyRE is the form of section, index and theme keys: lowercase kebab case.
var keyRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

const keyForm = "lowercase letters, digits and single hyphens"

// validSegment reports whether s can stand as one URL path segment as
// written: no separators, nothing a URL would need escaped to keep its
// meaning, and no dot segments.
func validSegment(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`/\?#%`, r) {
			return false
		}
	}
	return true
}

func (p *parser) segments(kv pair) {
	c := p.cfg
	if !p.mapping(kv.v, kv.label, "a mapping of section keys, like events: {en: events, es: eventos}", true) {
		return
	}
	codes := c.LanguageCodes()
	var order []string
	for _, s := range p.pairs(kv.v, kv.path, keys{}) {
		if !keyRE.MatchString(s.key) {
			p.errorf(s.k, "%s%q is not a section key (%s, like case-studies)", kv.label, s.key, keyForm)
			continue
		}
		if !contains(StandardSegments, s.key) {
			// Other sections are allowed, but a near miss of a standard
			// key is most likely a typo that would leave it unlocalized.
			if hint := diag.Suggest(s.key, StandardSegments); hint != "" {
				p.warnf(s.k, "%s%q is not a standard section or index key%s", kv.label, s.key, hint)
			}
		}
		m := map[string]string{}
		c.Segments[s.key] = m
		order = append(order, s.key)
		if !p.mapping(s.v, s.label, "one segment per language, like {en: events, es: eventos}", false) {
			continue
		}
		for _, f := range p.pairs(s.v, s.path, keys{known: codes, langs: true}) {
			seg, ok := p.text(f.v, f.label, "one URL path segment like eventos")
			if !ok {
				continue
			}
			if !validSegment(seg) {
				p.errorf(f.v, `%s%q is not a single URL path segment (no "/", spaces, "?", "#" or "%%")`, f.label, seg)
				continue
			}
			m[f.key] = seg
		}
		var missing []string
		for _, code := range codes {
			if _, ok := m[code]; !ok && !hasKey(s.v, code) {
				missing = append(missing, code)
			}
		}
		if len(missing) > 0 {
			p.errorf(s.k, "%smissing the segment for %s", s.label, strings.Join(missing, ", "))
		}
	}
	// Two sections on one segment in one language would share their URLs.
	for _, code := range codes {
		used := map[string]string{}
		for _, key := range order {
			seg, ok := c.Segments[key][code]
			if !ok {
				continue
			}
			if other, clash := used[seg]; clash {
				p.errs.Errorf(diag.Pos{File: File, Line: c.Lines[kv.path+"."+key+"."+code]}, "%s.%s.%s: %q is also the segment of %s", kv.path, key, code, seg, other)
				continue
			}
			used[seg] = key
		}
	}
}

// hasKey reports whether mapping n holds key, so that a value already
// reported as wrong is not also reported as missing.
func hasKey(n *yaml.Node, key string) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return true
		}
	}
	return false
}

func (p *parser) themes(kv pair) {
	c := p.cfg
	if !p.mapping(kv.v, kv.label, "a mapping of theme keys, like cross-border: {name: {en: ..., es: ...}}", true) {
		return
	}
	for _, t := range p.pairs(kv.v, kv.path, keys{}) {
		if !keyRE.MatchString(t.key) {
			p.errorf(t.k, "%s%q is not a theme key (%s, like cross-border)", kv.label, t.key, keyForm)
			continue
		}
		theme := Theme{Key: t.key, Name: map[string]string{}, Description: map[string]string{}}
		sawName := false
		if p.mapping(t.v, t.label, "{name: {en: ...}, description: {en: ...}}", true) {
			for _, f := range p.pairs(t.v, t.path, keys{known: themeKeys}) {
				switch f.key {
				case "name":
					sawName = true
					theme.Name = p.perLanguage(f)
				case "description":
					theme.Description = p.perLanguage(f)
				}
			}
		}
		if !sawName {
			p.errorf(t.k, "%smissing name, like name: {%s: ...}", t.label, strings.Join(c.LanguageCodes(), ": ..., "))
		}
		c.Themes = append(c.Themes, theme)
	}
}

// perLanguage reads {en: text, es: text} with a text for every language.
func (p *parser) perLanguage(kv pair) map[string]string {
	m := map[string]string{}
	codes := p.cfg.LanguageCodes()
	if !p.mapping(kv.v, kv.label, "one text per language, like {en: ..., es: ...}", false) {
		return m
	}
	for _, f := range p.pairs(kv.v, kv.path, keys{known: codes, langs: true}) {
		if s, ok := p.text(f.v, f.label, "a text"); ok {
			m[f.key] = s
		}
	}
	var missing []string
	for _, code := range codes {
		if !hasKey(kv.v, code) {
			missing = append(missing, code)
		}
	}
	if len(missing) > 0 {
		p.errorf(kv.k, "%smissing the text for %s", kv.label, strings.Join(missing, ", "))
	}
	return m
}

// list reads a list of non-empty texts.
func (p *parser) list(kv pair, want, itemWant string) ([]string, bool) {
	if kv.v.Kind != yaml.SequenceNode {
		p.errorf(kv.v, "%s%s is not %s", kv.label, describe(kv.v), want)
		return nil, false
	}
	out := []string{}
	for i, item := range kv.v.Content {
		if s, ok := p.text(item, fmt.Sprintf("%s[%d]: ", kv.path, i), itemWant); ok {
			out = append(out, s)
		}
	}
	return out, true
}

func (p *parser) menus(kv pair) {
	if !p.mapping(kv.v, kv.label, "a mapping of menus, like main: [regions, events]", true) {
		return
	}
	for _, m := range p.pairs(kv.v, kv.path, keys{}) {
		if items, ok := p.list(m, "a list of entries, like [regions, events]", "a section key or page slug"); ok {
			p.cfg.Menus[m.key] = items
		}
	}
}

func (p *parser) pagination(kv pair) {
	v := kv.v
	n, err := 0, errors.New("not a scalar")
	if v.Kind == yaml.ScalarNode && !isNull(v) {
		// Decode knows YAML's integer forms (1_000, 0x14); Atoi lets a
		// quoted "20" through.
		if err = v.Decode(&n); err != nil {
			n, err = strconv.Atoi(strings.TrimSpace(v.Value))
		}
	}
	switch {
	case err != nil:
		p.errorf(v, "%s%s is not a whole number", kv.label, describe(v))
	case n <= 0:
		p.errorf(v, "%s%d is not a number of items per page; want 1 or more", kv.label, n)
	default:
		p.cfg.Pagination = n
	}
}

func (p *parser) markdown(kv pair) {
	if !p.mapping(kv.v, kv.label, "a mapping, like {unsafeHTML: false}", true) {
		return
	}
	for _, f := range p.pairs(kv.v, kv.path, keys{known: markdownKeys}) {
		var b bool
		if f.v.Kind != yaml.ScalarNode || f.v.ShortTag() != "!!bool" || f.v.Decode(&b) != nil {
			p.errorf(f.v, "%s%s is not true or false", f.label, describe(f.v))
			continue
		}
		p.cfg.Markdown.UnsafeHTML = b
	}
}

// assetName reports whether s is a clean slash-separated path that stays
// inside its folder: css/site.css, not /css/site.css or ../site.css.
func assetName(s string) bool {
	return fs.ValidPath(s) && s != "." && path.Clean(s) == s
}

func (p *parser) bundles(kv pair) {
	if !p.mapping(kv.v, kv.label, "a mapping of output names to assets/ files, like css/site.css: [css/base.css, css/layout.css]", true) {
		return
	}
	for _, b := range p.pairs(kv.v, kv.path, keys{}) {
		if !assetName(b.key) {
			p.errorf(b.k, "%s%q is not an output name like css/site.css", kv.label, b.key)
			continue
		}
		items, ok := p.list(b, "a list of files in assets/, like [css/base.css, css/layout.css]", "a file in assets/ like css/base.css")
		if !ok {
			continue
		}
		for i, n := range b.v.Content {
			if n.Kind != yaml.ScalarNode || isNull(n) || strings.TrimSpace(n.Value) == "" {
				continue // already reported by list
			}
			item, label := n.Value, fmt.Sprintf("%s[%d]: ", b.path, i)
			switch {
			case !assetName(item):
				p.errorf(n, "%s%q is not a path inside assets/ like css/base.css", label, item)
			case strings.HasPrefix(item, "assets/"):
				// Entries are relative to assets/, as the assets package
				// names its files.
				p.errorf(n, "%s%q: paths are relative to assets/ (did you mean %q?)", label, item, strings.TrimPrefix(item, "assets/"))
			}
		}
		if len(items) == 0 {
			p.errorf(b.v, "%sempty, want at least one file in assets/", b.label)
		}
		p.cfg.Bundles[b.key] = items
	}
}
