package render

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestChangeSetAnswersAsChanges: a read counts as changed by a ChangeSet
// exactly when it does by the Changes it numbers: its page changed, and
// the read is of all the page, or all of the page changed, or its field
// did. Fields listed as false, pages and fields never numbered before,
// and pages numbered after the set was made are among the cases.
func TestChangeSetAnswersAsChanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	pages := []string{"en/a/index.html", "en/b/index.html", "es/a/index.html", "pt/c/index.html", "en/index.html"}
	fields := []string{"", "Title", "Date", "Items", "File", "Never"}
	byMap := func(c Changes, f PageField) bool {
		fs, ok := c[f.Page]
		return ok && (f.Field == "" || fs[""] || fs[f.Field])
	}
	for round := range 300 {
		prefix := fmt.Sprintf("r%d/", round) // pages the numbering has not seen
		changes := Changes{}
		for _, p := range pages {
			if rng.IntN(2) == 0 {
				continue
			}
			fs := map[string]bool{}
			for _, f := range fields[:5] {
				if rng.IntN(3) == 0 {
					fs[f] = rng.IntN(4) != 0
				}
			}
			changes[prefix+p] = fs
		}
		cs := NewChangeSet(changes)
		for _, p := range append(pages, "later/index.html") {
			for _, f := range fields {
				read := PageField{prefix + p, f}
				if got, want := cs.changed(newReadKey(read)), byMap(changes, read); got != want {
					t.Fatalf("%v with changes %v: changed %v, want %v", read, changes, got, want)
				}
			}
		}
	}
}
