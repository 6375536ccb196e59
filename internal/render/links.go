package render

import (
	"fmt"
	"hash/maphash"
	"maps"
	"net/url"
	"path"
	"strings"
	"sync"

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

// linkIndex is what a body's links are resolved and checked against: the
// site's paths, its pages by source file and by name, its lists, and where
// it is published. It holds everything resolveFileLink and checkLink read
// besides the linking page's file, URL and language (a linkFrom), so that
// a body converted in one Renderer keeps its links' answers in the next
// when the two indexes are equal (see Bodies), without asking each link
// again.
type linkIndex struct {
	// baseURL is site.yaml's baseURL, for messages ("" when none);
	// baseHost is its host, basePath its path without a trailing slash.
	baseURL, baseHost, basePath string
	hasBase                     bool
	langs                       map[string]bool
	// byPath is the URL of the page made from each content file
	// (content/events/x.es.md).
	byPath map[string]string
	// inLang is, by language and name (events/x: section and file slug),
	// the URL of the page a link by name in that language goes to;
	// fallback, by name, where a link from any other language goes (both
	// as Group.Pick picks).
	inLang   map[langName]string
	fallback map[string]string
	// lists are the URLs of the sections' first list pages, and of the
	// home page as section "", by language.
	lists map[langName]string
	// paths are the site paths the build writes: pages, aliases, assets,
	// and the outputs addPath adds (feeds, calendars).
	paths map[string]bool

	// sum is a digest of the maps (see equal), worked out once the index
	// is complete; summed says whether it is still that of the maps.
	sumMu  sync.Mutex
	sum    uint64
	summed bool
}

// langName is a name in a language.
type langName struct{ lang, name string }

// linkFrom is what of the linking page its links depend on: its file
// (relative links to files), its URL (relative links) and its language.
type linkFrom struct{ file, url, lang string }

func linkFromPage(p *site.Page) linkFrom { return linkFrom{p.File.Path, p.URL, p.Lang} }

func newLinkIndex(m *site.Model) *linkIndex {
	// Sized first: serve makes an index after every edit, and growing maps
	// of a large site's pages costs as much as filling them.
	files := 0
	for _, g := range m.Groups {
		files += len(g.Pages)
	}
	ix := &linkIndex{langs: map[string]bool{}, byPath: make(map[string]string, files), inLang: make(map[langName]string, files),
		fallback: make(map[string]string, len(m.Groups)), lists: map[langName]string{}, paths: make(map[string]bool, len(m.Pages))}
	if b := m.Config.BaseURL; b != nil {
		ix.hasBase, ix.baseURL, ix.baseHost, ix.basePath = true, b.String(), b.Host, strings.TrimSuffix(b.Path, "/")
	}
	for _, l := range m.Config.Languages {
		ix.langs[l.Code] = true
	}
	// A name is the last group's that has a page of that name, and a link
	// by name goes where that group's Pick says.
	byName := make(map[string]*site.Group, len(m.Groups))
	for _, g := range m.Groups {
		for _, p := range g.Pages {
			ix.byPath[p.File.Path] = p.URL
			byName[p.File.Section+"/"+p.File.Slug] = g
		}
	}
	for name, g := range byName {
		for _, p := range g.Pages {
			if _, ok := ix.inLang[langName{p.Lang, name}]; !ok {
				ix.inLang[langName{p.Lang, name}] = p.URL // Group.In: the first in p.Lang
			}
		}
		if it, ok := g.Pick("", m.Config.DefaultLanguage); ok {
			ix.fallback[name] = it.Page.URL
		}
	}
	for _, lv := range m.Langs {
		if _, ok := ix.lists[langName{lv.Code, ""}]; ok {
			continue // Langs' first of a code, as listPage finds it
		}
		if lv.Home != nil {
			ix.lists[langName{lv.Code, ""}] = lv.Home.URL
		}
		for key, p := range lv.Sections {
			if p != nil {
				ix.lists[langName{lv.Code, key}] = p.URL
			}
		}
	}
	for _, p := range m.Pages {
		ix.paths[p.URL] = true
	}
	return ix
}

// equal reports whether two indexes answer every link alike. Serve asks
// it of each new index against the last one after every edit, and a
// large site's maps hold a hundred thousand entries: they are compared by
// their sizes and a digest each index works out once, a sum of a keyed
// 64-bit hash of every entry, rather than entry by entry. Indexes that
// differ but sum alike would need a collision of that hash under a seed
// chosen when the process starts.
func (ix *linkIndex) equal(o *linkIndex) bool {
	return ix == o || ix.baseURL == o.baseURL && ix.baseHost == o.baseHost && ix.basePath == o.basePath &&
		ix.hasBase == o.hasBase && len(ix.langs) == len(o.langs) && len(ix.byPath) == len(o.byPath) &&
		len(ix.inLang) == len(o.inLang) && len(ix.fallback) == len(o.fallback) &&
		len(ix.lists) == len(o.lists) && len(ix.paths) == len(o.paths) && ix.digest() == o.digest()
}

// linkChanges is what an index may answer otherwise than an earlier one
// (see changesSince).
type linkChanges struct {
	// all is true when any link may be answered otherwise; else only a
	// link whose stem (linkStem) is among stems, or that has none, may be.
	all   bool
	stems map[string]bool
}

// any reports whether any link may be answered otherwise.
func (c *linkChanges) any() bool { return c.all || len(c.stems) > 0 }

// reaches reports whether the changes may reach any link of a body
// whose links' stems are in f; when false, none of them need asking.
func (c *linkChanges) reaches(f *stemFilter) bool {
	if c.all {
		return true
	}
	if len(c.stems) == 0 {
		return false
	}
	if f.unsure {
		return true
	}
	for stem := range c.stems {
		if f.mayHold(stem) {
			return true
		}
	}
	return false
}

// mayChange reports whether a link to dest may be answered otherwise.
func (c *linkChanges) mayChange(dest string) bool {
	if c.all {
		return true
	}
	if len(c.stems) == 0 {
		return false
	}
	stem, ok := linkStem(dest)
	return !ok || c.stems[stem]
}

// changesSince works out which links ix may answer otherwise than old.
// After an edit that makes, drops or moves a page, only the entries of
// that page and its neighbours differ, and a link's answer reads only
// entries whose last path element is that of the link's path: a content
// file's path (byPath), a name (inLang, fallback) and a site path
// (paths) all end with the element the link ends with, once ".." and
// "." are resolved. So a body's links need asking again only when their
// stem is that of an entry that differs. What a link reads otherwise (the
// base URL, the languages, the sections' lists, which a link to an
// _index file reads) differs seldom, and then every link is asked again.
func (ix *linkIndex) changesSince(old *linkIndex) *linkChanges {
	if ix == old {
		return &linkChanges{}
	}
	if ix.baseURL != old.baseURL || ix.baseHost != old.baseHost || ix.basePath != old.basePath || ix.hasBase != old.hasBase ||
		!maps.Equal(ix.langs, old.langs) || !maps.Equal(ix.lists, old.lists) {
		return &linkChanges{all: true}
	}
	// The maps are compared at once, each on a goroutine of its own.
	var changed [4][]string
	var wg sync.WaitGroup
	wg.Go(func() { changed[0] = changedKeys(ix.byPath, old.byPath, func(k string) string { return k }) })
	wg.Go(func() { changed[1] = changedKeys(ix.inLang, old.inLang, func(k langName) string { return k.name }) })
	wg.Go(func() { changed[2] = changedKeys(ix.fallback, old.fallback, func(k string) string { return k }) })
	wg.Go(func() { changed[3] = changedKeys(ix.paths, old.paths, func(k string) string { return k }) })
	wg.Wait()
	c := &linkChanges{stems: map[string]bool{}}
	for _, keys := range changed {
		for _, k := range keys {
			c.stems[pathStem(k)] = true
		}
	}
	if c.stems[""] && ix.basePath != "" {
		// A link to the base URL's path itself reads the site's root.
		c.stems[pathStem(ix.basePath)] = true
	}
	return c
}

// changedKeys returns, as paths (see pathStem), the keys that a and b
// map differently, or that only one of them has.
func changedKeys[K comparable, V comparable](a, b map[K]V, asPath func(K) string) []string {
	var keys []string
	inBoth := 0
	for k, v := range a {
		w, ok := b[k]
		if ok {
			inBoth++
		}
		if !ok || v != w {
			keys = append(keys, asPath(k))
		}
	}
	if inBoth == len(b) {
		return keys
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, asPath(k))
		}
	}
	return keys
}

