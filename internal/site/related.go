package site

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"

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
	tagKeys := make([][]relatedTag, n)
	tagIDs := map[relatedTag]int32{}
	var buckets [][]int32
	dates := make([]int64, n)
	for i, g := range groups {
		rep := g.Pages[0]
		if d := g.In(b.defaultLang()); d != nil {
			rep = d
		}
		dates[i] = g.Pages[0].Date.UnixNano()
		add := func(t relatedTag) {
			id, ok := tagIDs[t]
			if !ok {
				id = int32(len(buckets))
				tagIDs[t] = id
				buckets = append(buckets, nil)
			}
			tags[i] = append(tags[i], id)
			tagKeys[i] = append(tagKeys[i], t)
			buckets[id] = append(buckets[id], int32(i))
		}
		for _, r := range uniq(rep.File.Front.Regions) {
			add(relatedTag{true, r})
		}
		for _, t := range uniq(rep.File.Front.Themes) {
			add(relatedTag{false, t})
		}
	}
	fp := relatedFingerprint(groups, tags, dates)
	c := b.opts.Related
	if c != nil && c.fingerprint == fp && c.result != nil && relatedFits(c.result, n) {
		b.applyRelated(groups, c.result)
		return
	}
	result := make([][]int32, n)
	// todo are the groups whose related pages are worked out; the others
	// are the last Build's (see RelatedCache.keep).
	var todo []int32
	if c != nil {
		todo = c.keep(groups, tagKeys, dates, result)
	}
	if todo == nil {
		todo = make([]int32, n)
		for i := range todo {
			todo[i] = int32(i)
		}
	}
	defer func() {
		b.applyRelated(groups, result)
		if c != nil {
			c.fingerprint, c.result = fp, result
			c.keys = make([]string, n)
			for i, g := range groups {
				c.keys[i] = g.Key
			}
			c.tags, c.dates, c.worked = tagKeys, dates, len(todo)
		}
	}()
	better := func(score []uint8, a, c int32) bool {
		return ranksBefore(int(score[a]), int(score[c]), dates, a, c)
	}
	// Each group's related pages are its own, so groups are worked out in
	// chunks on all cores, each chunk with its own scores: the work grows
	// with the square of the pages that share a tag.
	const chunk = 256
	parallel.For((len(todo)+chunk-1)/chunk, func(c int) {
		score := make([]uint8, n)
		touched := make([]int32, 0, 1024)
		for _, at := range todo[c*chunk : min((c+1)*chunk, len(todo))] {
			i := int(at)
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

// ranksBefore reports whether group a, sharing sa tags with a group,
// ranks before group c, sharing sc, among its related pages: more tags
// shared, then newer, then the smaller key (groups are sorted by key, so
// a smaller index is a smaller key). related and RelatedCache.keep rank
// alike, so that a kept result is one that working it out would give.
func ranksBefore(sa, sc int, dates []int64, a, c int32) bool {
	if sa != sc {
		return sa > sc
	}
	if dates[a] != dates[c] {
		return dates[a] > dates[c]
	}
	return a < c
}

// applyRelated gives every page of each group its related pages, in the
// page's language where they have one. A group's pages are its own, so
// groups are done on all cores.
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
	// keys, tags and dates are the groups' keys, tags and dates that the
	// result was worked out from, by group index; nil when the cache was
	// restored from a record, which keeps the result alone.
	keys  []string
	tags  [][]relatedTag
	dates []int64
	// worked is how many groups' related pages the last Build worked out
	// rather than kept.
	worked int
}

// A relatedTag is a region or a theme, by key.
type relatedTag struct {
	region bool
	key    string
}

// keep fills result with what the related pages of the last Build give
// for every group but those whose tags or date changed, or that are new,
// and returns those left to work out (nil to work out all: when the cache
// has no groups, or most groups are left anyway). Indexes order groups by
// key in both Builds, so ties break alike. A group that shares no tag
// with a changed or removed group has the same candidates, and keeps its
// related pages. One that does, but whose related pages are all
// unchanged groups, had them as the best of its unchanged candidates:
// its new ones are the best of those and the changed groups it shares a
// tag with.
func (c *RelatedCache) keep(groups []*Group, tags [][]relatedTag, dates []int64, result [][]int32) []int32 {
	if c.keys == nil || !relatedFits(c.result, len(c.keys)) {
		return nil
	}
	before := make(map[string]int32, len(c.keys))
	for i, k := range c.keys {
		before[k] = int32(i)
	}
	now := make(map[string]int32, len(groups))
	changedTags := map[relatedTag]bool{}
	changed := make([]bool, len(groups))
	var changedGroups []int32
	for i, g := range groups {
		now[g.Key] = int32(i)
		j, ok := before[g.Key]
		if ok && dates[i] == c.dates[j] && slices.Equal(tags[i], c.tags[j]) {
			continue
		}
		changed[i] = true
		changedGroups = append(changedGroups, int32(i))
		for _, t := range tags[i] {
			changedTags[t] = true
		}
		if ok {
			for _, t := range c.tags[j] {
				changedTags[t] = true
			}
		}
	}
	for j, k := range c.keys {
		if _, ok := now[k]; !ok {
			for _, t := range c.tags[j] {
				changedTags[t] = true
			}
		}
	}
	if len(changedGroups) > len(groups)/2 {
		return nil
	}
	shared := func(a, b []relatedTag) int {
		n := 0
		for _, t := range a {
			if slices.Contains(b, t) {
				n++
			}
		}
		return n
	}
	todo := []int32{}
	for i, g := range groups {
		if changed[i] {
			todo = append(todo, int32(i))
			continue
		}
		var kept []int32
		stillBest := true
		for _, j := range c.result[before[g.Key]] {
			nj, ok := now[c.keys[j]]
			if !ok || changed[nj] {
				stillBest = false
				break
			}
			kept = append(kept, nj)
		}
		if !stillBest {
			todo = append(todo, int32(i))
			continue
		}
		if !slices.ContainsFunc(tags[i], func(t relatedTag) bool { return changedTags[t] }) {
			result[i] = kept
			continue
		}
		for _, j := range changedGroups {
			if shared(tags[i], tags[j]) > 0 {
				kept = append(kept, j)
			}
		}
		score := func(j int32) int { return min(shared(tags[i], tags[j]), 255) }
		slices.SortFunc(kept, func(a, b int32) int {
			switch {
			case a == b:
				return 0
			case ranksBefore(score(a), score(b), dates, a, b):
				return -1
			}
			return 1
		})
		if len(kept) > relatedCount {
			kept = kept[:relatedCount]
		}
		if len(kept) > 0 {
			result[i] = kept
		}
	}
	if len(todo) > len(groups)/2 {
		return nil
	}
	return todo
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
