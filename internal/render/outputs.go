package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/site"
)

// ChooserFile is the optional layout of the root language chooser.
const ChooserFile = Dir + "/chooser.html"

var chooserTmpl = template.Must(template.New("chooser").Parse(`<!DOCTYPE html>
<html lang="{{ .Default.Code }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Default.Title }}</title>
<meta http-equiv="refresh" content="0; url={{ .DefaultURL }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Langs }}<link rel="alternate" hreflang="{{ .Code }}" href="{{ .Permalink }}">
{{ end }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
</head>
<body>
<main>
<h1>{{ .Default.Title }}</h1>
<ul>
{{ range .Langs }}<li><a href="{{ .URL }}" hreflang="{{ .Code }}" lang="{{ .Code }}">{{ .Name }}</a></li>
{{ end }}</ul>
</main>
</body>
</html>
`))

// chooserData is what the language chooser shows.
type chooserData struct {
	// Permalink is the chooser's own address, the root: it is the
	// x-default of the home pages.
	Permalink        string
	Default          site.Lang
	DefaultURL       string
	DefaultPermalink string
	Langs            []chooserLang
}

type chooserLang struct {
	Code, Name, Title, URL, Permalink string
}

// Chooser renders the root index.html: a list of the site's languages that
// works without JavaScript and sends a visitor on to the default language.
func (r *Renderer) Chooser(w io.Writer) diag.List {
	var errs diag.List
	d := chooserData{Permalink: site.AbsURL(r.model.Config.BaseURL, "/")}
	for _, lv := range r.model.Langs {
		cl := chooserLang{Code: lv.Code, Name: lv.Name, Title: lv.Title, URL: r.relURL(lv.Home.URL), Permalink: lv.Home.Permalink}
		d.Langs = append(d.Langs, cl)
		if lv.Code == r.model.Config.DefaultLanguage {
			d.Default, d.DefaultURL, d.DefaultPermalink = *lv, cl.URL, cl.Permalink
		}
	}
	var err error
	if r.tmpl.Has(ChooserFile) {
		set := r.sets[r.model.Config.DefaultLanguage][ChooserFile]
		err = set.ExecuteTemplate(w, ChooserFile, d)
	} else {
		err = chooserTmpl.Execute(w, d)
	}
	if err != nil {
		errs.Add(templateError(err, ChooserFile))
	}
	return errs
}

var aliasTmpl = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ .URL }}">
</head>
<body>
<p><a href="{{ .URL }}">{{ .Title }}</a></p>
</body>
</html>
`))

// Alias renders the redirect page written at an old URL.
func (r *Renderer) Alias(w io.Writer, a site.Alias) diag.List {
	var errs diag.List
	p := a.Page
	err := aliasTmpl.Execute(w, map[string]string{"Lang": p.Lang, "Title": p.Title, "Permalink": p.Permalink, "URL": r.relURL(p.URL)})
	if err != nil {
		errs.Errorf(diag.Pos{File: p.File.Path}, "alias %s: %v", a.Path, err)
	}
	return errs
}

// Redirects renders _redirects, the redirect file of Netlify and Cloudflare
// Pages: one permanent redirect per alias, beside the alias pages, which
// hosts without such a file serve instead.
func (r *Renderer) Redirects(w io.Writer) {
	fmt.Fprintln(w, "# Old URLs (aliases in front matter) and where they lead; written by puente build.")
	for _, a := range r.model.Aliases {
		fmt.Fprintf(w, "%s %s 301\n", r.relURL(a.Path), r.relURL(a.Page.URL))
	}
}

// AliasOutputPath is the file written for an alias path.
func AliasOutputPath(p string) string {
	p = strings.TrimPrefix(p, "/")
	if strings.HasSuffix(p, "/") || p == "" {
		return p + "index.html"
	}
	return p
}

// Robots renders robots.txt, pointing to the sitemap index.
func (r *Renderer) Robots(w io.Writer) {
	fmt.Fprintf(w, "User-agent: *\nAllow: %s\n\nSitemap: %s\n", r.relURL("/"), site.AbsURL(r.model.Config.BaseURL, "/sitemap.xml"))
}

// SitemapIndex renders /sitemap.xml: an index of the per-language sitemaps.
func (r *Renderer) SitemapIndex(w io.Writer) {
	io.WriteString(w, xml.Header)
	io.WriteString(w, `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n")
	for _, lv := range r.model.Langs {
		fmt.Fprintf(w, "<sitemap><loc>%s</loc>", xmlEscape(site.AbsURL(r.model.Config.BaseURL, "/"+lv.Code+"/sitemap.xml")))
		if lm := latest(r.model.PagesIn(lv.Code)); !lm.IsZero() {
			fmt.Fprintf(w, "<lastmod>%s</lastmod>", lm.Format("2006-01-02"))
		}
		io.WriteString(w, "</sitemap>\n")
	}
	io.WriteString(w, "</sitemapindex>\n")
}

