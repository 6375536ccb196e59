package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/puente-ssg/puente/internal/diag"
)

// maxSize bounds site.yaml: settings are small, and a bound keeps a
// mistaken or hostile file from costing the build its memory.
const maxSize = 1 << 20

// StandardSegments are the section and index keys every site has.
var StandardSegments = []string{"regions", "events", "newsletters", "case-studies", "themes", "years"}

// Load reads site.yaml from the root of fsys.
func Load(fsys fs.FS) (*Config, diag.List) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		var errs diag.List
		if errors.Is(err, fs.ErrNotExist) {
			errs.Errorf(diag.Pos{File: File}, "no site.yaml: a site folder holds site.yaml, content/ and layouts/ (use --source to point at it)")
		} else {
			errs.Errorf(diag.Pos{File: File}, "%v", err)
		}
		return defaults(), errs
	}
	return Parse(data)
}

func defaults() *Config {
	u, _ := url.Parse("http://localhost/")
	return &Config{
		BaseURL:         u,
		DefaultLanguage: "en",
		Languages:       []Language{{Code: "en", Name: "English"}},
		Segments:        map[string]map[string]string{},
		Menus:           map[string][]string{},
		Pagination:      20,
		Lines:           map[string]int{},
	}
}

// parser walks the YAML node tree, collecting errors with positions.
type parser struct {
	cfg  *Config
	errs diag.List
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	pos := diag.Pos{File: File}
	if n != nil {
		pos.Line, pos.Col = n.Line, n.Column
	}
	p.errs.Errorf(pos, format, args...)
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

// Parse reads the bytes of site.yaml. The Config is usable, with defaults,
// even when the list holds errors.
func Parse(data []byte) (*Config, diag.List) {
	p := &parser{cfg: defaults()}
	if len(data) > maxSize {
		p.errs.Errorf(diag.Pos{File: File}, "site.yaml is %d bytes; the limit is %d", len(data), maxSize)
		return p.cfg, p.errs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		p.errs.Errorf(diag.Pos{File: File, Line: line}, "not valid YAML: %s", msg)
		return p.cfg, p.errs
	}
	if len(doc.Content) == 0 {
		p.errs.Errorf(diag.Pos{File: File, Line: 1}, "site.yaml is empty: it needs at least baseURL and languages")
		return p.cfg, p.errs
	}
	root := doc.Content[0]
	if hasAlias(root, 0) {
		p.errorf(root, "anchors and aliases (& and *) are not supported in site.yaml")
		return p.cfg, p.errs
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "site.yaml must be a mapping of settings (baseURL: ..., languages: ...)")
		return p.cfg, p.errs
	}
	p.top(root)
	return p.cfg, p.errs
}

// hasAlias reports whether the tree uses anchors or aliases. They are the
// vehicle of "billion laughs" documents, and settings never need them.
func hasAlias(n *yaml.Node, depth int) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || depth > 64 {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c, depth+1) {
			return true
		}
	}
	return false
}

// pairs returns the key/value pairs of a mapping, reporting duplicate keys
// and keys not in known (when known is not nil).
func (p *parser) pairs(n *yaml.Node, where string, known []string) [][2]*yaml.Node {
	var out [][2]*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			p.errorf(k, "%sduplicate key %q", where, k.Value)
			continue
		}
		seen[k.Value] = true
		if known != nil && !contains(known, k.Value) {
			p.errorf(k, "%sunknown key %q%s", where, k.Value, diag.Suggest(k.Value, known))
			continue
		}
		out = append(out, [2]*yaml.Node{k, v})
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

var topKeys = []string{"baseURL", "defaultLanguage", "languages", "segments", "themes", "menus", "pagination", "markdown", "bundles"}

