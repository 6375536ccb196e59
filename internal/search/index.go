package search

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/puente-ssg/puente/internal/parallel"
)

// Page is one page of a language's index, as the search page shows it.
// Short JSON keys keep the file small.
type Page struct {
	Title   string   `json:"t"`
	URL     string   `json:"u"`
	Summary string   `json:"s,omitempty"`
	Kind    string   `json:"k"`
	Date    string   `json:"d,omitempty"`
	Regions []string `json:"r,omitempty"`
	Themes  []string `json:"th,omitempty"`
	// Lang is set when the page is shown in another language because the
	// index's language has no translation of it.
	Lang string `json:"l,omitempty"`
	// Text is the start of the page's body as plain text, for snippets.
	Text string `json:"x,omitempty"`
}

// Doc is a page to index: what the results show, and its body. Body words
// are indexed whole; Page.Text is the start of the body that Body keeps
// for snippets. Build asks for the bodies a batch of pages ahead, on every
// core (Body must be safe for concurrent use), so that a large site's
// bodies are not all held at once.
type Doc struct {
	Page
	Body func() Body
	// Words, when set, gives the numbers of the words of the page's Body
	// (BodyWords), which a caller that indexes the same bodies again and
	// again keeps: a number costs an index into a slice where a word as
	// written costs a hash. Like Body, it must be safe for concurrent use.
	Words func(Body) []uint32
}

// TextLimit is how much of a body an index keeps for snippets. Every word
// of a body is indexed; a match further down shows the page's summary.
const TextLimit = 3000

// Weights of a word by where it appears: a word of the title counts more
// than one of the summary, regions or themes, which counts more than one
// of the body. Repeats in the body count up to maxBodyCount.
const (
	titleWeight   = 8
	summaryWeight = 3
	maxBodyCount  = 8
)

// Index is a language's search index, whole: as Build makes it, or as
// Load reads it back from its parts.
type Index struct {
	Lang  string
	Pages []Page
	// Terms maps a stem to its postings, flattened: page, weight, page,
	// weight, ..., in page order.
	Terms map[string][]int
	// Forms maps a folded word of the site to its stem where Resolve's
	// rules alone would not find that stem (see Resolve).
	Forms map[string]string
}

// pageStem is what one page's words give a stem: body counts the stem's
// words in the page's body, extra is what its title, summary, regions
// and themes add, each once.
type pageStem struct {
	body, extra     int
	inTitle, inMeta bool
}

// title counts a word of the page's title.
func (c *pageStem) title() {
	if !c.inTitle {
		c.inTitle = true
		c.extra += titleWeight
	}
}

// meta counts a word of the page's summary, regions or themes.
func (c *pageStem) meta() {
	if !c.inMeta {
		c.inMeta = true
		c.extra += summaryWeight
	}
}

// weight is the stem's weight on the page, as its posting holds it.
func (c *pageStem) weight() int32 {
	return int32(min(c.body, maxBodyCount) + c.extra)
}

// stemEntry is a stem of the site while Build reads the pages: the counts
// of the page being read, and the postings of the pages read.
type stemEntry struct {
	stem string
	// page is the page the counts are of.
	page int
	pageStem
	// postings are 32-bit: a large site's indexes are built two at a
	// time, and these are most of their memory.
	postings []int32
}

// Build indexes docs, in order: results that rank equal keep this order.
func Build(lang string, docs []Doc) *Index {
	ix := &Index{Lang: lang, Pages: make([]Page, len(docs))}
	terms, forms, _ := index(lang, docs, func(first int, ps []Page) error {
		copy(ix.Pages[first:], ps)
		return nil
	}, nil)
	ix.Terms, ix.Forms = make(map[string][]int, len(terms)), forms
	for s, post := range terms {
		ints := make([]int, len(post))
		for i, n := range post {
			ints[i] = int(n)
		}
		ix.Terms[s] = ints
	}
	return ix
}

// metaText is the text of a page's summary, regions and themes, whose
// words weigh as much as one another.
func (p Page) metaText() string {
	return p.Summary + " " + strings.Join(p.Regions, " ") + " " + strings.Join(p.Themes, " ")
}

// readAhead is how many bodies index reads ahead.
const readAhead = 256

