package site

import (
	"sort"

	"github.com/puente-ssg/puente/internal/content"
)

// relatedCount is how many related pages a page shows.
const relatedCount = 3

// related gives every listable content page the pages that share most of
// its regions and themes, ties broken by the newer date. Tags are read from
// each group's first page (its default language where it has one), so that
// all translations of a page show the same related pages.
//
// Candidates come from an inverted index of tags, so the cost is the sum of
// the sizes of a page's tag buckets, not the number of pages squared.
func (b *builder) related() {
	var groups []*Group
	for _, g := range b.sortedGroups() {
		if listable(g) && g.Kind != content.KindRegion {
			groups = append(groups, g)
		}
	}
	tags := make([][]string, len(groups))
	buckets := map[string][]int{}
	for i, g := range groups {
		rep := g.Pages[0]
		if d := g.In(b.defaultLang()); d != nil {
			rep = d
		}
		for _, r := range uniq(rep.File.Front.Regions) {
			tags[i] = append(tags[i], "r:"+r)
		}
		for _, t := range uniq(rep.File.Front.Themes) {
			tags[i] = append(tags[i], "t:"+t)
		}
		for _, t := range tags[i] {
			buckets[t] = append(buckets[t], i)
		}
	}
	score := make([]int, len(groups))
	var touched []int
	for i, g := range groups {
		touched = touched[:0]
		for _, t := range tags[i] {
			for _, j := range buckets[t] {
				if j == i {
					continue
				}
				if score[j] == 0 {
					touched = append(touched, j)
				}
				score[j]++
			}
		}
		best := topRelated(touched, score, groups)
		for _, j := range touched {
			score[j] = 0
		}
		for _, p := range g.Pages {
			for _, j := range best {
				if it, ok := b.pick(groups[j], p.Lang); ok {
					p.Related = append(p.Related, it)
				}
			}
		}
	}
}

// topRelated picks the relatedCount candidates with the highest score, then
// the newest date, then the smallest group key.
func topRelated(cands, score []int, groups []*Group) []int {
	better := func(a, c int) bool {
		if score[a] != score[c] {
			return score[a] > score[c]
		}
		da, dc := groups[a].Pages[0].Date, groups[c].Pages[0].Date
		if !da.Equal(dc) {
			return da.After(dc)
		}
		return groups[a].Key < groups[c].Key
	}
	var best []int
	for _, j := range cands {
		if len(best) < relatedCount {
			best = append(best, j)
			sort.Slice(best, func(x, y int) bool { return better(best[x], best[y]) })
			continue
		}
		if better(j, best[relatedCount-1]) {
			best[relatedCount-1] = j
			sort.Slice(best, func(x, y int) bool { return better(best[x], best[y]) })
		}
	}
	return best
}
