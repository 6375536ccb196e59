package search

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// Terms is a language's terms files kept from one build to the next, with
// what it takes to update them when a few pages change rather than read
// every page again: each folded word of the site with its stem, the first
// page that has it and how many do, and each page's folded words. serve
// writes a language's terms files again after every edit of a page's
// title, summary or body.
//
// An update gives the files that indexing every page would. A word's
// stem is that of the first form of it the site has, so an edit that
// would give a word that other pages have another stem (its first form
// now on the edited page, or no longer there) is not updated: Update
// reports false, and the caller indexes every page. So is an edit of
// more pages than indexing them all would cost.
type Terms struct {
	mu   sync.Mutex
	lang string
	st   *Stemmer
	// sums are the pages' digests as the caller gave them: a page whose
	// digest is the same gives the same words.
	sums [][2]uint64
	// pages are each page's folded words, by their place in folds.
	pages [][]int32
	// folds are the site's folded words, and foldIDs their places; a
	// word no page has any longer keeps its place, with count 0.
	folds   []foldInfo
	foldIDs map[string]int32
	// shards hold the postings and forms, by shard key, as the terms
	// files have them; files are those files, never changed once made.
	shards []Shard
	files  [][]byte
	// encoded keep, for each terms file an update wrote, its parts as
	// encoded, so that the next update encodes again only the stems
	// whose postings changed (nil until the first update: a build never
	// updates).
	encoded []encodedShard
	// writtenFold finds a word as written's fold while NewTerms indexes.
	writtenFold map[string]int32
}

// foldInfo is a folded word of the site: its stem (that of the first form
// of it the site has), the first page with it, how many pages have it,
// and the last page counted while NewTerms indexes.
type foldInfo struct {
	name, stem         string
	first, count, page int32
}

// maxUpdated is how many pages an update reads before indexing every
// page is the cheaper way.
const maxUpdated = 64

// NewTerms indexes docs, keeping what updates need; sums are the docs'
// digests, which Update compares.
func NewTerms(lang string, docs []Doc, sums [][2]uint64) (*Terms, error) {
	t := &Terms{
		lang: lang, st: NewStemmer(lang), sums: slices.Clone(sums), pages: make([][]int32, len(docs)),
		foldIDs: map[string]int32{}, writtenFold: map[string]int32{},
	}
	terms, forms, err := index(lang, docs, nil, t)
	t.writtenFold = nil
	if err != nil {
		return nil, err
	}
	t.shards = shardsOf(terms, forms)
	t.files = encodeShards(t.shards)
	return t, nil
}

// newForm notes, while NewTerms indexes, a word as written met for the
// first time on page: f is its fold, s the fold's stem.
func (t *Terms) newForm(w, f, s string, page int) {
	id, ok := t.foldIDs[f]
	if !ok {
		id = int32(len(t.folds))
		t.folds = append(t.folds, foldInfo{name: f, stem: s, first: int32(page), page: -1})
		t.foldIDs[f] = id
	}
	t.writtenFold[w] = id
}

// seeForm notes, while NewTerms indexes, a word as written (wb, or else
// ws) on page.
func (t *Terms) seeForm(wb []byte, ws string, page int) {
	var id int32
	if wb != nil {
		id = t.writtenFold[string(wb)]
	} else {
		id = t.writtenFold[ws]
	}
	if fi := &t.folds[id]; fi.page != int32(page) {
		fi.page = int32(page)
		fi.count++
		t.pages[page] = append(t.pages[page], id)
	}
}

// Files returns the terms files, in the order of ShardKeys.
func (t *Terms) Files() [][]byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.files)
}

// Update brings the terms to docs, whose digests are sums, by the pages
// whose digests changed, and returns the terms files. ok is false when
// the change cannot be made page by page (see Terms); the terms are then
// of no further use, and the caller makes new ones with NewTerms.
func (t *Terms) Update(docs []Doc, sums [][2]uint64) (files [][]byte, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sums == nil || len(docs) != len(sums) {
		return nil, false
	}
	dirty := make([]bool, len(t.shards))
	if len(sums) == len(t.sums) {
		ok = t.updateInPlace(docs, sums, dirty)
	} else {
		ok = t.updateSpliced(docs, sums, dirty)
	}
	if !ok {
		t.sums = nil
		return nil, false
	}
	if t.encoded == nil {
		t.encoded = make([]encodedShard, len(t.shards))
	}
	for k, d := range dirty {
		if d {
			t.files[k] = t.encoded[k].file(t.shards[k])
		}
	}
	return slices.Clone(t.files), true
}