// index reads docs in order, handing each batch of pages read ahead, with
// their Text, to pages when set (first is the index of the batch's first
// page), and returns the index's Terms and Forms. With rec set, it keeps
// there too what Terms needs to update the index later.
func index(lang string, docs []Doc, pages func(first int, ps []Page) error, rec *Terms) (map[string][]int32, map[string]string, error) {
	st := NewStemmer(lang)
	terms, outForms := map[string][]int32{}, map[string]string{}
	forms := map[string]string{} // folded word -> stem, every word of the site
	stems := map[string]*stemEntry{}
	// Words repeat: a word as written is folded and stemmed once, and
	// then costs one map lookup.
	written := map[string]*stemEntry{}
	// byNumber is written by word number (Doc.Words), filled as words
	// are met.
	var byNumber []*stemEntry
	var touched []*stemEntry
	cur := 0
	touch := func(e *stemEntry) *stemEntry {
		if e.page != cur {
			e.page, e.pageStem = cur, pageStem{}
			touched = append(touched, e)
		}
		return e
	}
	entryOf := func(wb []byte, ws string) *stemEntry {
		var e *stemEntry
		var ok bool
		if wb != nil {
			e, ok = written[string(wb)]
		} else {
			e, ok = written[ws]
		}
		if !ok {
			w := ws
			if wb != nil {
				w = string(wb)
			}
			f := Fold(w)
			s, ok := forms[f]
			if !ok {
				s = st.Stem(w)
				forms[f] = s
			}
			if e, ok = stems[s]; !ok {
				e = &stemEntry{stem: s, page: -1}
				stems[s] = e
			}
			written[w] = e
			if rec != nil {
				rec.newForm(w, f, s, cur)
			}
		}
		if rec != nil {
			rec.seeForm(wb, ws, cur)
		}
		return touch(e)
	}
	// entryByNumber is entryOf for a body's word with its number.
	entryByNumber := func(wb []byte, n uint32) *stemEntry {
		if int(n) < len(byNumber) {
			if e := byNumber[n]; e != nil {
				if rec != nil {
					rec.seeForm(wb, "", cur)
				}
				return touch(e)
			}
		} else {
			byNumber = append(byNumber, make([]*stemEntry, int(n)+1-len(byNumber))...)
		}
		e := entryOf(wb, "")
		byNumber[n] = e
		return e
	}
	// The bodies and their texts are read ahead a batch at a time on
	// every core: the index is built on one, and at the end of a build
	// the last language's is often all that is left to do.
	bodies, batch := make([]Body, min(len(docs), readAhead)), make([]Page, min(len(docs), readAhead))
	numbers := make([][]uint32, len(bodies))
	for i, d := range docs {
		if i%readAhead == 0 {
			n := min(readAhead, len(docs)-i)
			parallel.For(n, func(k int) {
				bodies[k], numbers[k] = nil, nil
				if b := docs[i+k].Body; b != nil {
					bodies[k] = b()
					if w := docs[i+k].Words; w != nil {
						numbers[k] = w(bodies[k])
					}
				}
				if pages != nil {
					batch[k] = docs[i+k].Page
					batch[k].Text = bodies[k].Text()
				}
			})
			if pages != nil {
				if err := pages(i, batch[:n]); err != nil {
					return nil, nil, err
				}
			}
		}
		cur, touched = i, touched[:0]
		body, nums := bodies[i%readAhead], numbers[i%readAhead]
		bodies[i%readAhead], numbers[i%readAhead] = nil, nil
		k := 0
		body.eachWord(func(w []byte, n int) {
			k++
			if len(w) == 0 {
				return
			}
			if k <= len(nums) {
				entryByNumber(w, nums[k-1]).body += n
				return
			}
			entryOf(w, "").body += n
		})
		EachWord(d.Title, func(w string) {
			entryOf(nil, w).title()
		})
		EachWord(d.metaText(), func(w string) {
			entryOf(nil, w).meta()
		})
		// Pages are read in order, so postings come sorted by page.
		for _, e := range touched {
			e.postings = append(e.postings, int32(i), e.weight())
		}
	}
	for s, e := range stems {
		terms[s] = e.postings
	}
	// Only the words the rules get wrong are listed: the script finds
	// every other word's stem from the stems themselves.
	known := func(s string) bool { _, ok := terms[s]; return ok }
	for f, s := range forms {
		if listedForm(f, s, known) {
			outForms[f] = s
		}
	}
	return terms, outForms, nil
}

// listedForm reports whether folded word f of stem s is listed in an
// index's Forms: only the words the rules get wrong are.
func listedForm(f, s string, known func(string) bool) bool {
	got, _ := resolveByRules(f, known)
	return got != s
}