// pathStem is the last element of a slash-separated path, up to its
// first dot: events/kickoff.es.md, /es/events/kickoff/ and
// /es/events/kickoff.ics all have the stem kickoff.
func pathStem(p string) string {
	p = strings.TrimRight(p, "/")
	p = p[strings.LastIndexByte(p, '/')+1:]
	if i := strings.IndexByte(p, '.'); i >= 0 {
		p = p[:i]
	}
	return p
}

// linkStem is the stem (pathStem) of a link's path, as resolveFileLink
// and checkLink read it: without its scheme and host, query and fragment.
// ok is false when the entries the link reads may have another stem: a
// path with escapes (url.Parse decodes them), one that ends in "." or ".."
// or names no element, and a link to an _index file (a section's list)
// or an index.html (the folder's page).
func linkStem(dest string) (stem string, ok bool) {
	p := beforeQuery(dest)
	if strings.IndexByte(p, '%') >= 0 {
		return "", false
	}
	if i := strings.Index(p, "//"); i >= 0 {
		rest := p[i+2:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			p = rest[j:]
		} else {
			p = ""
		}
	}
	stem = pathStem(p)
	switch stem {
	case "", content.IndexSlug, "index":
		return "", false
	}
	return stem, true
}

// stemFilter is a Bloom filter of the stems of a body's links, two bits
// of 512 for each: after an edit, most bodies are told to keep their
// answers by their filter alone, where asking each link of a large site
// again would take longer than the rest of the edit.
type stemFilter struct {
	bits [8]uint64
	// unsure is true when a link has no stem (linkStem): it may read
	// entries of any stem.
	unsure bool
}