func (p *parser) top(root *yaml.Node) {
	c := p.cfg
	var langNode, defNode, segNode, themeNode *yaml.Node
	sawBase := false
	for _, kv := range p.pairs(root, "", topKeys) {
		k, v := kv[0], kv[1]
		c.Lines[k.Value] = k.Line
		switch k.Value {
		case "baseURL":
			sawBase = true
			if s, ok := p.str(v, "baseURL"); ok {
				if err := c.SetBaseURL(s); err != nil {
					p.errorf(v, "baseURL: %q is not an absolute http(s) URL like https://example.org/", s)
				}
			}
		case "defaultLanguage":
			defNode = v
		case "languages":
			langNode = v
		case "segments":
			segNode = v
		case "themes":
			themeNode = v
		case "menus":
			p.menus(v)
		case "pagination":
			if v.Kind != yaml.ScalarNode {
				p.errorf(v, "pagination: want a whole number of items per page, like 20")
				break
			}
			n, err := strconv.Atoi(v.Value)
			switch {
			case err != nil:
				p.errorf(v, "pagination: %q is not a whole number", v.Value)
			case n <= 0:
				p.errorf(v, "pagination: %d items per page; want 1 or more", n)
			default:
				c.Pagination = n
			}
		case "markdown":
			p.markdown(v)
		case "bundles":
			p.bundles(v)
		}
	}
	if !sawBase {
		p.errs.Errorf(diag.Pos{File: File, Line: 1}, "missing baseURL: where the site is published, like https://example.org/")
	}
	if langNode == nil {
		p.errs.Errorf(diag.Pos{File: File, Line: 1}, "missing languages: list the site's languages, like en: {name: English, title: ...}")
	} else {
		p.languages(langNode)
	}
	if defNode != nil {
		if s, ok := p.str(defNode, "defaultLanguage"); ok {
			if _, found := c.Language(s); !found {
				p.errorf(defNode, "defaultLanguage: %q is not one of the languages (%s)", s, strings.Join(c.LanguageCodes(), ", "))
			} else {
				c.DefaultLanguage = s
			}
		}
	} else if _, found := c.Language("en"); !found && len(c.Languages) > 0 {
		c.DefaultLanguage = c.Languages[0].Code
	}
	p.segments(segNode)
	if themeNode != nil {
		p.themes(themeNode)
	}
}

// str reads a scalar string value.
func (p *parser) str(v *yaml.Node, field string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.errorf(v, "%s: want a text value", field)
		return "", false
	}
	return v.Value, true
}

var codeRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func (p *parser) languages(n *yaml.Node) {
	c := p.cfg
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "languages: want a mapping of language codes, like en: {name: English, title: ...}")
		return
	}
	c.Languages = nil
	for _, kv := range p.pairs(n, "languages: ", nil) {
		k, v := kv[0], kv[1]
		code := k.Value
		c.Lines["languages."+code] = k.Line
		if !codeRE.MatchString(code) {
			p.errorf(k, "languages: %q is not a language code like en, es or pt-BR", code)
			continue
		}
		if _, err := language.Parse(code); err != nil {
			p.errorf(k, "languages: %q is not a known language code", code)
			continue
		}
		l := Language{Code: code}
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "languages: %s: want {name: ..., title: ...}", code)
			continue
		}
		for _, f := range p.pairs(v, "languages: "+code+": ", []string{"name", "title"}) {
			s, ok := p.str(f[1], "languages: "+code+": "+f[0].Value)
			if !ok {
				continue
			}
			if f[0].Value == "name" {
				l.Name = s
			} else {
				l.Title = s
			}
		}
		if l.Name == "" {
			p.errorf(k, "languages: %s: missing name (the language's own name, like Español)", code)
			l.Name = code
		}
		c.Languages = append(c.Languages, l)
	}
	if len(c.Languages) == 0 {
		p.errorf(n, "languages: the site needs at least one language")
		c.Languages = []Language{{Code: "en", Name: "English"}}
	}
}

var segmentRE = regexp.MustCompile(`^[\p{Ll}\p{Lo}0-9][\p{Ll}\p{Lo}\p{Mn}0-9_-]*$`)

