package site

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/parallel"
)

// relatedCount is how many related pages a page shows.
const relatedCount = 3

// related gives every listable content page the pages that share most of
// its regions and themes, ties broken by the newer date, then by group key.
// Tags are read from each group's default-language page where it has one,
// so that all translations of a page show the same related pages.
//
// Candidates come from an inverted index of tags, so the cost is the sum of
// the sizes of a page's tag buckets rather than the number of pages
// squared; the inner loop works on plain arrays because on a large site it
// runs hundreds of millions of times.
func (b *builder) related() {
	var groups []*Group
	for _, g := range b.sortedGroups() {
		if listable(g) && g.Kind != content.KindRegion {
			groups = append(groups, g)
		}
	}
	n := len(groups)
	tags := make([][]int32, n)
	// A tag is a region or a theme, by key.
	type tag struct {
		region bool
		key    string
	}
	tagIDs := map[tag]int32{}
	var buckets [][]int32
	dates := make([]int64, n)
	for i, g := range groups {
		rep := g.Pages[0]
		if d := g.In(b.defaultLang()); d != nil {
			rep = d
		}
		dates[i] = g.Pages[0].Date.UnixNano()
		add := func(t tag) {
			id, ok := tagIDs[t]
			if !ok {
				id = int32(len(buckets))
				tagIDs[t] = id
				buckets = append(buckets, nil)
			}
			tags[i] = append(tags[i], id)
			buckets[id] = append(buckets[id], int32(i))
		}
		for _, r := range uniq(rep.File.Front.Regions) {
			add(tag{true, r})
		}
		for _, t := range uniq(rep.File.Front.Themes) {
			add(tag{false, t})
		}
	}
	fp := relatedFingerprint(groups, tags, dates)
	if c := b.opts.Related; c != nil && c.fingerprint == fp && c.result != nil && relatedFits(c.result, n) {
		b.applyRelated(groups, c.result)
		return
	}
	result := make([][]int32, n)
	defer func() {
		b.applyRelated(groups, result)
		if c := b.opts.Related; c != nil {
			c.fingerprint, c.result = fp, result
		}
	}()
	// Groups are sorted by key, so a smaller index is a smaller key.
	better := func(score []uint8, a, c int32) bool {
		if score[a] != score[c] {
			return score[a] > score[c]
		}
		if dates[a] != dates[c] {
			return dates[a] > dates[c]
		}
		return a < c
	}
	// Each group's related pages are its own, so groups are worked out in
	// chunks on all cores, each chunk with its own scores: the work grows
	// with the square of the pages that share a tag.
	const chunk = 256
	parallel.For((n+chunk-1)/chunk, func(c int) {
		score := make([]uint8, n)
		touched := make([]int32, 0, 1024)
		for i := c * chunk; i < min((c+1)*chunk, n); i++ {
			touched = touched[:0]
			for _, t := range tags[i] {
				for _, j := range buckets[t] {
					if int(j) == i {
						continue
					}
					if score[j] == 0 {
						touched = append(touched, j)
					}
					if score[j] < 255 {
						score[j]++
					}
				}
			}
			var best [relatedCount]int32
			found := 0
			for _, j := range touched {
				// Most candidates share one tag and lose to a full list
				// on score alone; better's tie-breaks are for the rest.
				if found == relatedCount && score[j] < score[best[relatedCount-1]] {
					continue
				}
				// Insert j into the sorted best list if it belongs there.
				pos := found
				for pos > 0 && better(score, j, best[pos-1]) {
					pos--
				}
				if pos >= relatedCount {
					continue
				}
				end := found
				if end == relatedCount {
					end--
				}
				copy(best[pos+1:end+1], best[pos:end])
				best[pos] = j
				if found < relatedCount {
					found++
				}
			}
			for _, j := range touched {
				score[j] = 0
			}
			result[i] = append([]int32(nil), best[:found]...)
		}
	})
}

// applyRelated gives every page of each group its related pages, in the
// page's language where they have one.
// A group's pages are its own, so groups are done on all cores.
func (b *builder) applyRelated(groups []*Group, result [][]int32) {
	parallel.Ranges(len(groups), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for _, p := range groups[i].Pages {
				for _, j := range result[i] {
					if it, ok := b.pick(groups[j], p.Lang); ok {
						p.Related = append(p.Related, it)
					}
				}
			}
		}
	})
}

// RelatedCache keeps the related pages of one Build for the next, as
// serve rebuilds: when no group's key, tags or date changed (an edit to a
// page's text), they are the same and are not worked out again. The zero
// value is ready to use; a cache serves one site.
type RelatedCache struct {
	fingerprint [32]byte
	result      [][]int32
}

// relatedFingerprint hashes everything related pages are computed from.
func relatedFingerprint(groups []*Group, tags [][]int32, dates []int64) [32]byte {
	buf := make([]byte, 0, 64*len(groups))
	for i, g := range groups {
		buf = append(buf, g.Key...)
		buf = append(buf, 0)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(dates[i]))
		for _, t := range tags[i] {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(t))
		}
		buf = append(buf, 0xff)
	}
	return sha256.Sum256(buf)
}
