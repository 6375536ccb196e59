package render

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestRecordIndexFindsEveryChangedRecord: for random records (page
// reads, partials that use partials, calls) and random changes, every
// record that Renderer.Unchanged may find changed is a suspect, and a
// record that reads no changed page, directly or through its partials,
// and makes no call, is not. Records are indexed in two rounds, the
// second replacing some, as serve's edits replace them.
func TestRecordIndexFindsEveryChangedRecord(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	fields := []string{"", "Title", "Summary", "Date"}
	for round := range 200 {
		page := func() string { return fmt.Sprintf("ri%d/p%d/index.html", round, rng.IntN(12)) }
		reads := func() []readKey {
			var rs []readKey
			for range rng.IntN(5) {
				rs = append(rs, newReadKey(PageField{page(), fields[rng.IntN(len(fields))]}))
			}
			return rs
		}
		var partials []*Record
		for range 6 {
			p := &Record{reads: reads()}
			for range rng.IntN(3) {
				if len(partials) > 0 {
					p.partials = append(p.partials, partials[rng.IntN(len(partials))])
				}
			}
			if rng.IntN(8) == 0 {
				p.calls = []recordedCall{{name: "sectionFeed"}}
			}
			partials = append(partials, p)
		}
		record := func() *Record {
			rec := &Record{reads: reads()}
			for range rng.IntN(3) {
				rec.partials = append(rec.partials, partials[rng.IntN(len(partials))])
			}
			if rng.IntN(10) == 0 {
				rec.calls = []recordedCall{{name: "sectionFeed"}}
			}
			return rec
		}
		records := map[string]*Record{}
		for i := range 10 {
			records[fmt.Sprintf("ri%d/out%d.html", round, i)] = record()
		}
		ix := NewRecordIndex()
		ix.Add(records)
		replaced := map[string]*Record{}
		for key := range records {
			if rng.IntN(3) == 0 {
				replaced[key] = record()
			}
		}
		for key, rec := range replaced {
			records[key] = rec
		}
		ix.Add(replaced)

		changes := Changes{}
		for range 1 + rng.IntN(3) {
			changes[page()] = map[string]bool{fields[1+rng.IntN(len(fields)-1)]: true}
		}
		cs := NewChangeSet(changes)
		suspects := ix.Suspects(cs)
		var reaches func(rec *Record) bool // reads a changed page or calls
		reaches = func(rec *Record) bool {
			if len(rec.calls) > 0 {
				return true
			}
			for _, rd := range rec.reads {
				if _, ok := changes[readNumbers.pages.name(rd.page)]; ok {
					return true
				}
			}
			for _, p := range rec.partials {
				if reaches(p) {
					return true
				}
			}
			return false
		}
		// held is checkRec with every call taken as changed, which
		// only making it again could tell.
		var held func(rec *Record) bool
		held = func(rec *Record) bool {
			if len(rec.calls) > 0 || rec.opaque {
				return false
			}
			for _, rd := range rec.reads {
				if cs.changed(rd) {
					return false
				}
			}
			for _, p := range rec.partials {
				if !held(p) {
					return false
				}
			}
			return true
		}
		for key, rec := range records {
			held := held(rec)
			if !held && !suspects[key] {
				t.Fatalf("round %d: %s does not hold under %v but is no suspect", round, key, changes)
			}
			if !reaches(rec) && suspects[key] {
				if _, again := replaced[key]; !again {
					t.Fatalf("round %d: %s reads none of %v but is a suspect", round, key, changes)
				}
			}
		}
	}
}
