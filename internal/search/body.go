package search

import (
	"encoding/binary"
	"sync"
)

// Body is what an index needs of a page's body, encoded in one block: the
// start of its text for snippets, then each word as written, once, in the
// order of its first appearance, with how often it appears. It is about
// the size of the text, but one block with no pointers: a build can keep
// every page's Body out of the heap until the indexes are written.
type Body []byte

// wordCounts is the scratch of NewBody, reused between pages.
type wordCounts struct {
	index map[string]int
	words []string
	count []int
}

var countsPool = sync.Pool{New: func() any { return &wordCounts{index: map[string]int{}} }}

// NewBody encodes a body's plain text. Indexing a Body gives the index
// that indexing its text would: a word's stem depends only on the first
// form of it the site has, and the first appearances keep their order.
func NewBody(text string) Body {
	wc := countsPool.Get().(*wordCounts)
	EachWord(text, func(w string) {
		if i, ok := wc.index[w]; ok {
			wc.count[i]++
			return
		}
		wc.index[w] = len(wc.words)
		wc.words = append(wc.words, w)
		wc.count = append(wc.count, 1)
	})
	snip, ellipsis := truncateAt(text, TextLimit)
	// Sized exactly: serve keeps every page's Body on the heap (a build,
	// in a file), and room for the longest varints would nearly double
	// what most of them hold.
	n := uvarintLen(len(snip)+len(ellipsis)) + len(snip) + len(ellipsis)
	for i, w := range wc.words {
		n += uvarintLen(len(w)) + len(w) + uvarintLen(wc.count[i])
	}
	b := make([]byte, 0, n)
	b = binary.AppendUvarint(b, uint64(len(snip)+len(ellipsis)))
	b = append(b, snip...)
	b = append(b, ellipsis...)
	for i, w := range wc.words {
		b = binary.AppendUvarint(b, uint64(len(w)))
		b = append(b, w...)
		b = binary.AppendUvarint(b, uint64(wc.count[i]))
	}
	clear(wc.index)
	clear(wc.words)
	wc.words, wc.count = wc.words[:0], wc.count[:0]
	countsPool.Put(wc)
	return Body(b[:len(b):len(b)])
}

// uvarintLen is the length of n encoded by binary.AppendUvarint.
func uvarintLen(n int) int {
	l := 1
	for u := uint64(n); u >= 0x80; u >>= 7 {
		l++
	}
	return l
}

// bodyNumbers numbers words as written for BodyWords, for the life of
// the process: a caller keeps the numbers of bodies it indexes again,
// and every index must read them alike. It only grows, by the words of
// the site's bodies.
var bodyNumbers = struct {
	mu  sync.Mutex
	ids map[string]uint32
}{ids: map[string]uint32{}}

// BodyWords returns the numbers of b's words, one for each word eachWord
// gives, in that order (see Doc.Words).
func BodyWords(b Body) []uint32 {
	var out []uint32
	bodyNumbers.mu.Lock()
	defer bodyNumbers.mu.Unlock()
	b.eachWord(func(w []byte, _ int) {
		id, ok := bodyNumbers.ids[string(w)]
		if !ok {
			id = uint32(len(bodyNumbers.ids))
			bodyNumbers.ids[string(w)] = id
		}
		out = append(out, id)
	})
	return out
}

// Text is the start of the body kept for snippets.
func (b Body) Text() string {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return ""
	}
	return string(b[k : k+int(n)])
}

// eachWord calls fn with each word as written and its count, in the order
// of first appearance. It stops at the first malformed entry.
func (b Body) eachWord(fn func(w []byte, n int)) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return
	}
	b = b[k+int(n):]
	for len(b) > 0 {
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return
		}
		w := b[k : k+int(l)]
		b = b[k+int(l):]
		c, k := binary.Uvarint(b)
		if k <= 0 {
			return
		}
		b = b[k:]
		fn(w, int(c))
	}
}
