package render

import (
	"strings"
	"sync"
	"sync/atomic"
)

// What an edit changed, as records are checked against it: the fields of
// pages that differ between two models, and the numbers records read
// them by.

// Changes are the fields of pages that differ between two models, by
// page output path ("" for a page whose every field counts as changed).
type Changes map[string]map[string]bool

// ChangeSet is Changes by read numbers, made once for checking every
// record of a site against them.
type ChangeSet struct {
	// pages are the changed fields by page number; nil for a page that
	// did not change.
	pages []*changedFields
	// epoch tells this change set from every other, for the answers
	// kept on records (Renderer.unchangedRec).
	epoch uint64
	// BodiesHold, when set, tells that the Renderer checking records is
	// the one that made or last checked every body it keeps, and no
	// output path changed: a body then gets the same answers from its
	// links without asking (Unchanged).
	BodiesHold bool
}

type changedFields struct {
	all bool
	// fields says, by field number, whether the field changed.
	fields []bool
}

// NewChangeSet numbers changes for Renderer.Unchanged.
func NewChangeSet(changes Changes) *ChangeSet {
	cs := &ChangeSet{epoch: changeSets.Add(1)}
	for page, fields := range changes {
		id := readNumbers.pages.of(page)
		if int(id) >= len(cs.pages) {
			cs.pages = append(cs.pages, make([]*changedFields, int(id)+1-len(cs.pages))...)
		}
		cf := &changedFields{all: fields[""]}
		for f, changed := range fields {
			if !changed {
				continue
			}
			n := readNumbers.fields.of(f)
			if int(n) >= len(cf.fields) {
				cf.fields = append(cf.fields, make([]bool, int(n)+1-len(cf.fields))...)
			}
			cf.fields[n] = true
		}
		cs.pages[id] = cf
	}
	return cs
}

// changeSets numbers change sets.
var changeSets atomic.Uint64

// changed reports whether a read's page field is among the changes.
func (cs *ChangeSet) changed(rd readKey) bool {
	if int(rd.page) >= len(cs.pages) {
		return false
	}
	cf := cs.pages[rd.page]
	switch {
	case cf == nil:
		return false
	case cf.all || rd.field == 0:
		return true
	}
	return int(rd.field) < len(cf.fields) && cf.fields[rd.field]
}

// readKey is a PageField by numbers. After an edit serve checks every
// page's reads, a few million on a large site: numbers make them a
// quarter of the memory to go through, and each check an index into a
// slice rather than a hash of a path.
type readKey struct{ page, field uint32 }

// numbering gives strings numbers from 0, in the order first asked.
type numbering struct {
	ids   sync.Map // string -> uint32
	mu    sync.Mutex
	names []string
}

// of returns s's number.
func (n *numbering) of(s string) uint32 {
	if id, ok := n.ids.Load(s); ok {
		return id.(uint32)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if id, ok := n.ids.Load(s); ok {
		return id.(uint32)
	}
	id := uint32(len(n.names))
	s = strings.Clone(s)
	n.names = append(n.names, s)
	n.ids.Store(s, id)
	return id
}

// len returns how many strings are numbered.
func (n *numbering) len() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.names)
}

// name returns the string numbered id.
func (n *numbering) name(id uint32) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.names[id]
}

// readNumbers number the output paths and field names records read.
// Records outlive the Renderer that made them and are checked against a
// later model's changes, so the numbers are the process's: they only
// grow, by an entry for each output path ever rendered. The field ""
// is 0.
var readNumbers = struct{ pages, fields *numbering }{&numbering{}, newFieldNumbering()}

func newFieldNumbering() *numbering {
	n := &numbering{}
	n.of("")
	return n
}

func newReadKey(f PageField) readKey {
	return readKey{readNumbers.pages.of(f.Page), readNumbers.fields.of(f.Field)}
}
