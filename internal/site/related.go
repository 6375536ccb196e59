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
	groups := relatableGroups(b.sortedGroups())
	n := len(groups)
	tagKeys := make([][]relatedTag, n)
	dates := make([]int64, n)
	for i, g := range groups {
		rep := g.Pages[0]
		if d := g.In(b.defaultLang()); d != nil {
			rep = d
		}
		dates[i] = g.Pages[0].Date.UnixNano()
		tagKeys[i] = relatedTags(rep.File)
	}
	tags, buckets, _ := tagIDs(tagKeys)
	keys := make([]string, n)
	for i, g := range groups {
		keys[i] = g.Key
	}
	fp := relatedFingerprint(keys, tags, dates)
	c := b.opts.Related
	remember := func(result [][]int32, worked int) {
		b.applyRelated(groups, result)
		if c != nil {
			*c = RelatedCache{fingerprint: fp, result: result, keys: keys, tags: tagKeys, ids: tags, buckets: buckets, dates: dates, worked: worked}
		}
	}
	if c != nil && c.sum() == fp && c.result != nil && relatedFits(c.result, n) {
		remember(c.result, 0)
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
	// Each group's related pages are its own, so groups are worked out in
	// chunks on all cores, each chunk with its own scores: the work grows
	// with the square of the pages that share a tag.
	const chunk = 256
	parallel.For((len(todo)+chunk-1)/chunk, func(c int) {
		score := make([]uint8, n)
		touched := make([]int32, 0, 1024)
		for _, at := range todo[c*chunk : min((c+1)*chunk, len(todo))] {
			result[at], touched = bestRelated(at, tags, buckets, dates, score, touched)
		}
	})
	remember(result, len(todo))
}