// truncateAt cuts s to at most n bytes at a word boundary: the text kept,
// and the ellipsis to show after it when s was cut. They come apart for a
// caller that copies them anyway.
func truncateAt(s string, n int) (head, ellipsis string) {
	if len(s) <= n {
		return s, ""
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > n/2 {
		cut = sp
	}
	return s[:cut], " …"
}

// minStem is the shortest stem that a longer word not of the site may be
// matched to by its start.
const minStem = 4

// known reports whether s is a stem of the index.
func (ix *Index) known(s string) bool {
	_, ok := ix.Terms[s]
	return ok
}

// resolveByRules finds a folded word's stem without the Forms list.
func (ix *Index) resolveByRules(f string) (string, bool) {
	return resolveByRules(f, ix.known)
}

// resolveByRules finds a folded word's stem among the stems known
// reports, without a Forms list: the word itself when it is a stem, else
// the longest stem of at least minStem letters that the word starts with
// ("regiones" finds the stem "region" of "región").
func resolveByRules(f string, known func(string) bool) (string, bool) {
	if known(f) {
		return f, true
	}
	for end := len(f) - 1; end > 0; end-- {
		if !utf8.RuneStart(f[end]) {
			continue
		}
		if utf8.RuneCountInString(f[:end]) < minStem {
			break
		}
		if known(f[:end]) {
			return f[:end], true
		}
	}
	return "", false
}

// Resolve finds the stems a typed word stands for: the stem of the word
// when the site has it (Forms, else the rules of resolveByRules) and the
// stems one or two letters longer (Snowball stems Spanish "ciudad" as
// "ciud" and "ciudades" as "ciudad"); else, for a word being typed (at
// least three letters), every stem it begins, or failing that every stem
// that begins with it less its last one or two letters.
func (ix *Index) Resolve(word string) []string {
	var stems []string
	f := Fold(word)
	s, ok := ix.Forms[f]
	if !ok {
		s, ok = ix.resolveByRules(f)
	}
	n := utf8.RuneCountInString(f)
	switch {
	case ok && s == "":
		// A word of marks alone, which folds to nothing: the stems one or
		// two letters longer would be every short stem of the site.
		stems = []string{s}
	case ok:
		stems = ix.withPrefix(s, utf8.RuneCountInString(s)+2)
	case n >= 3:
		stems = ix.withPrefix(f, -1)
		// A word of another form than the site's: its start, less one or
		// two letters, as the start of stems ("frontera" finds the stem
		// "fronteriz" of "fronterizas", "cities" the "citi" of "city").
		pre := f
		for cut := 1; len(stems) == 0 && cut <= 2; cut++ {
			_, last := utf8.DecodeLastRuneInString(pre)
			pre = pre[:len(pre)-last]
			if utf8.RuneCountInString(pre) < minStem {
				break
			}
			stems = ix.withPrefix(pre, -1)
		}
	}
	return stems
}

// withPrefix lists the stems that begin with prefix and have at most
// maxLen letters (no limit when maxLen < 0), sorted.
func (ix *Index) withPrefix(prefix string, maxLen int) []string {
	var stems []string
	for t := range ix.Terms {
		if strings.HasPrefix(t, prefix) && (maxLen < 0 || utf8.RuneCountInString(t) <= maxLen) {
			stems = append(stems, t)
		}
	}
	sort.Strings(stems)
	return stems
}

// Result is a page that matched a query.
type Result struct {
	Page  int
	Score float64
}

// Search returns the pages that match every word of the query, best first: a word's score on a page is its
// weight there times log(1 + pages / pages with the stem), the best of its
// stems; a page's score is the sum over the words. Equal scores keep the
// index's order.
func (ix *Index) Search(query string) []Result {
	scores := map[int]float64{}
	first := true
	for _, w := range Words(query) {
		stems := ix.Resolve(w)
		best := map[int]float64{}
		for _, s := range stems {
			post := ix.Terms[s]
			idf := math.Log(1 + float64(len(ix.Pages))/float64(len(post)/2))
			for i := 0; i+1 < len(post); i += 2 {
				if sc := float64(post[i+1]) * idf; sc > best[post[i]] {
					best[post[i]] = sc
				}
			}
		}
		next := map[int]float64{}
		for p, sc := range best {
			if prev, ok := scores[p]; ok || first {
				next[p] = prev + sc
			}
		}
		scores, first = next, false
	}
	out := make([]Result, 0, len(scores))
	for p, sc := range scores {
		out = append(out, Result{p, sc})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Page < out[b].Page
	})
	return out
}

// Snippet finds the first word of a page's kept text that stands for one
// of stems and returns about width bytes around it: the text before, the
// word, and the text after. ok is false when no word of the kept text
// matches (the script then shows the summary).
func (ix *Index) Snippet(p int, stems []string, width int) (before, match, after string, ok bool) {
	want := map[string]bool{}
	for _, s := range stems {
		want[s] = true
	}
	text := ix.Pages[p].Text
	pos := 0
	for _, w := range Words(text) {
		i := strings.Index(text[pos:], w) + pos
		pos = i + len(w)
		f := Fold(w)
		s, ok := ix.Forms[f]
		if !ok {
			s, ok = ix.resolveByRules(f)
		}
		if !ok || !want[s] {
			continue
		}
		start := max(0, i-width/2)
		for start > 0 && text[start-1] != ' ' {
			start--
		}
		end := min(len(text), pos+width/2)
		for end < len(text) && text[end] != ' ' {
			end++
		}
		return text[start:i], w, text[pos:end], true
	}
	return "", "", "", false
}
