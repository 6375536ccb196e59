package content

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// IndexSlug is the slug of a home page or a section intro.
const IndexSlug = "_index"

// Options are the site settings that reading content depends on.
type Options struct {
	// Languages are the site's language codes. A file suffix outside this
	// list is an error; when the list is empty any language-shaped suffix
	// is accepted (for tools that read content without a site.yaml).
	Languages []string
	// DefaultLanguage is the language of files without a suffix. When empty,
	// the first of Languages is used.
	DefaultLanguage string
	// DropBodies forgets the Markdown of each file read without error as
	// soon as its front matter is parsed (File.BodyFrom finds it again in
	// the file), so that loading never holds every body at once.
	DropBodies bool
	// Parsed, when set, may return a file parsed earlier from the same
	// path and bytes (Load then parses it no more), or nil. It is asked
	// with the bytes as read; what it returns must be what parsing them
	// with these options would give, without problems.
	Parsed func(path string, data []byte) *File
	// Known, when set, is asked about each file before it is read, with
	// what Lstat said of it then; a File it returns is taken as the
	// file's parse and the file is not read at all, so it must be what
	// parsing the file's bytes would give, without problems.
	Known func(path string, info fs.FileInfo) *File
}

func (o Options) defaultLang() string {
	if o.DefaultLanguage != "" {
		return o.DefaultLanguage
	}
	if len(o.Languages) > 0 {
		return o.Languages[0]
	}
	return ""
}

var (
	slugRE = regexp.MustCompile(`^[a-z0-9-]+$`)
	// langRE is what a language suffix looks like (es, fil, pt-BR), so that
	// kickoff.fr.md is reported as a language rather than as a bad slug.
	langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)
)

// ValidSlug reports whether s is safe as a URL segment: lowercase ASCII
// letters, digits and hyphens.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Slugify turns s into a URL-safe slug ("Semana Europea de las Regiones" ->
// "semana-europea-de-las-regiones"), dropping accents. It returns "" when
// nothing of s survives (a name in a non-Latin script).
func Slugify(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// notURLSafe words the error for a name or value that is not a valid slug.
func notURLSafe(what, got string) string {
	msg := fmt.Sprintf("%s %q is not URL safe (want lowercase letters, digits and hyphens", what, got)
	if s := Slugify(got); s != "" && s != got {
		msg += fmt.Sprintf(", like %q", s)
	}
	return msg + ")"
}

// fileName is what a content path says about its page.
type fileName struct {
	section, slug, lang string
	kind                Kind
}

// parseName reads a path relative to the site root as section, slug,
// language and kind. It returns what it could make out even when it also
// returns problems, so that the front matter can still be checked.
func parseName(p string, opts Options) (fileName, []string) {
	var fn fileName
	var errs []string
	fn.kind = KindPage
	fn.lang = opts.defaultLang()

	if strings.Contains(p, `\`) {
		errs = append(errs, "use forward slashes in content paths")
		p = strings.ReplaceAll(p, `\`, "/")
	}
	rest, ok := strings.CutPrefix(p, Dir+"/")
	if !ok {
		return fn, append(errs, fmt.Sprintf("not under %s/", Dir))
	}
	parts := strings.Split(rest, "/")
	for _, part := range parts {
		if part == "" || part == "." || part == ".." {
			return fn, append(errs, fmt.Sprintf("path %q has empty, \".\" or \"..\" parts", p))
		}
	}
	base := parts[len(parts)-1]
	folders := parts[:len(parts)-1]

	stem, ok := strings.CutSuffix(base, ".md")
	if !ok {
		errs = append(errs, fmt.Sprintf("file %q is not a Markdown file (want .md)", base))
		stem = strings.TrimSuffix(base, path.Ext(base))
	}
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		suffix := stem[i+1:]
		switch {
		case slices.Contains(opts.Languages, suffix):
			fn.lang, stem = suffix, stem[:i]
		case suffix != strings.ToLower(suffix) && slices.Contains(opts.Languages, strings.ToLower(suffix)):
			// Windows and macOS editors may save "old.ES.md": say how to
			// rename it rather than calling "ES" an unknown language.
			errs = append(errs, fmt.Sprintf("language suffix %q must be lowercase (rename the file to %s.%s.md)",
				suffix, stem[:i], strings.ToLower(suffix)))
			fn.lang, stem = strings.ToLower(suffix), stem[:i]
		case langRE.MatchString(suffix):
			if len(opts.Languages) > 0 {
				errs = append(errs, fmt.Sprintf("language %q is not a site language (site languages: %s)",
					suffix, strings.Join(opts.Languages, ", ")))
			}
			fn.lang, stem = suffix, stem[:i]
		}
	}
	fn.slug = stem
	switch {
	case stem == "":
		errs = append(errs, fmt.Sprintf("file name %q has no slug (want <slug>.<lang>.md)", base))
	case stem != IndexSlug && !ValidSlug(stem):
		errs = append(errs, notURLSafe("file name", stem))
	}

	switch len(folders) {
	case 0:
		if stem == IndexSlug {
			fn.kind = KindHome
		}
	case 1:
		fn.section = folders[0]
		if !ValidSlug(fn.section) {
			errs = append(errs, notURLSafe("folder", fn.section))
		}
		if stem == IndexSlug {
			fn.kind = KindSection
		} else if k, ok := Sections[fn.section]; ok {
			fn.kind = k
		}
	default:
		errs = append(errs, "pages are one folder deep: content/<section>/<slug>.<lang>.md")
		fn.section = folders[0]
		if k, ok := Sections[fn.section]; ok && stem != IndexSlug {
			fn.kind = k
		}
	}
	return fn, errs
}
