package diag

import "fmt"

// Suggest returns a hint naming the known word closest to got, as
// ` (did you mean "regions"?)`, or "" when nothing known is close enough to be
// a likely typo. Ties go to the earlier word in known.
func Suggest(got string, known []string) string {
	best, bestDist := "", -1
	for _, k := range known {
		d := distance(got, k)
		if bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	limit := len([]rune(got))/3 + 1
	if limit > 3 {
		limit = 3
	}
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
