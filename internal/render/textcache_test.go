package render

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/puente-ssg/puente/internal/search"
)

// A spilling cache gives back every body put, whether it was written out
// to its file already or still waits in memory, and a body put twice
// keeps its first place.
func TestSpillTextCacheGivesBackEveryBody(t *testing.T) {
	c := NewSpillTextCache()
	defer c.Close()
	if c.spill == nil {
		t.Skip("no temporary file here")
	}
	body := func(i int) search.Body {
		return search.Body(bytes.Repeat([]byte(fmt.Sprintf("body %d;", i)), 1000+i%7*3000))
	}
	key := func(i int) textKey { return textKey{hash: [32]byte{byte(i), byte(i >> 8)}, lang: "en"} }
	const n = 300
	for i := range n {
		c.put(key(i), body(i))
	}
	c.put(key(0), body(1))
	if c.flushed == 0 || len(c.pend) == 0 {
		t.Fatalf("flushed %d bytes with %d pending: the test should cover both", c.flushed, len(c.pend))
	}
	for i := range n {
		got, ok := c.get(key(i))
		if !ok || !bytes.Equal(got, body(i)) {
			t.Fatalf("body %d: %v, %d bytes, want %d", i, ok, len(got), len(body(i)))
		}
	}
	if _, ok := c.get(key(n)); ok {
		t.Error("a body never put was found")
	}
}

// Forget drops a file's texts in every language given, and no other.
func TestTextCacheForget(t *testing.T) {
	c := NewTextCache()
	a, b := [32]byte{1}, [32]byte{2}
	for _, k := range []textKey{{a, "en"}, {a, "es"}, {b, "en"}} {
		c.put(k, search.NewBody("words of "+k.lang))
	}
	c.Forget(a, []string{"en", "es", "pt"})
	for k, want := range map[textKey]bool{{a, "en"}: false, {a, "es"}: false, {b, "en"}: true} {
		if _, ok := c.get(k); ok != want {
			t.Errorf("%v kept: %v, want %v", k.lang, ok, want)
		}
	}
}

// A kept search index part written again keeps the texts it read through
// the next Prune; a part not written again loses them, and is then made
// again rather than taken as kept.
func TestPruneKeepsTheTextsOfKeptParts(t *testing.T) {
	c := NewTextCache()
	c.KeepIndexes()
	read, unread := textKey{[32]byte{1}, "en"}, textKey{[32]byte{2}, "es"}
	sum := [2]uint64{7, 7}
	for _, k := range []textKey{read, unread} {
		c.put(k, search.NewBody("text"))
	}
	c.keepPart("en/search/p-0.json", keptPart{sum: sum, keys: []textKey{read}, file: []byte("en")})
	c.keepPart("es/search/p-0.json", keptPart{sum: sum, keys: []textKey{unread}, file: []byte("es")})
	c.Prune() // both were put since the last Prune
	if _, ok := c.keptPartOf("en/search/p-0.json", sum); !ok {
		t.Fatal("the kept part is not found")
	}
	c.Prune()
	if _, ok := c.get(read); !ok {
		t.Error("the text a kept part read was pruned")
	}
	if _, ok := c.get(unread); ok {
		t.Error("a text nothing read was kept")
	}
	if _, ok := c.keptPartOf("es/search/p-0.json", sum); ok {
		t.Error("a part whose text was pruned is still taken as kept")
	}
	if _, ok := c.keptPartOf("en/search/p-0.json", sum); !ok {
		t.Error("the kept part was dropped")
	}
}
