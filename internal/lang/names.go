package lang

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Name returns the language's name for itself (its autonym), as a language
// switcher shows it: "English", "Español", "Português". Regional tags get what
// x/text's display.Self gives them ("Español de México", "Português europeu";
// "pt-BR" is plain "Português"). The first letter is capitalised because a
// switcher lists names on their own, where Spanish and Portuguese capitalise
// like any sentence start. A code that is not valid (see ValidCode) is
// returned as given.
func Name(code string) string {
	if !ValidCode(code) {
		return code
	}
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	name := display.Self.Name(t)
	if name == "" {
		return code
	}
	return capitalise(name)
}

// NameIn returns the name of language code written in language in, as it
// appears inside a sentence: "inglés" (en in es), "inglês" (en in pt),
// "Spanish" (es in en). Regional tags get their region in parentheses, as
// x/text gives them ("español (México)"). When in is unknown the name is
// given in English; when code is unknown it is returned as given.
func NameIn(code, in string) string {
	if !ValidCode(code) {
		return code
	}
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	namer := display.Tags(namerTag(in))
	if namer == nil {
		namer = display.Tags(language.English)
	}
	name := namer.Name(t)
	if name == "" {
		return code
	}
	return name
}

// CountryName returns the name of the country with ISO 3166-1 alpha-2 code
// iso2 in the language of code: "México" for "MX" in es, "Mexico" in en.
// A code that is not a country (see ValidCountry) is returned as given, so a
// template never prints an empty link. When the language is unknown the name
// is given in English.
func CountryName(iso2, code string) string {
	if !ValidCountry(iso2) {
		return iso2
	}
	r := language.MustParseRegion(iso2) // cannot panic: ValidCountry parsed it
	namer := display.Regions(namerTag(code))
	if namer == nil {
		namer = englishRegions
	}
	if name := namer.Name(r); name != "" {
		return name
	}
	return iso2
}

// ValidCountry reports whether iso2 is one of the 249 officially assigned
// ISO 3166-1 alpha-2 country codes ("MX", "BR", "GT"), written the canonical
// way: two upper-case letters. So that every page names a country by one
// spelling, these are not countries: lower case ("mx"), codes x/text replaces
// ("UK" for GB, "BU" for MM), withdrawn codes ("SU", "YU", "AN"), reserved
// codes ("AC", "IC", "EA"), groups ("EU", "UN", "EZ"), numeric areas ("419")
// and the private-use and unknown codes ("ZZ", "QO", "XK").
func ValidCountry(iso2 string) bool {
	if len(iso2) != 2 || !isUpper(iso2[0]) || !isUpper(iso2[1]) {
		return false
	}
	r, err := language.ParseRegion(iso2)
	if err != nil || r.String() != iso2 || r.Canonicalize() != r {
		return false
	}
	if !r.IsCountry() || r.IsPrivateUse() || r.IsGroup() {
		return false
	}
	// x/text's IsCountry also admits reserved and withdrawn codes. Assigned
	// codes are exactly those with an alpha-3 code, a numeric code and a
	// current CLDR name.
	if r.ISO3() == "" || r.ISO3() == "ZZZ" || r.M49() <= 0 {
		return false
	}
	return englishRegions != nil && englishRegions.Name(r) != ""
}

// englishRegions names regions in English; it is read-only after init.
var englishRegions = display.Regions(language.English)

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// namerTag returns the tag to ask display for names in language code, falling
// back to English for codes that do not parse.
func namerTag(code string) language.Tag {
	t, err := language.Parse(code)
	if err != nil {
		return language.English
	}
	return t
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToTitle(r)) + s[n:]
}

// quoteStyle holds a language's first- and second-level quotation marks.
type quoteStyle struct{ ld, rd, ls, rs string }

var quoteStyles = map[string]quoteStyle{
	// English (and the fallback): curly double quotes, single inside.
	"en": {"“", "”", "‘", "’"},
	// Spanish: the RAE's Ortografía (2010) prefers angular quotes «» first
	// and English-style double quotes “” inside them.
	"es": {"«", "»", "“", "”"},
	// Portuguese: Brazilian usage, curly double quotes with single inside.
	// European Portuguese prefers «»; a site for Portugal can tag itself pt-PT.
	"pt": {"“", "”", "‘", "’"},
	// European Portuguese: angular quotes first, as in Portugal's press and
	// publishing, with curly double quotes inside.
	"pt-PT": {"«", "»", "“", "”"},
}

// Quotes returns the opening and closing double (first-level) and single
// (second-level) quotation marks of the language of code:
//
//	en  “ ” ‘ ’   English
//	es  « » “ ”   the RAE's recommendation: angular first, English double inside
//	pt  “ ” ‘ ’   Brazilian usage (pt-PT gets « » “ ”, as Portugal writes)
//
// Other languages get the English marks, which readers of most languages
// recognise, rather than straight ASCII quotes.
func Quotes(code string) (leftDouble, rightDouble, leftSingle, rightSingle string) {
	q, ok := quoteStyles[code]
	if !ok {
		if t, err := language.Parse(code); err == nil {
			q, ok = quoteStyles[t.String()]
		}
	}
	if !ok {
		q, ok = quoteStyles[base(code)]
	}
	if !ok {
		q = quoteStyles["en"]
	}
	return q.ld, q.rd, q.ls, q.rs
}
