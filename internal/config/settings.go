package config

import (
	"errors"
	"fmt"
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

// top reads the settings of site.yaml, each by a reader of its own below,
// in the order that lets later settings be checked against earlier ones.
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
	// The settings a site may leave out, in the order they are read.
	for _, s := range []struct {
		key  string
		read func(pair)
	}{
		{"segments", p.segments}, {"themes", p.themes}, {"menus", p.menus}, {"pagination", p.pagination},
		{"markdown", p.markdown}, {"bundles", p.bundles}, {"cms", p.cms},
	} {
		if kv, ok := byKey[s.key]; ok {
			s.read(kv)
		}
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