// encodedShard is a terms file in parts: each stem's entry as encoded,
// in the order of the stems, and the forms' object. A part is dropped
// when what it encodes changes (setPostings, renumber, updateForm) and
// encoded again when the file is next written: a terms file is a
// megabyte of postings on a large site, and an edit changes the
// postings of a few stems.
type encodedShard struct {
	// order are the stems in order, entries each one's entry,
	// "stem":[postings], nil when it is to be encoded again; both nil
	// until the file is first written from its parts.
	order   []string
	entries [][]byte
	// forms is the forms' object, nil when a form came or went.
	forms []byte
}

// stemChanged drops stem s's entry: s is a stem of the file when present
// is true, and no longer one otherwise.
func (e *encodedShard) stemChanged(s string, present bool) {
	if e.order == nil {
		return
	}
	i, found := slices.BinarySearch(e.order, s)
	switch {
	case found && present:
		e.entries[i] = nil
	case found:
		e.order, e.entries = slices.Delete(e.order, i, i+1), slices.Delete(e.entries, i, i+1)
	case present:
		e.order, e.entries = slices.Insert(e.order, i, s), slices.Insert(e.entries, i, nil)
	}
}

// file returns the terms file of sh, as encodeShard would, encoding the
// parts that were dropped.
func (e *encodedShard) file(sh Shard) []byte {
	if e.order == nil {
		e.order = make([]string, 0, len(sh.Terms))
		for s := range sh.Terms {
			e.order = append(e.order, s)
		}
		slices.Sort(e.order)
		e.entries = make([][]byte, len(e.order))
	}
	if e.forms == nil {
		e.forms = appendSortedMap(nil, sh.Forms, appendJSONString)
	}
	n := len(`{"i":{},"f":}`) + len(e.forms)
	for i, s := range e.order {
		if e.entries[i] == nil {
			e.entries[i] = appendPostings(append(appendJSONString(nil, s), ':'), sh.Terms[s])
		}
		n += len(e.entries[i]) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"i":{`...)
	for i, entry := range e.entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, entry...)
	}
	b = append(b, `},"f":`...)
	b = append(b, e.forms...)
	return append(b, '}')
}

// updateInPlace updates the terms to as many pages as they have, page
// by page where digests differ.
func (t *Terms) updateInPlace(docs []Doc, sums [][2]uint64, dirty []bool) bool {
	var changed []int
	for i, s := range sums {
		if s != t.sums[i] {
			if changed = append(changed, i); len(changed) > maxUpdated {
				return false
			}
		}
	}
	// A page whose digest is the one kept (unchanged, or updated
	// already) has its doc's words.
	unchanged := func(q int) (Doc, bool) {
		if t.sums[q] != sums[q] {
			return Doc{}, false
		}
		return docs[q], true
	}
	for _, i := range changed {
		if !t.updatePage(i, docs[i], unchanged, dirty) {
			return false
		}
		t.sums[i] = sums[i]
	}
	return true
}

// updateSpliced updates the terms to pages added or removed: the pages
// between those the old and new digests begin and end with alike are
// updated, and the surplus removed or added.
func (t *Terms) updateSpliced(docs []Doc, sums [][2]uint64, dirty []bool) bool {
	n, p := len(t.sums), 0
	for p < n && p < len(sums) && t.sums[p] == sums[p] {
		p++
	}
	s := 0
	for s < n-p && s < len(sums)-p && t.sums[n-1-s] == sums[len(sums)-1-s] {
		s++
	}
	was, now := n-p-s, len(sums)-p-s
	if max(was, now) > maxUpdated {
		return false
	}
	both := min(was, now)
	// unchanged gives the doc of a page as the terms have it, by its
	// place among them, while the pages between p and p+was are updated
	// or removed: a page before them, or one updated already, at its
	// place; one after them, in the common end.
	unchanged := func(q int) (Doc, bool) {
		switch {
		case q < p+both && t.sums[q] == sums[q]:
			return docs[q], true
		case q >= p+was:
			return docs[q-was+now], true
		}
		return Doc{}, false
	}
	for k := p; k < p+both; k++ {
		if t.sums[k] != sums[k] && !t.updatePage(k, docs[k], unchanged, dirty) {
			return false
		}
		t.sums[k] = sums[k]
	}
	for k := p + was - 1; k >= p+both; k-- {
		// A page removed is first emptied, so that its words leave the
		// site as an edit would take them, and then its place. The pages
		// after it are then the common end.
		after := func(q int) (Doc, bool) { return docs[q-(k+1)+p+now], q > k }
		if !t.updatePage(k, Doc{}, after, dirty) {
			return false
		}
		t.renumber(k+1, -1, dirty)
		t.pages, t.sums = slices.Delete(t.pages, k, k+1), slices.Delete(t.sums, k, k+1)
	}
	for k := p + both; k < p+now; k++ {
		t.renumber(k, 1, dirty)
		t.pages, t.sums = slices.Insert(t.pages, k, nil), slices.Insert(t.sums, k, sums[k])
		if !t.updatePage(k, docs[k], nil, dirty) {
			return false
		}
	}
	return true
}

// renumber moves the pages from page on by delta: in every posting, and
// as the first page of every word.
func (t *Terms) renumber(from, delta int, dirty []bool) {
	for k, sh := range t.shards {
		for s, post := range sh.Terms {
			i := postingOf(post, from)
			if i >= len(post) {
				continue
			}
			for ; i < len(post); i += 2 {
				post[i] += int32(delta)
			}
			if t.encoded != nil {
				t.encoded[k].stemChanged(s, true)
			}
			dirty[k] = true
		}
	}
	for i := range t.folds {
		if t.folds[i].first >= int32(from) {
			t.folds[i].first += int32(delta)
		}
	}
}

// updatePage reads page i anew and moves the terms to it, marking the
// shards it changes in dirty; false, with the terms untouched, when
// another page's stem would change. docAt gives the doc of another page
// by its place when the terms have its words as the doc gives them (nil
// when page i had no words).
func (t *Terms) updatePage(i int, d Doc, docAt func(q int) (Doc, bool), dirty []bool) bool {
	// The page's words, read as index reads them: its folded words in
	// order, each with its stem, and what each stem gets.
	stemOf := map[string]string{}
	var order []string
	counts := map[string]*pageStem{}
	fits := true
	see := func(w string) *pageStem {
		f := Fold(w)
		s, ok := stemOf[f]
		if !ok {
			id, known := t.foldIDs[f]
			if known && t.folds[id].first < int32(i) {
				s = t.folds[id].stem
			} else {
				// The page has, or now would have, the word's first form.
				s = t.st.Stem(w)
				if known && s != t.folds[id].stem {
					fits = false
				}
			}
			stemOf[f] = s
			order = append(order, f)
		}
		c := counts[s]
		if c == nil {
			c = &pageStem{}
			counts[s] = c
		}
		return c
	}
	if d.Body != nil {
		d.Body().eachWord(func(w []byte, n int) {
			if len(w) > 0 {
				see(string(w)).body += n
			}
		})
	}
	EachWord(d.Title, func(w string) {
		see(w).title()
	})
	EachWord(d.metaText(), func(w string) {
		see(w).meta()
	})
	if !fits {
		return false
	}
	old := t.pages[i]
	oldStems := map[string]bool{}
	firsts := map[int32]int32{} // words that leave their first page: the next
	for _, id := range old {
		fi := t.folds[id]
		oldStems[fi.stem] = true
		// A word that leaves its first page, and that other pages have,
		// takes the stem of its form on the next page with it.
		if _, still := stemOf[fi.name]; !still && fi.first == int32(i) && fi.count > 1 {
			next, ok := t.nextFirst(id, i, docAt)
			if !ok {
				return false
			}
			firsts[id] = int32(next)
		}
	}
	for s := range oldStems {
		if post := t.postings(s); !hasPosting(post, i) {
			return false // not the terms of these pages: never so when built by NewTerms
		}
	}

	// Postings.
	var stemsChanged []string // stems added to or gone from the site
	for s := range oldStems {
		if _, ok := counts[s]; ok {
			continue
		}
		post := t.postings(s)
		k := postingOf(post, i)
		post = slices.Delete(post, k, k+2)
		t.setPostings(s, post, dirty)
		if len(post) == 0 {
			stemsChanged = append(stemsChanged, s)
		}
	}
	for s, c := range counts {
		weight := c.weight()
		post := t.postings(s)
		if post == nil {
			stemsChanged = append(stemsChanged, s)
		}
		k := postingOf(post, i)
		switch {
		case k < len(post) && post[k] == int32(i):
			if post[k+1] == weight {
				continue
			}
			post[k+1] = weight
		default:
			post = slices.Insert(post, k, int32(i), weight)
		}
		t.setPostings(s, post, dirty)
	}

	// Folded words.
	var formsChanged []string // folded words added or gone
	inOld := make(map[int32]bool, len(old))
	for _, id := range old {
		inOld[id] = true
	}
	ids := make([]int32, 0, len(order))
	for _, f := range order {
		id, known := t.foldIDs[f]
		switch {
		case !known:
			id = int32(len(t.folds))
			t.folds = append(t.folds, foldInfo{name: f, stem: stemOf[f], first: int32(i), count: 1, page: -1})
			t.foldIDs[f] = id
			formsChanged = append(formsChanged, f)
		case !inOld[id]:
			fi := &t.folds[id]
			fi.count++
			fi.first = min(fi.first, int32(i))
		}
		delete(inOld, id)
		ids = append(ids, id)
	}
	for id := range inOld {
		fi := &t.folds[id]
		if next, ok := firsts[id]; ok {
			fi.first = next
		}
		if fi.count--; fi.count == 0 {
			delete(t.foldIDs, fi.name)
			formsChanged = append(formsChanged, fi.name)
		}
	}
	t.pages[i] = ids

	// Forms: a word added or gone, and, when the site's stems changed,
	// every word that a changed stem begins (the rules find a word's
	// stem by its start).
	if len(stemsChanged) > 0 {
		for f := range t.foldIDs {
			for _, s := range stemsChanged {
				if strings.HasPrefix(f, s) {
					formsChanged = append(formsChanged, f)
					break
				}
			}
		}
	}
	for _, f := range formsChanged {
		t.updateForm(f, dirty)
	}
	return true
}

// nextFirst finds the page after page i that has word id first, when the
// word's form there has the word's stem: the page that makes the word's
// stem once page i no longer has it. ok is false when that page's doc is
// not at hand or its form has another stem.
func (t *Terms) nextFirst(id int32, i int, docAt func(q int) (Doc, bool)) (next int, ok bool) {
	if docAt == nil {
		return 0, false
	}
	fi := t.folds[id]
	for q := i + 1; q < len(t.pages); q++ {
		if !slices.Contains(t.pages[q], id) {
			continue
		}
		d, ok := docAt(q)
		if !ok {
			return 0, false
		}
		form, found := firstForm(d, fi.name)
		return q, found && t.st.Stem(form) == fi.stem
	}
	return 0, false
}

// firstForm returns the first word of a doc, in the order index reads
// them, whose folded word is f.
func firstForm(d Doc, f string) (form string, found bool) {
	match := func(w string) bool {
		if !found && Fold(w) == f {
			form, found = w, true
		}
		return found
	}
	if d.Body != nil {
		d.Body().eachWord(func(w []byte, _ int) {
			if len(w) > 0 && !found {
				match(string(w))
			}
		})
	}
	EachWord(d.Title, func(w string) { match(w) })
	EachWord(d.metaText(), func(w string) { match(w) })
	return form, found
}

// postingOf finds page i in flattened postings (page, weight, ...): the
// place of its pair, or where the pair would go.
func postingOf(post []int32, i int) int {
	return 2 * sort.Search(len(post)/2, func(k int) bool { return post[2*k] >= int32(i) })
}

// hasPosting reports whether page i has a pair in post.
func hasPosting(post []int32, i int) bool {
	k := postingOf(post, i)
	return k < len(post) && post[k] == int32(i)
}

// postings returns stem s's postings, nil when s is no stem of the site
// (a stem with none left is dropped).
func (t *Terms) postings(s string) []int32 {
	return t.shards[shardIndex(ShardKey(s))].Terms[s]
}

// setPostings sets stem s's postings, dropping the stem when none are
// left.
func (t *Terms) setPostings(s string, post []int32, dirty []bool) {
	k := shardIndex(ShardKey(s))
	if len(post) == 0 {
		delete(t.shards[k].Terms, s)
	} else {
		t.shards[k].Terms[s] = post
	}
	if t.encoded != nil {
		t.encoded[k].stemChanged(s, len(post) > 0)
	}
	dirty[k] = true
}

// known reports whether s is a stem of the site.
func (t *Terms) known(s string) bool {
	_, ok := t.shards[shardIndex(ShardKey(s))].Terms[s]
	return ok
}

// updateForm lists folded word f in the terms files of its word and of
// its stem, or takes it out of them, as index would.
func (t *Terms) updateForm(f string, dirty []bool) {
	kf := shardIndex(ShardKey(f))
	was, listed := t.shards[kf].Forms[f]
	id, live := t.foldIDs[f]
	wanted := live && listedForm(f, t.folds[id].stem, t.known)
	if wanted == listed && (!listed || was == t.folds[id].stem) {
		return
	}
	formsChanged := func(kf, ks int) {
		dirty[kf], dirty[ks] = true, true
		if t.encoded != nil {
			t.encoded[kf].forms, t.encoded[ks].forms = nil, nil
		}
	}
	if listed {
		ks := shardIndex(ShardKey(was))
		delete(t.shards[kf].Forms, f)
		delete(t.shards[ks].Forms, f)
		formsChanged(kf, ks)
	}
	if wanted {
		s := t.folds[id].stem
		ks := shardIndex(ShardKey(s))
		t.shards[kf].Forms[f] = s
		t.shards[ks].Forms[f] = s
		formsChanged(kf, ks)
	}
}