func latest(pages []*site.Page) time.Time {
	var t time.Time
	for _, p := range pages {
		if p.Lastmod.After(t) {
			t = p.Lastmod
		}
	}
	return t
}

// Sitemap renders a language's sitemap, with xhtml:link alternates for
// every translation and x-default. Serve takes it that a sitemap reads
// no page's title, summary, file, date, entries or related pages (build's
// sitemapUnread).
func (r *Renderer) Sitemap(lv *site.Lang) []byte {
	// A large site's sitemap is written after every edit in serve: one
	// buffer, appended to, rather than a formatted write per field, and
	// sized first, as growing a buffer of megabytes by doubling costs
	// more than the appends.
	pages := r.model.PagesIn(lv.Code)
	size := 256
	for _, p := range pages {
		size += sitemapEntrySize(p)
	}
	b := make([]byte, 0, size)
	b = append(b, xml.Header...)
	b = append(b, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`+"\n"...)
	var alts []*site.Page
	for _, p := range pages {
		if p.Kind == site.KindNotFound {
			continue
		}
		b = append(b, "<url><loc>"...)
		b = appendXMLEscaped(b, p.Permalink)
		b = append(b, "</loc>"...)
		if !p.Lastmod.IsZero() {
			b = append(b, "<lastmod>"...)
			b = p.Lastmod.AppendFormat(b, "2006-01-02")
			b = append(b, "</lastmod>"...)
		}
		if len(p.Translations) > 0 {
			alts = append(append(alts[:0], p), p.Translations...)
			// One page per language: no two are equal, and a generic sort
			// costs no reflection per page.
			slices.SortFunc(alts, func(a, b *site.Page) int { return strings.Compare(a.Lang, b.Lang) })
			for _, a := range alts {
				b = append(b, `<xhtml:link rel="alternate" hreflang="`...)
				b = append(b, a.Lang...)
				b = append(b, `" href="`...)
				b = appendXMLEscaped(b, a.Permalink)
				b = append(b, `"/>`...)
			}
			b = append(b, `<xhtml:link rel="alternate" hreflang="x-default" href="`...)
			b = appendXMLEscaped(b, r.xDefaultURL(p))
			b = append(b, `"/>`...)
		}
		b = append(b, "</url>\n"...)
	}
	b = append(b, "</urlset>\n"...)
	return b
}

// sitemapEntrySize estimates, a little over for most pages, the bytes of
// a page's entry in its sitemap: its URL and the markup around it, and
// with translations an alternate for each language and x-default, each
// taken as long as the page's own URL and some more (a translation's
// section may have a longer name).
func sitemapEntrySize(p *site.Page) int {
	n := 64 + len(p.Permalink)
	if len(p.Translations) > 0 {
		n += (len(p.Translations) + 2) * (len(p.Permalink) + 80)
	}
	return n
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// appendXMLEscaped appends s escaped as xml.EscapeText escapes it; a
// string with nothing to escape, as URLs mostly are (also those with
// letters like ñ or ç), is appended as is.
func appendXMLEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
				return append(b, xmlEscape(s)...)
			}
			i++
			continue
		}
		// What EscapeText replaces beyond ASCII: bytes that are not
		// UTF-8, and the two code points XML does not allow.
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			return append(b, xmlEscape(s)...)
		}
		i += n
	}
	return append(b, s...)
}

