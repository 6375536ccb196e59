// This file is puente's addition to the fork: the escapers' forms for one
// plain string, which texttemplate calls without boxing the string (see
// RegisterStringForm). Each is the plain-content branch of its escaper, as
// stringify returns a plain string unchanged with contentTypePlain.

package template

import (
	"strings"

	template "github.com/puente-ssg/puente/internal/gotemplate/texttemplate"
)

func init() {
	template.RegisterStringForm(htmlEscaper, htmlEscaperString)
	template.RegisterStringForm(attrEscaper, htmlEscaperString)
	template.RegisterStringForm(rcdataEscaper, htmlEscaperString)
	template.RegisterStringForm(htmlNospaceEscaper, htmlNospaceEscaperString)
	template.RegisterStringForm(urlFilter, urlFilterString)
	template.RegisterStringForm(urlNormalizer, func(s string) string { return urlProcessorString(true, s) })
	template.RegisterStringForm(urlEscaper, func(s string) string { return urlProcessorString(false, s) })
}

// htmlEscaperString is htmlEscaper, attrEscaper and rcdataEscaper of a
// plain string: they differ only for HTML content.
func htmlEscaperString(s string) string {
	return htmlReplacer(s, htmlReplacementTable, true)
}

func htmlNospaceEscaperString(s string) string {
	if s == "" {
		return filterFailsafe
	}
	return htmlReplacer(s, htmlNospaceReplacementTable, false)
}

func urlFilterString(s string) string {
	if !isSafeURL(s) {
		return "#" + filterFailsafe
	}
	return s
}

func urlProcessorString(norm bool, s string) string {
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}