func newStemFilter(asked []question) *stemFilter {
	f := &stemFilter{}
	for _, q := range asked {
		stem, ok := linkStem(q.dest)
		if !ok {
			f.unsure = true
			continue
		}
		i, j := stemBits(stem)
		f.bits[i/64] |= 1 << (i % 64)
		f.bits[j/64] |= 1 << (j % 64)
	}
	return f
}

// mayHold reports whether stem may be one of the filter's; false is sure.
func (f *stemFilter) mayHold(stem string) bool {
	i, j := stemBits(stem)
	return f.bits[i/64]&(1<<(i%64)) != 0 && f.bits[j/64]&(1<<(j%64)) != 0
}

// stemBits are the filter's two bits of a stem: from an FNV-1a hash,
// which is the same in every process and allocates nothing.
func stemBits(stem string) (uint, uint) {
	h := uint64(14695981039346656037)
	for i := 0; i < len(stem); i++ {
		h ^= uint64(stem[i])
		h *= 1099511628211
	}
	return uint(h % 512), uint(h >> 9 % 512)
}

// addPath adds a site path the build writes.
func (ix *linkIndex) addPath(p string) {
	ix.sumMu.Lock()
	ix.paths[p], ix.summed = true, false
	ix.sumMu.Unlock()
}

var linkSeed = maphash.MakeSeed()

// digest sums a hash of each entry of the index's maps, tagged by map: a
// sum, so that the maps' order does not count.
func (ix *linkIndex) digest() uint64 {
	ix.sumMu.Lock()
	defer ix.sumMu.Unlock()
	if ix.summed {
		return ix.sum
	}
	type entry struct {
		m         byte
		k1, k2, v string
		flag      bool
	}
	var sum uint64
	add := func(e entry) { sum += maphash.Comparable(linkSeed, e) }
	for k, v := range ix.langs {
		add(entry{m: 1, k1: k, flag: v})
	}
	for k, v := range ix.byPath {
		add(entry{m: 2, k1: k, v: v})
	}
	for k, v := range ix.inLang {
		add(entry{m: 3, k1: k.lang, k2: k.name, v: v})
	}
	for k, v := range ix.fallback {
		add(entry{m: 4, k1: k, v: v})
	}
	for k, v := range ix.lists {
		add(entry{m: 5, k1: k.lang, k2: k.name, v: v})
	}
	for k, v := range ix.paths {
		add(entry{m: 6, k1: k, flag: v})
	}
	ix.sum, ix.summed = sum, true
	return sum
}

// contentPath is the content file a .md link names, relative to the site.
func contentPath(fromFile, linkPath string) string {
	if strings.HasPrefix(linkPath, "/") {
		return path.Clean(content.Dir + linkPath)
	}
	return path.Join(path.Dir(fromFile), linkPath)
}

// relURL gives a site path the base URL's path: layouts' relURL, and
// links by file and by URL in bodies.
func (ix *linkIndex) relURL(p string) string {
	if ix.basePath == "" || !strings.HasPrefix(p, "/") {
		return p
	}
	return ix.basePath + p
}

