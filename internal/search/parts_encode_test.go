package search

import (
	"bytes"
	"math/rand/v2"
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