// newestDated returns the first n dated content items in feed order
// (newest first, then by URL), as a stable sort of all of them would: in
// one pass that keeps the n first found so far, since a section's feed
// takes a few of its thousands of items, after every edit in serve.
func newestDated(items []site.Item, n int) []site.Item {
	top := make([]site.Item, 0, n+1)
	for _, it := range items {
		if it.Page.File == nil || it.Page.Date.IsZero() {
			continue
		}
		// After every kept item it does not come before: items that
		// compare equal keep their order, as in a stable sort.
		i := len(top)
		for i > 0 && feedBefore(it.Page, top[i-1].Page) {
			i--
		}
		if i >= n {
			continue
		}
		top = slices.Insert(top, i, it)
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

// feedBefore reports whether a comes before b in a feed.
func feedBefore(a, b *site.Page) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.URL < b.URL
}

// feedSize is how many entries a feed holds.
const feedSize = 20

// HasFeed reports whether a feed of items has entries: a feed lists dated
// pages only, so a list of regions has none, and is neither published nor
// advertised.
func HasFeed(items []site.Item) bool {
	for _, it := range items {
		if it.Page.File != nil && !it.Page.Date.IsZero() {
			return true
		}
	}
	return false
}

// SectionItems gathers every item of a paginated section, across its pages.
func SectionItems(first *site.Page) []site.Item {
	if first.Pager == nil {
		return first.Items
	}
	var items []site.Item
	for _, p := range first.Pager.Pages {
		items = append(items, p.Items...)
	}
	return items
}

// sectionFeed is the URL of a section's feed in a language, "" when the
// section has no feed there (no such section, or no dated page).
func (r *Renderer) sectionFeed(code, key string) string {
	return r.memo("feed|"+code+"|"+key, func() string {
		for _, lv := range r.model.Langs {
			if lv.Code != code {
				continue
			}
			if sec, ok := lv.Sections[key]; ok && HasFeed(SectionItems(sec)) {
				return r.relURL(sec.URL + "index.xml")
			}
		}
		return ""
	})
}

// Feed renders an Atom feed of the newest dated pages in items, at feedURL.
func (r *Renderer) Feed(w io.Writer, lv *site.Lang, title, feedURL, pageURL string, items []site.Item) {
	dated := newestDated(items, feedSize)
	base := r.model.Config.BaseURL
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, it := range dated {
		if u := it.Page.Lastmod; u.After(updated) {
			updated = u
		}
	}
	io.WriteString(w, xml.Header)
	fmt.Fprintf(w, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">`+"\n", lv.Code)
	fmt.Fprintf(w, "<title>%s</title>\n", xmlEscape(title))
	fmt.Fprintf(w, "<id>%s</id>\n", xmlEscape(site.AbsURL(base, feedURL)))
	fmt.Fprintf(w, `<link rel="self" type="application/atom+xml" href="%s"/>`+"\n", xmlEscape(site.AbsURL(base, feedURL)))
	fmt.Fprintf(w, `<link rel="alternate" type="text/html" href="%s"/>`+"\n", xmlEscape(site.AbsURL(base, pageURL)))
	fmt.Fprintf(w, "<updated>%s</updated>\n", updated.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "<author><name>%s</name></author>\n", xmlEscape(lv.Title))
	for _, it := range dated {
		p := it.Page
		io.WriteString(w, "<entry")
		if it.Fallback {
			fmt.Fprintf(w, ` xml:lang="%s"`, p.Lang)
		}
		io.WriteString(w, ">\n")
		fmt.Fprintf(w, "<title>%s</title>\n", xmlEscape(p.Title))
		fmt.Fprintf(w, `<link rel="alternate" type="text/html" href="%s"/>`+"\n", xmlEscape(p.Permalink))
		fmt.Fprintf(w, "<id>%s</id>\n", xmlEscape(p.Permalink))
		fmt.Fprintf(w, "<published>%s</published>\n", p.Date.UTC().Format(time.RFC3339))
		lm := p.Lastmod
		if lm.Before(p.Date) {
			lm = p.Date
		}
		fmt.Fprintf(w, "<updated>%s</updated>\n", lm.UTC().Format(time.RFC3339))
		summary := p.Summary
		if p.File.Kind == content.KindEvent {
			when := lang.FormatRange(p.File.Front.Start, p.File.Front.End, p.Lang)
			if summary != "" {
				summary = when + ". " + summary
			} else {
				summary = when
			}
		}
		if summary != "" {
			fmt.Fprintf(w, "<summary>%s</summary>\n", xmlEscape(summary))
		}
		for _, t := range p.Themes {
			fmt.Fprintf(w, `<category term="%s" label="%s"/>`+"\n", xmlEscape(t.Key), xmlEscape(t.Name))
		}
		io.WriteString(w, "</entry>\n")
	}
	io.WriteString(w, "</feed>\n")
}
