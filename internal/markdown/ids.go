package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"
)

// headingIDs gives headings readable ASCII IDs: goldmark's own drop
// accented letters ("Regiões" -> "regies"); these fold them ("regioes"),
// which is what Spanish and Portuguese headings need. IDs are unique per
// document: a repeated heading gets "-1", "-2", ...
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

// Generate implements parser.IDs.
func (ids *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	// Decomposing splits "ã" into "a" and a combining tilde, which the loop
	// below drops with every other mark.
	folded := norm.NFD.String(string(value))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(folded) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Letters with no ASCII form (ß, ø, CJK) stay as they are.
			b.WriteRune(r)
			dash = false
		case r == '-' || r == '_' || unicode.IsSpace(r) || unicode.IsPunct(r):
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	id := strings.TrimSuffix(b.String(), "-")
	if id == "" {
		id = "heading"
	}
	unique := id
	for i := 1; ids.used[unique]; i++ {
		unique = id + "-" + strconv.Itoa(i)
	}
	ids.used[unique] = true
	return []byte(unique)
}

// Put implements parser.IDs: it records an ID written by hand.
func (ids *headingIDs) Put(value []byte) { ids.used[string(value)] = true }
