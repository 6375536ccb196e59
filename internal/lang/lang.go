// Package lang owns what puente knows about human languages: language tags,
// dates written the way each language writes them, the names of languages and
// countries, typographic quotes, and the UI strings of each language read from
// layouts/i18n. It knows nothing about pages, sections or URLs; the site model
// and the templates ask it for words and never the other way round.
//
// Date formats are hand-written tables for the languages puente ships with
// (en, es, pt), because golang.org/x/text has no public CLDR date formatting.
// Names of languages and countries come from golang.org/x/text/language/display,
// so they cover every language x/text knows.
//
// A code is a BCP 47 tag such as "es" or "pt-BR". Where a table is keyed by
// language, a regional tag uses its base language: "es-MX" writes dates as "es".
package lang

import (
	"golang.org/x/text/language"
)

// ValidCode reports whether code is a well-formed BCP 47 tag whose subtags
// x/text knows, such as "en", "es-419" or "pt-BR". Case is not significant
// ("pt-br" is valid), since codes also appear in file names and URLs where
// lower case is the custom. Subtags are separated by hyphens only: x/text also
// reads "en_US", but BCP 47 does not. The undetermined tag "und" is not a
// language.
func ValidCode(code string) bool {
	if code == "" {
		return false
	}
	for _, c := range code {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	t, err := language.Parse(code)
	if err != nil {
		return false
	}
	// Raw, not Base: Base guesses a language for "und-MX" and "und".
	b, _, _ := t.Raw()
	return b.String() != "und"
}

// base returns the base language of code ("es" for "es-MX"), or "" when code
// is not a valid tag. Tables keyed by language look up this value.
func base(code string) string {
	if code == "" {
		return ""
	}
	t, err := language.Parse(code)
	if err != nil {
		return ""
	}
	b, _, _ := t.Raw()
	return b.String()
}
