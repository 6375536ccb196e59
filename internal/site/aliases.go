package site

import (
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/puente-ssg/puente/internal/diag"
)

// aliases checks the old URLs of pages and records the redirects.
func (b *builder) aliases() {
	aliasOf := map[string]*Page{}
	for _, g := range b.sortedGroups() {
		for _, p := range g.Pages {
			f := p.File
			for i, a := range f.Front.Aliases {
				pos := diag.Pos{File: f.Path, Line: lineOf(f, "aliases", i)}
				clean, err := cleanAlias(a)
				if err != "" {
					b.errs.Errorf(pos, "aliases: %q %s", a, err)
					continue
				}
				if other, ok := aliasOf[clean]; ok {
					b.errs.Errorf(pos, "aliases: %q is already an alias of %s; an old URL can lead to one page only", a, describe(other))
					continue
				}
				if other, ok := b.byURL[clean]; ok {
					b.errs.Errorf(pos, "aliases: %q is the URL of %s; an alias must be an old URL that no page uses", a, describe(other))
					continue
				}
				if other, ok := b.writtenBy(outputPath(clean)); ok {
					b.errs.Errorf(pos, "aliases: %q would be written where %s is (%s); an alias must be an old URL that no page uses", a, other, outputPath(clean))
					continue
				}
				aliasOf[clean] = p
				b.m.Aliases = append(b.m.Aliases, Alias{Path: clean, Page: p})
			}
		}
	}
	sort.Slice(b.m.Aliases, func(i, j int) bool { return b.m.Aliases[i].Path < b.m.Aliases[j].Path })
}

// writtenBy names what a page of the model, or a root file written
// besides (the language chooser, the root 404), writes to out, a path in
// the published folder: an alias must take none of them. Other outputs
// (feeds, sitemaps, robots.txt, search indexes, calendars, assets) are not
// pages' addresses, which cleanAlias refuses; the build refuses any two
// outputs on one path in any case. A page is written at outputPath of its
// URL, so the URLs that lead there are looked up rather than every page's
// output listed.
func (b *builder) writtenBy(out string) (string, bool) {
	switch out {
	case "index.html":
		return "the language chooser", true
	case "404.html":
		return "the site's 404 page", true
	}
	urls := []string{"/" + out}
	if dir, ok := strings.CutSuffix(out, "index.html"); ok && (dir == "" || strings.HasSuffix(dir, "/")) {
		urls = append(urls, "/"+dir)
	}
	for _, u := range urls {
		p, ok := b.byURL[u]
		if !ok || p.OutputPath != out {
			continue
		}
		if lv := b.byLang[p.Lang]; lv != nil && lv.NotFound == p {
			return "the " + lv.Code + " 404 page", true
		}
		return describe(p), true
	}
	return "", false
}

// cleanAlias normalises an alias path, or says what is wrong with it.
func cleanAlias(a string) (string, string) {
	if strings.Contains(a, "://") || strings.HasPrefix(a, "//") {
		return "", "must be a path on this site, like /old/url/"
	}
	if !strings.HasPrefix(a, "/") {
		return "", "must start with /, like /old/url/"
	}
	if u, err := url.Parse(a); err != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", "must be a plain path, without ? or #"
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			return "", "must not contain . or .. segments"
		}
	}
	for _, seg := range strings.Split(a, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", "names a hidden file or folder (" + seg + "): web servers treat those as their own, and an alias is a page"
		}
	}
	clean := path.Clean(a)
	if clean == "/" {
		return "", "would replace the site's root page"
	}
	// An alias is written as a small HTML page: an address that is not a
	// page's would be a file of another kind holding HTML, or would take
	// the place of a feed, sitemap, search index, calendar or asset.
	if ext := path.Ext(clean); ext != "" && ext != ".html" && ext != ".htm" && !strings.HasSuffix(a, "/") {
		return "", "is not a page's address (want one ending in / or .html): a redirect page cannot stand in for a " + ext + " file"
	}
	switch first, _, _ := strings.Cut(strings.TrimPrefix(clean, "/"), "/"); first {
	case "assets":
		return "", "is under /assets/, where the site's assets are published, not pages"
	case "_puente":
		return "", "is under /_puente/, where puente serve has pages of its own"
	}
	if strings.HasSuffix(a, "/") || path.Ext(clean) == "" {
		clean += "/"
	}
	return clean, ""
}