// bestRelated returns the related groups of group i: of those that share
// a tag with it (buckets holds the groups of each tag), the relatedCount
// that rank first. score (one per group) must be zero on entry, and is
// left so; touched is scratch space, returned for reuse.
func bestRelated(i int32, tags, buckets [][]int32, dates []int64, score []uint8, touched []int32) ([]int32, []int32) {
	touched = touched[:0]
	for _, t := range tags[i] {
		for _, j := range buckets[t] {
			if j == i {
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
	better := func(a, c int32) bool {
		return ranksBefore(int(score[a]), int(score[c]), dates, a, c)
	}
	var best [relatedCount]int32
	found := 0
	for _, j := range touched {
		// Most candidates share one tag and lose to a full list on score
		// alone; better's tie-breaks are for the rest.
		if found == relatedCount && score[j] < score[best[relatedCount-1]] {
			continue
		}
		// Insert j into the sorted best list if it belongs there.
		pos := found
		for pos > 0 && better(j, best[pos-1]) {
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
	return append([]int32(nil), best[:found]...), touched
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
				p.Related = relatedItems(p.Lang, b.defaultLang(), groups, result[i])
			}
		}
	})
}

// relatedItems are the entries of a page in lang whose related groups are
// related (indexes into groups): each group's page in lang, else its
// default language's (def), else its first.
func relatedItems(lang, def string, groups []*Group, related []int32) []Item {
	var items []Item
	for _, j := range related {
		if it, ok := groups[j].Pick(lang, def); ok {
			items = append(items, it)
		}
	}
	return items
}

// relatable reports whether a group has related pages and is one: the
// listable groups but regions.
func relatable(g *Group) bool { return listable(g) && g.Kind != content.KindRegion }

// relatableGroups returns the relatable groups of groups, in their order.
func relatableGroups(groups []*Group) []*Group {
	var out []*Group
	for _, g := range groups {
		if relatable(g) {
			out = append(out, g)
		}
	}
	return out
}

// relatedGroups returns the groups of m that have related pages, in the
// order of c's indexes, or nil when c does not hold them: no Build has
// filled it (a cache restored from a record), or another model's.
func (m *Model) relatedGroups(c *RelatedCache) []*Group {
	if c == nil || c.keys == nil || len(c.result) != len(c.keys) {
		return nil
	}
	groups := relatableGroups(m.Groups)
	if !slices.EqualFunc(groups, c.keys, func(g *Group, key string) bool { return g.Key == key }) {
		return nil
	}
	return groups
}

// A relatedEdit is a group's date and tags after an edit (Model.Reedit).
type relatedEdit struct {
	date int64 // its first page's, as UnixNano
	tags []relatedTag
}

// relatedTags are the tags a group takes from its representative page's
// file (see related): its regions, then its themes.
func relatedTags(f *content.File) []relatedTag {
	var tags []relatedTag
	for _, r := range uniq(f.Front.Regions) {
		tags = append(tags, relatedTag{true, r})
	}
	for _, t := range uniq(f.Front.Themes) {
		tags = append(tags, relatedTag{false, t})
	}
	return tags
}

// update gives groups (by key) new dates and tags, and works out again the
// related pages of the groups whose ranking that may change: the edited
// groups, and those that shared a tag with one before or do now and
// either had it among their related pages (it may fall behind another)
// or would now rank it before their last. It returns the groups whose
// related pages changed, by index, and leaves the cache as a Build of
// the edited groups would (fingerprint included: serve keeps it for its
// next start).
func (c *RelatedCache) update(edits map[string]relatedEdit) []int32 {
	n := len(c.keys)
	// What the cache holds may be being written for serve's next start (a
	// copy of the cache, sharing its slices): the slices changed are
	// copies.
	c.result, c.dates = slices.Clone(c.result), slices.Clone(c.dates)
	var edited []int32
	var touchedTags []relatedTag
	retagged := false
	for key, e := range edits {
		i, ok := slices.BinarySearch(c.keys, key)
		if !ok {
			continue
		}
		c.dates[i] = e.date
		touchedTags = append(append(touchedTags, c.tags[i]...), e.tags...)
		if !slices.Equal(c.tags[i], e.tags) {
			if !retagged {
				c.tags = slices.Clone(c.tags)
				retagged = true
			}
			c.tags[i] = e.tags
		}
		edited = append(edited, int32(i))
	}
	slices.Sort(edited)
	// The groups whose related pages may change are those of the edited
	// groups' tags, before and after, by number.
	var touchedIDs []int32
	if retagged {
		var number map[relatedTag]int32
		c.ids, c.buckets, number = tagIDs(c.tags)
		for _, t := range touchedTags {
			if id, ok := number[t]; ok {
				touchedIDs = append(touchedIDs, id)
			}
		}
	} else {
		for _, e := range edited {
			touchedIDs = append(touchedIDs, c.ids[e]...)
		}
	}
	isEdited := make(map[int32]bool, len(edited))
	for _, e := range edited {
		isEdited[e] = true
	}
	score := make([]uint8, n)
	var touched []int32
	asked := map[int32]bool{}
	var changed []int32
	work := func(i int32) {
		asked[i] = true
		var best []int32
		best, touched = bestRelated(i, c.ids, c.buckets, c.dates, score, touched)
		if !slices.Equal(best, c.result[i]) {
			c.result[i] = best
			changed = append(changed, i)
		}
	}
	for _, e := range edited {
		work(e)
	}
	for _, id := range touchedIDs {
		for _, i := range c.buckets[id] {
			if asked[i] {
				continue
			}
			old := c.result[i]
			if slices.ContainsFunc(old, func(j int32) bool { return isEdited[j] }) || len(old) < relatedCount {
				work(i)
				continue
			}
			last := old[len(old)-1]
			sl := sharedTags(c.ids[i], c.ids[last])
			for _, e := range edited {
				if se := sharedTags(c.ids[i], c.ids[e]); se > 0 && ranksBefore(se, sl, c.dates, e, last) {
					work(i)
					break
				}
			}
		}
	}
	slices.Sort(changed)
	// Hashing every group costs more than the rest: it is done when asked.
	c.stale = true
	return changed
}

// sum returns the fingerprint of what the cache holds, worked out again
// after an update.
func (c *RelatedCache) sum() [32]byte {
	if c.stale {
		c.fingerprint, c.stale = relatedFingerprint(c.keys, c.ids, c.dates), false
	}
	return c.fingerprint
}

// tagIDs numbers tags in the order groups first have them (number), and
// gives each group's tags by number (ids) and the groups of each number
// (buckets).
func tagIDs(tags [][]relatedTag) (ids [][]int32, buckets [][]int32, number map[relatedTag]int32) {
	number = map[relatedTag]int32{}
	ids = make([][]int32, len(tags))
	for i, ts := range tags {
		for _, t := range ts {
			id, ok := number[t]
			if !ok {
				id = int32(len(buckets))
				number[t] = id
				buckets = append(buckets, nil)
			}
			ids[i] = append(ids[i], id)
			buckets[id] = append(buckets[id], int32(i))
		}
	}
	return ids, buckets, number
}

// sharedTags counts the tags (by key or by number) two groups share, as
// related scores them.
func sharedTags[T comparable](a, b []T) int {
	n := 0
	for _, t := range a {
		if slices.Contains(b, t) {
			n++
		}
	}
	return min(n, 255)
}

// RelatedCache keeps the related pages of one Build for the next, as
// serve rebuilds: when no group's key, tags or date changed (an edit to a
// page's text), they are the same and are not worked out again. The zero
// value is ready to use; a cache serves one site.
type RelatedCache struct {
	fingerprint [32]byte
	// stale is true when an update changed what fingerprint sums (sum).
	stale  bool
	result [][]int32
	// keys, tags and dates are the groups' keys, tags and dates that the
	// result was worked out from, by group index; nil when the cache was
	// restored from a record, which keeps the result alone. ids are the
	// tags by number, and buckets the groups of each number (Redate).
	keys    []string
	tags    [][]relatedTag
	ids     [][]int32
	buckets [][]int32
	dates   []int64
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
			if sharedTags(tags[i], tags[j]) > 0 {
				kept = append(kept, j)
			}
		}
		score := func(j int32) int { return sharedTags(tags[i], tags[j]) }
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
func relatedFingerprint(keys []string, tags [][]int32, dates []int64) [32]byte {
	buf := make([]byte, 0, 64*len(keys))
	for i, k := range keys {
		buf = append(buf, k...)
		buf = append(buf, 0)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(dates[i]))
		for _, t := range tags[i] {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(t))
		}
		buf = append(buf, 0xff)
	}
	return sha256.Sum256(buf)
}
