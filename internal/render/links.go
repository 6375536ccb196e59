package render

import (
	"net/url"
	"path"
	"strings"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/site"
)

// Links to content files. An editor may link to another page by its file,
// as Hugo's ref does, instead of by its URL:
//
//	[the workshop](../events/ewrc-2019.md)       the page in this page's language
//	[the workshop](/events/ewrc-2019.md)         the same, from the content folder
//	[el taller](../events/ewrc-2019.es.md)       that very file
//
// A link without a language suffix goes to the translation in the linking
// page's language, else to the version the lists show (the default
// language's), so that removing a translation never breaks the links to it.

// fileIndex finds pages by their source file.
type fileIndex struct {
	byPath map[string]*site.Page  // content/events/x.es.md
	byName map[string]*site.Group // events/x (section/file slug), all languages
	langs  map[string]bool
}

func newFileIndex(m *site.Model) *fileIndex {
	ix := &fileIndex{byPath: map[string]*site.Page{}, byName: map[string]*site.Group{}, langs: map[string]bool{}}
	for _, l := range m.Config.Languages {
		ix.langs[l.Code] = true
	}
	for _, g := range m.Groups {
		for _, p := range g.Pages {
			ix.byPath[p.File.Path] = p
			ix.byName[p.File.Section+"/"+p.File.Slug] = g
		}
	}
	return ix
}

// contentPath is the content file a .md link names, relative to the site.
func contentPath(p *site.Page, linkPath string) string {
	if strings.HasPrefix(linkPath, "/") {
		return path.Clean(content.Dir + linkPath)
	}
	return path.Join(path.Dir(p.File.Path), linkPath)
}

// resolveFileLink turns a link to a content file into the URL of its page.
func (r *Renderer) resolveFileLink(p *site.Page, dest string) (string, bool) {
	if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") && !strings.HasSuffix(beforeQuery(dest), ".md") {
		// A link by URL names a site path (/en/about/): published under a
		// base URL with a path, it gets that path, as layouts' relURL does.
		if out := r.relURL(dest); out != dest {
			return out, true
		}
		return "", false
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasSuffix(u.Path, ".md") {
		return "", false
	}
	file := contentPath(p, u.Path)
	if !strings.HasPrefix(file, content.Dir+"/") {
		return "", false
	}
	var target *site.Page
	if q, ok := r.files.byPath[file]; ok {
		target = q
	} else {
		name := strings.TrimSuffix(strings.TrimPrefix(file, content.Dir+"/"), ".md")
		if i := strings.LastIndexByte(name, '.'); i > strings.LastIndexByte(name, '/') && r.files.langs[name[i+1:]] {
			return "", false // a file in a given language that does not exist
		}
		section, slug := path.Split(name)
		section = strings.TrimSuffix(section, "/")
		if slug == content.IndexSlug {
			target = r.listPage(section, p.Lang)
		} else if g, ok := r.files.byName[section+"/"+slug]; ok {
			it, _ := g.Pick(p.Lang, r.model.Config.DefaultLanguage)
			target = it.Page
		}
	}
	if target == nil {
		return "", false
	}
	out := r.relURL(target.URL)
	if u.Fragment != "" {
		out += "#" + u.Fragment
	}
	return out, true
}

// beforeQuery is dest without its query or fragment.
func beforeQuery(dest string) string {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		return dest[:i]
	}
	return dest
}

// sitePath is the site path of a published path: p without the base URL's
// path, or ok false when p lies outside it.
func (r *Renderer) sitePath(p string) (string, bool) {
	if r.model.Config.BaseURL == nil {
		return p, true
	}
	base := strings.TrimSuffix(r.model.Config.BaseURL.Path, "/")
	if base == "" {
		return p, true
	}
	if p == base {
		return "/", true
	}
	if rest, ok := strings.CutPrefix(p, base); ok && strings.HasPrefix(rest, "/") {
		return rest, true
	}
	return "", false
}

// listPage is a section's list (or the home page for the content root) in lang.
func (r *Renderer) listPage(section, lang string) *site.Page {
	for _, lv := range r.model.Langs {
		if lv.Code != lang {
			continue
		}
		if section == "" {
			return lv.Home
		}
		return lv.Sections[section]
	}
	return nil
}

// plainLink reads the common link destinations without url.Parse, which
// allocates a URL for each of the tens of thousands of links a site's
// pages check: a path of plain characters (/en/events/kickoff/,
// ../about/), and an http(s) URL of plain characters. ok is false for
// anything else, which checkLink gives to url.Parse; for what it accepts,
// url.Parse would succeed with the same path, scheme and host (see
// TestPlainLinkAgreesWithURLParse).
func plainLink(dest string) (scheme, host, p string, ok bool) {
	rest := dest
	switch {
	case strings.HasPrefix(dest, "https://"):
		scheme, rest = "https", dest[len("https://"):]
	case strings.HasPrefix(dest, "http://"):
		scheme, rest = "http", dest[len("http://"):]
	case strings.HasPrefix(dest, "//"):
		return "", "", "", false // a host without a scheme
	}
	if scheme != "" {
		end := strings.IndexByte(rest, '/')
		if end < 0 {
			end = len(rest)
		}
		host, rest = rest[:end], rest[end:]
		if host == "" {
			return "", "", "", false
		}
		for i := 0; i < len(host); i++ {
			if c := host[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
				return "", "", "", false
			}
		}
	}
	for i := 0; i < len(rest); i++ {
		// No ':' (a scheme, or a port), '%' (escapes), '?' or '#'
		// (a query or fragment), nor anything url.Parse refuses.
		if c := rest[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			return "", "", "", false
		}
	}
	return scheme, host, rest, true
}
