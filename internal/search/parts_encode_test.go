package search

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// encodeShard writes what encoding/json writes for a terms file, for
// keys and forms with every kind of character JSON escapes: controls,
// quotes, backslashes, HTML's, bytes that are not UTF-8, U+2028 and
// U+2029, letters beyond ASCII; for empty maps, and postings that are
// nil or empty.
func TestEncodeShardIsEncodingJSON(t *testing.T) {
	pieces := []string{"a", "región", "ação", "\"", "\\", "<", ">", "&", "\x00", "\x1f", "\b", "\f", "\n", "\r", "\t", "\x7f",
		"\xff", "\xe2\x80", "\u2028", "\u2029", "\ufffd", "😀", "0", "_", " ", "/"}
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		var b bytes.Buffer
		for range rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for round := range 500 {
		sh := Shard{Terms: map[string][]int32{}, Forms: map[string]string{}}
		for range rng.IntN(8) {
			var post []int32
			switch rng.IntN(4) {
			case 0: // nil
			case 1:
				post = []int32{}
			default:
				for range 1 + rng.IntN(6) {
					post = append(post, rng.Int32N(1<<20)-1000)
				}
			}
			sh.Terms[word()] = post
		}
		for range rng.IntN(8) {
			sh.Forms[word()] = word()
		}
		if round%50 == 0 {
			sh.Forms = nil
		}
		want, err := encode(sh)
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeShard(sh); !bytes.Equal(got, want) {
			t.Fatalf("round %d:\n got %q\nwant %q", round, got, want)
		}
	}
}

// A page put into the index changes only the chunks of its own run of
// pages (from the page before it that starts a chunk by its URL to the
// next such page: the new page may start a chunk itself, and take the
// end of the one before); every other chunk keeps its name and its pages.
func TestLayoutIsLocal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		n := 1 + rng.IntN(3000)
		urls := make([]string, n)
		for i := range urls {
			urls[i] = fmt.Sprintf("/en/events/e-%d-%d/", round, rng.Uint64())
		}
		before := Layout(n, func(i int) string { return urls[i] })
		checkLayout(t, before, n)
		at := rng.IntN(n + 1)
		grown := slices.Insert(slices.Clone(urls), at, fmt.Sprintf("/en/news/new-%d/", round))
		after := Layout(n+1, func(i int) string { return grown[i] })
		checkLayout(t, after, n+1)
		// The run holding the new page, in the grown index.
		lo, hi := max(at-1, 0), at+1
		for lo > 0 {
			if _, starts := chunkHash(grown[lo]); starts {
				break
			}
			lo--
		}
		for hi < len(grown) {
			if _, starts := chunkHash(grown[hi]); starts {
				break
			}
			hi++
		}
		was := map[string]string{}
		for _, c := range before {
			was[c.ID] = strings.Join(urls[c.Start:c.End], " ")
		}
		for _, c := range after {
			if was[c.ID] != strings.Join(grown[c.Start:c.End], " ") && (c.End <= lo || c.Start >= hi) {
				t.Fatalf("round %d: a page put in at %d (run %d to %d) changed chunk %s (%d to %d)", round, at, lo, hi, c.ID, c.Start, c.End)
			}
		}
	}
}

func checkLayout(t *testing.T, chunks []Chunk, n int) {
	t.Helper()
	next := 0
	ids := map[string]bool{}
	for _, c := range chunks {
		if c.Start != next || c.End <= c.Start || c.End-c.Start > MaxChunk || ids[c.ID] {
			t.Fatalf("chunk %+v after page %d of %d", c, next, n)
		}
		ids[c.ID], next = true, c.End
	}
	if next != n {
		t.Fatalf("the chunks end at page %d of %d", next, n)
	}
}

// Chunks hold about as many pages as a screen of results shows.
func TestLayoutSizes(t *testing.T) {
	const n = 30000
	chunks := Layout(n, func(i int) string { return fmt.Sprintf("/es/eventos/e-%d/", i) })
	if mean := float64(n) / float64(len(chunks)); mean < 15 || mean > 28 {
		t.Errorf("%d chunks of %d pages on average", len(chunks), int(mean))
	}
}

// chunkHash is FNV-1a as hash/fnv sums it: the same URL gives the same
// chunk ID, and so the same file name, in every build.
func TestChunkHashIsFNV1a(t *testing.T) {
	for _, url := range []string{"", "/en/", "/es/eventos/taller-de-innovación/", "/pt/regioes/brasil-uruguai/"} {
		h := fnv.New64a()
		h.Write([]byte(url))
		if got, _ := chunkHash(url); got != h.Sum64() {
			t.Errorf("chunkHash(%q) = %x, FNV-1a %x", url, got, h.Sum64())
		}
	}
}
