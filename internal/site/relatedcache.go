package site

import (
	"bytes"
	"encoding/gob"
)

// relatedRecord is what a RelatedCache keeps, as encoding/gob writes it.
type relatedRecord struct {
	Fingerprint [32]byte
	Result      [][]int32
}

// GobEncode lets serve keep the related pages for its next start: a
// restored cache is used only when its fingerprint is that of the new
// model, as within one run.
func (c *RelatedCache) GobEncode() ([]byte, error) {
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(relatedRecord{c.sum(), c.result})
	return buf.Bytes(), err
}

// GobDecode restores what GobEncode wrote. A result that does not fit the
// groups it is applied to (a record of another model with a colliding
// fingerprint, which SHA-256 makes as good as impossible) is still checked
// for indexes in range when applied.
func (c *RelatedCache) GobDecode(data []byte) error {
	var r relatedRecord
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&r); err != nil {
		return err
	}
	c.fingerprint, c.result, c.stale = r.Fingerprint, r.Result, false
	return nil
}

// relatedFits reports whether a kept result can be applied to n groups:
// one list per group, every index one of them.
func relatedFits(result [][]int32, n int) bool {
	if len(result) != n {
		return false
	}
	for _, r := range result {
		for _, j := range r {
			if j < 0 || int(j) >= n {
				return false
			}
		}
	}
	return true
}

// Saved returns what the cache holds, for a record of the caller's own;
// Restore puts it back, under the same checks as GobDecode.
func (c *RelatedCache) Saved() (fingerprint [32]byte, result [][]int32) {
	return c.sum(), c.result
}

// Restore puts back what Saved returned.
func (c *RelatedCache) Restore(fingerprint [32]byte, result [][]int32) {
	c.fingerprint, c.result, c.stale = fingerprint, result, false
}
