package content

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// sectionOf returns the section folder of a kind with a section of its own.
func sectionOf(k Kind) string {
	for s, sk := range Sections {
		if sk == k {
			return s
		}
	}
	return ""
}

// ScaffoldPath returns where `puente new` writes a page:
// content/<section>/<slug>.<lang>.md for kinds with a section,
// content/<slug>.<lang>.md for a standalone page, content/_index.<lang>.md
// for the home page and content/<slug>/_index.<lang>.md for the intro of
// section <slug>. The language suffix is always written, also for the
// default language; lang "" means defaultLang.
func ScaffoldPath(kind Kind, slug, lang, defaultLang string) string {
	if lang == "" {
		lang = defaultLang
	}
	file := slug + "." + lang + ".md"
	switch kind {
	case KindHome:
		return Dir + "/" + IndexSlug + "." + lang + ".md"
	case KindSection:
		return Dir + "/" + slug + "/" + IndexSlug + "." + lang + ".md"
	case KindPage:
		return Dir + "/" + file
	}
	return Dir + "/" + sectionOf(kind) + "/" + file
}

// bodyLine is the placeholder body of a new page, per language.
var bodyLine = map[string]string{
	"en": "Write the page here.",
	"es": "Escriba aquí el texto de la página.",
	"pt": "Escreva aqui o texto da página.",
}

// Scaffold returns the text of a new page: YAML front matter with a title
// made from the slug, today's date and the kind's required and usual fields,
// then a short body. Optional fields whose value cannot be guessed are
// commented out, so that the file passes the checks as written.
func Scaffold(kind Kind, slug, lang string, now time.Time) ([]byte, error) {
	switch kind {
	case KindHome, KindSection, KindPage, KindRegion, KindEvent, KindNewsletter, KindCaseStudy:
	default:
		return nil, fmt.Errorf("unknown page kind %q", kind)
	}
	if !ValidSlug(slug) {
		return nil, fmt.Errorf("%s", notURLSafe("slug", slug))
	}
	day := now.Format("2006-01-02")
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("---")
	w("title: %s", strconv.Quote(titleFromSlug(slug)))
	w("date: %s", day)
	w(`summary: ""`)
	w("regions: []")
	w("themes: []")
	switch kind {
	case KindEvent:
		w("start: %s", day)
		w("end: %s", day)
		w(`location: ""`)
		w(`venue: ""`)
		w("# in-person (needs a location), online or mixed")
		w("attendance: online")
		w("# registration: https://example.org/register")
	case KindNewsletter:
		w("# issue: 1")
		w("# pdf: /downloads/newsletter.pdf")
	case KindRegion:
		w("countries: []")
		w(`programme: ""`)
	case KindCaseStudy:
		w("cities: []")
		w("partners: []")
	}
	w("---")
	w("")
	line, ok := bodyLine[lang]
	if !ok {
		line = bodyLine["en"]
	}
	w("%s", line)
	return b.Bytes(), nil
}

// titleFromSlug capitalises the words of a slug: "kick-off-meeting" ->
// "Kick Off Meeting".
func titleFromSlug(slug string) string {
	words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// Translate starts a translation of src into lang: the same file name with
// the new language suffix, the source's front matter text unchanged (dates,
// keys and the translation pairing stay right), and the source's body kept
// as the text to translate.
func Translate(src *File, srcData []byte, lang string) (path string, data []byte) {
	dir := pathDir(src.Path)
	path = dir + "/" + src.Slug + "." + lang + ".md"
	return path, bytes.Clone(bytes.TrimPrefix(srcData, []byte("\xef\xbb\xbf")))
}

// pathDir is path.Dir, which Translate's named result hides.
func pathDir(p string) string { return path.Dir(p) }
