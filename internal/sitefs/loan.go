package sitefs

import (
	"io/fs"
	"sync"
)

// A Loan is a file's bytes read into memory lent from a pool, for a
// caller that is done with them before it reads the next file. A build
// reads each content file several times (to parse its front matter, to
// convert its body, to hash it for the build cache) and keeps none of
// those bytes: memory of their own for every read would only be more for
// the collector to clear.
type Loan struct {
	// Data is the file's bytes, valid until Return.
	Data   []byte
	pooled bool
}

// maxLent is the largest buffer the pool keeps: a large file (an image)
// is read into memory of its own rather than hold that much for good.
const maxLent = 1 << 20

var loans = sync.Pool{New: func() any { return new(Loan) }}

// Borrow reads name from fsys. Only a site folder (*FS) reads into lent
// memory: what another fs.FS returns may be its own and is never reused.
func Borrow(fsys fs.FS, name string) (*Loan, error) {
	site, ok := fsys.(*FS)
	if !ok {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		return &Loan{Data: data}, nil
	}
	l := loans.Get().(*Loan)
	data, err := site.ReadFileBuf(name, l.Data[:0])
	if err != nil {
		loans.Put(l)
		return nil, err
	}
	l.Data, l.pooled = data, true
	return l, nil
}

// Return gives the memory back; nothing may refer to Data afterwards. A
// Loan made by its caller, not by Borrow, and a nil one give nothing back.
func (l *Loan) Return() {
	if l == nil || !l.pooled {
		return
	}
	if cap(l.Data) > maxLent {
		l.Data = nil
	}
	loans.Put(l)
}