// resolveFileLink turns a link to a content file into the URL of its page.
func (ix *linkIndex) resolveFileLink(from linkFrom, dest string) (string, bool) {
	if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") && !strings.HasSuffix(beforeQuery(dest), ".md") {
		// A link by URL names a site path (/en/about/): published under a
		// base URL with a path, it gets that path, as layouts' relURL does.
		if out := ix.relURL(dest); out != dest {
			return out, true
		}
		return "", false
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasSuffix(u.Path, ".md") {
		return "", false
	}
	file := contentPath(from.file, u.Path)
	if !strings.HasPrefix(file, content.Dir+"/") {
		return "", false
	}
	target, ok := ix.byPath[file]
	if !ok {
		name := strings.TrimSuffix(strings.TrimPrefix(file, content.Dir+"/"), ".md")
		if i := strings.LastIndexByte(name, '.'); i > strings.LastIndexByte(name, '/') && ix.langs[name[i+1:]] {
			return "", false // a file in a given language that does not exist
		}
		section, slug := path.Split(name)
		section = strings.TrimSuffix(section, "/")
		if slug == content.IndexSlug {
			target, ok = ix.lists[langName{from.lang, section}]
		} else if target, ok = ix.inLang[langName{from.lang, section + "/" + slug}]; !ok {
			target, ok = ix.fallback[section+"/"+slug]
		}
	}
	if !ok {
		return "", false
	}
	out := ix.relURL(target)
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
func (ix *linkIndex) sitePath(p string) (string, bool) {
	base := ix.basePath
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

// checkLink reports a link to this site that goes nowhere, or "".
func (ix *linkIndex) checkLink(from linkFrom, dest string) string {
	var u *url.URL
	if scheme, host, path, ok := plainLink(dest); ok {
		u = &url.URL{Scheme: scheme, Host: host, Path: path} // does not escape
	} else {
		var err error
		if u, err = url.Parse(dest); err != nil {
			return fmt.Sprintf("link %q is not a valid URL", dest)
		}
	}
	absolute := u.Scheme != "" || u.Host != "" || u.Opaque != ""
	if absolute {
		if !ix.hasBase || u.Host != ix.baseHost || (u.Scheme != "http" && u.Scheme != "https") {
			return ""
		}
		if _, ok := ix.sitePath(u.Path); !ok {
			return "" // another site on the same host
		}
		u = &url.URL{Path: u.Path}
	}
	if u.Path == "" {
		return "" // a fragment or query on the page itself
	}
	target := u.Path
	hint := ""
	switch {
	case strings.HasPrefix(target, "/") && strings.HasSuffix(target, ".md"):
		// A link to a content file that names none: never given the base path.
	case strings.HasPrefix(target, "/"):
		// Links by file and by URL were given the base URL's path; the
		// model's URLs are site paths.
		t, ok := ix.sitePath(target)
		if !ok {
			return fmt.Sprintf("link %q goes outside the site, which is published under %s", dest, ix.baseURL)
		}
		target = t
		if !absolute {
			dest = t + dest[len(u.Path):] // as written, before the base path was added
		}
		if again, ok := ix.sitePath(t); ok && again != t && ix.exists(again) {
			hint = " (links by URL are paths of the site, without the base URL's path: write " + again + ")"
		}
	default:
		target = path.Join(from.url, target)
		if strings.HasSuffix(u.Path, "/") {
			target += "/"
		}
	}
	if ix.exists(target) {
		return ""
	}
	if strings.HasSuffix(target, ".md") {
		return fmt.Sprintf("link %q: no page is made from %s (link to a content file by its path, like ../events/kickoff.md, or to a page's URL)", dest, contentPath(from.file, u.Path))
	}
	return fmt.Sprintf("link %q goes to %s, which is not a page or file of this site%s", dest, target, hint)
}

// exists reports whether a site path is written by the build.
func (ix *linkIndex) exists(target string) bool {
	if ix.paths[target] {
		return true
	}
	if !strings.HasSuffix(target, "/") && path.Ext(target) == "" && ix.paths[target+"/"] {
		return true
	}
	if strings.HasSuffix(target, "/index.html") && ix.paths[strings.TrimSuffix(target, "index.html")] {
		return true
	}
	return strings.HasSuffix(target, "/404.html") || target == "/404.html"
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
