package render

import "sync/atomic"

// RecordIndex finds the records that read a page, directly or through the
// cached partials they use. After an edit of a few pages' fields, the
// records that read none of those pages hold without being checked:
// serve checks the others alone (Suspects) rather than every page's
// record, tens of thousands on a large site, reading a million fields.
//
// An index only grows: a record indexed again under its output path
// (Add) keeps the reads of the one it replaced, which make it a suspect
// more often than needed, never less. The caller starts a new index when
// it replaces every record.
type RecordIndex struct {
	// number tells this index from others in the records' slots (see
	// Record.indexed).
	number uint64
	ids    map[string]int32
	keys   []string
	// byPage are, by page number, the records that read the page.
	byPage [][]int32
	// users are, for each cached partial's record met (by its slot),
	// the records that use it, directly or through another partial.
	users [][]int32
	// partialsByPage are, by page number, the partials (by slot) that
	// read it.
	partialsByPage [][]int32
	// always are the records, and alwaysPartials the partials, that a
	// page's change cannot tell: they call model-reading functions, or
	// could not be recorded.
	always         []int32
	alwaysPartials []int32
}

// indexSlot is where a RecordIndex keeps what it knows of a partial's
// record: a field of the record rather than a map of the index, as a
// large site's pages link a partial's record hundreds of thousands of
// times.
type indexSlot struct {
	index uint64
	slot  int32
}

var recordIndexes atomic.Uint64

// NewRecordIndex returns an empty index.
func NewRecordIndex() *RecordIndex {
	return &RecordIndex{number: recordIndexes.Add(1), ids: map[string]int32{}}
}

// Add indexes records, by output path.
func (ix *RecordIndex) Add(records map[string]*Record) {
	if n := readNumbers.pages.len(); len(ix.byPage) < n {
		ix.byPage = append(ix.byPage, make([][]int32, n-len(ix.byPage))...)
	}
	if len(ix.keys) == 0 {
		ix.ids = make(map[string]int32, len(records))
	}
	for key, rec := range records {
		ix.add(key, rec)
	}
}

func (ix *RecordIndex) add(key string, rec *Record) {
	id, ok := ix.ids[key]
	if !ok {
		id = int32(len(ix.keys))
		ix.ids[key] = id
		ix.keys = append(ix.keys, key)
	}
	if rec.opaque || len(rec.calls) > 0 {
		ix.always = append(ix.always, id)
	}
	for _, rd := range rec.reads {
		ix.byPage = appendAt(ix.byPage, rd.page, id)
	}
	// The partials this record reaches, each once: a partial whose last
	// user is this record was met already.
	var walk func(ps []*Record)
	walk = func(ps []*Record) {
		for _, p := range ps {
			slot := p.indexed.slot
			if p.indexed.index != ix.number {
				slot = ix.indexPartial(p)
			} else if u := ix.users[slot]; u[len(u)-1] == id {
				continue
			}
			ix.users[slot] = append(ix.users[slot], id)
			walk(p.partials)
		}
	}
	walk(rec.partials)
}

// indexPartial gives a partial's record met for the first time its slot,
// and indexes what it reads.
func (ix *RecordIndex) indexPartial(p *Record) int32 {
	slot := int32(len(ix.users))
	ix.users = append(ix.users, nil)
	p.indexed = indexSlot{ix.number, slot}
	if p.opaque || len(p.calls) > 0 {
		ix.alwaysPartials = append(ix.alwaysPartials, slot)
	}
	for _, rd := range p.reads {
		ix.partialsByPage = appendAt(ix.partialsByPage, rd.page, slot)
	}
	return slot
}

// appendAt appends id to the list at place n of lists, growing lists to
// hold it; an id already last in the list is not added again.
func appendAt(lists [][]int32, n uint32, id int32) [][]int32 {
	for int(n) >= len(lists) {
		lists = append(lists, nil)
	}
	if l := lists[n]; len(l) == 0 || l[len(l)-1] != id {
		lists[n] = append(l, id)
	}
	return lists
}

// Suspects returns the output paths of the records indexed that may not
// hold under changes: those that read a changed page, directly or
// through a partial, or that a page's change cannot tell. Every other
// record indexed holds, as Renderer.Unchanged would find (when
// changes.BodiesHold: a body's links are not asked).
func (ix *RecordIndex) Suspects(changes *ChangeSet) map[string]bool {
	out := map[string]bool{}
	add := func(ids []int32) {
		for _, id := range ids {
			out[ix.keys[id]] = true
		}
	}
	for n, cf := range changes.pages {
		if cf == nil {
			continue
		}
		if n < len(ix.byPage) {
			add(ix.byPage[n])
		}
		if n < len(ix.partialsByPage) {
			for _, slot := range ix.partialsByPage[n] {
				add(ix.users[slot])
			}
		}
	}
	add(ix.always)
	for _, slot := range ix.alwaysPartials {
		add(ix.users[slot])
	}
	return out
}