func (p *parser) segments(n *yaml.Node) {
	c := p.cfg
	if n != nil {
		if n.Kind != yaml.MappingNode {
			p.errorf(n, "segments: want a mapping of section keys, like events: {en: events, es: eventos}")
		} else {
			codes := c.LanguageCodes()
			for _, kv := range p.pairs(n, "segments: ", nil) {
				k, v := kv[0], kv[1]
				c.Lines["segments."+k.Value] = k.Line
				if v.Kind != yaml.MappingNode {
					p.errorf(v, "segments: %s: want one segment per language, like {en: events, es: eventos}", k.Value)
					continue
				}
				m := map[string]string{}
				present := map[string]bool{}
				for _, f := range p.pairs(v, "segments: "+k.Value+": ", codes) {
					present[f[0].Value] = true
					s, ok := p.str(f[1], "segments: "+k.Value+": "+f[0].Value)
					if !ok {
						continue
					}
					if !segmentRE.MatchString(s) {
						p.errorf(f[1], "segments: %s: %s: %q is not one URL segment (lowercase, no spaces or slashes)", k.Value, f[0].Value, s)
						continue
					}
					m[f[0].Value] = s
				}
				for _, code := range codes {
					if !present[code] {
						p.errorf(v, "segments: %s: missing the %s segment", k.Value, code)
					}
				}
				c.Segments[k.Value] = m
			}
		}
	}
	for _, key := range StandardSegments {
		if _, ok := c.Segments[key]; !ok {
			m := map[string]string{}
			for _, code := range c.LanguageCodes() {
				m[code] = key
			}
			c.Segments[key] = m
		}
	}
	// Two sections on one segment in one language would share URLs.
	keys := make([]string, 0, len(c.Segments))
	for k := range c.Segments {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, code := range c.LanguageCodes() {
		used := map[string]string{}
		for _, k := range keys {
			s := c.Segments[k][code]
			if other, ok := used[s]; ok && s != "" {
				p.errs.Errorf(diag.Pos{File: File, Line: c.Lines["segments."+k]}, "segments: %s and %s both use %q in %s", other, k, s, code)
			}
			used[s] = k
		}
	}
}

var keyRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (p *parser) themes(n *yaml.Node) {
	c := p.cfg
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "themes: want a mapping of theme keys, like cross-border: {name: {en: ..., es: ...}}")
		return
	}
	codes := c.LanguageCodes()
	for _, kv := range p.pairs(n, "themes: ", nil) {
		k, v := kv[0], kv[1]
		c.Lines["themes."+k.Value] = k.Line
		if !keyRE.MatchString(k.Value) {
			p.errorf(k, "themes: %q is not a theme key (lowercase letters, digits and hyphens, like cross-border)", k.Value)
			continue
		}
		t := Theme{Key: k.Value, Name: map[string]string{}, Description: map[string]string{}}
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "themes: %s: want {name: {en: ...}, description: {en: ...}}", k.Value)
			continue
		}
		for _, f := range p.pairs(v, "themes: "+k.Value+": ", []string{"name", "description"}) {
			field := "themes: " + k.Value + ": " + f[0].Value
			m := p.perLanguage(f[1], field, codes)
			if f[0].Value == "name" {
				t.Name = m
			} else {
				t.Description = m
			}
			for _, code := range codes {
				if _, ok := m[code]; !ok && f[1].Kind == yaml.MappingNode {
					p.errorf(f[1], "%s: missing the %s text", field, code)
				}
			}
		}
		if len(t.Name) == 0 {
			p.errorf(k, "themes: %s: missing name (one per language, like name: {en: ..., es: ...})", k.Value)
		}
		c.Themes = append(c.Themes, t)
	}
}

// perLanguage reads {en: text, es: text}.
func (p *parser) perLanguage(n *yaml.Node, field string, codes []string) map[string]string {
	m := map[string]string{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want one text per language, like {en: ..., es: ...}", field)
		return m
	}
	for _, f := range p.pairs(n, field+": ", codes) {
		if s, ok := p.str(f[1], field+": "+f[0].Value); ok {
			m[f[0].Value] = s
		}
	}
	return m
}

func (p *parser) menus(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "menus: want a mapping of menus, like main: [regions, events]")
		return
	}
	for _, kv := range p.pairs(n, "menus: ", nil) {
		k, v := kv[0], kv[1]
		p.cfg.Lines["menus."+k.Value] = k.Line
		items, ok := p.list(v, "menus: "+k.Value)
		if ok {
			p.cfg.Menus[k.Value] = items
		}
	}
}

// list reads a sequence of strings.
func (p *parser) list(n *yaml.Node, field string) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list, like [a, b]", field)
		return nil, false
	}
	var out []string
	for _, item := range n.Content {
		if s, ok := p.str(item, field); ok {
			out = append(out, s)
		}
	}
	return out, true
}

func (p *parser) markdown(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "markdown: want a mapping, like {unsafeHTML: false}")
		return
	}
	for _, kv := range p.pairs(n, "markdown: ", []string{"unsafeHTML"}) {
		v := kv[1]
		var b bool
		if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
			p.errorf(v, "markdown: unsafeHTML: %q is not true or false", v.Value)
			continue
		}
		p.cfg.Markdown.UnsafeHTML = b
	}
}

func (p *parser) bundles(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "bundles: want a mapping, like css/site.css: [css/base.css, css/layout.css]")
		return
	}
	p.cfg.Bundles = map[string][]string{}
	for _, kv := range p.pairs(n, "bundles: ", nil) {
		k, v := kv[0], kv[1]
		p.cfg.Lines["bundles."+k.Value] = k.Line
		if items, ok := p.list(v, "bundles: "+k.Value); ok {
			p.cfg.Bundles[k.Value] = items
		}
	}
}

// String shows where a setting is, for messages of later stages.
func (c *Config) String() string { return fmt.Sprintf("site.yaml (%d languages)", len(c.Languages)) }
