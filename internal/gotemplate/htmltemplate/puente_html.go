// This file is puente's, not Go's: htmlReplacer wraps Go's (gen renames it
// htmlReplacerGo).

package template

import "unicode/utf8"

// htmlReplacer returns a string that needs no replacing as it is, without
// making the builder Go's makes first (it escapes to the heap): most
// titles, URLs and attribute values are such strings. It skips the ASCII
// bytes that need nothing; anything else goes to Go's.
func htmlReplacer(s string, replacementTable []string, badRunes bool) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || int(c) < len(replacementTable) && replacementTable[c] != "" {
			return htmlReplacerGo(s, replacementTable, badRunes)
		}
	}
	return s
}
