package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/puente-ssg/puente/internal/parallel"
)

// A language's index is published in parts, so that a visitor's browser
// fetches what a query needs rather than every page's text, and an edit
// rewrites a few small files rather than one of tens of megabytes:
//
//   - the manifest (ManifestName): the language, how many pages the
//     index has, and where each chunk starts and what it is called;
//   - one terms file per shard key (ShardKeys, ShardName): the stems
//     that begin with the key, with their postings, and the forms whose
//     word or stem begins with it;
//   - chunks of pages, in index order (Layout, ChunkName): what the
//     results show of each page, and the start of its text.
//
// A query word's stems all begin as its folded word does, except where
// Forms says otherwise, and then the form is listed in the terms file of
// its word and in that of its stem. So the terms files of a query's
// words, and of the stems their forms name, answer the query exactly as
// the whole index does: Resolve, Search and Snippet read nothing else.

// ManifestName is the manifest's file, in the language's folder; the
// other parts are in a folder of their own beside it.
const ManifestName = "search.json"

// Results are ranked, not in index order, so each result a search page
// shows may need a chunk of its own: at about 3 KB a page (most of it the
// start of the text, for snippets), small chunks keep a screen of results
// to a few hundred KB on a large site, at the cost of more files.
//
// Which pages a chunk holds is decided by the pages, not by their places:
// a page starts a chunk when its URL hashes to one in chunkOdds, or when
// the chunk before it already holds MaxChunk pages, and a chunk is named
// by its first page's URL. So a page put into the index or taken out of
// it (an edit that adds a translation shifts every later page by one)
// changes the chunk it is in, and the manifest, rather than every chunk
// after it.
const (
	chunkOdds = 24
	// MaxChunk is the most pages a chunk holds; on average it holds about
	// 21.
	MaxChunk = 2 * chunkOdds
)

// chunkHash hashes a page's URL, and says whether the page starts a chunk
// wherever it is. FNV-1a, not maphash: the same URL hashes alike in every
// build.
func chunkHash(url string) (sum uint64, starts bool) {
	// FNV-1a, as hash/fnv's New64a sums it, without a hasher and a copy
	// of the URL for each page of every index after each edit.
	const offset64, prime64 = 14695981039346656037, 1099511628211
	sum = offset64
	for i := 0; i < len(url); i++ {
		sum ^= uint64(url[i])
		sum *= prime64
	}
	return sum, uint32(sum>>32)%chunkOdds == 0
}

// Chunk is the pages Start to End (not included) of an index, and the
// chunk's ID, which ChunkName makes its file's name of.
type Chunk struct {
	Start, End int
	ID         string
}

// Layout splits an index of n pages, whose URLs url gives, into chunks.
func Layout(n int, url func(i int) string) []Chunk {
	var chunks []Chunk
	seen := map[string]int{}
	start := 0
	for i := range n {
		sum, starts := chunkHash(url(i))
		if i > 0 && !starts && i-start < MaxChunk {
			continue
		}
		start = i
		id := strconv.FormatUint(sum&(1<<48-1), 36)
		// Two first pages whose URLs hash alike are all but unheard of;
		// their chunks are still told apart, in index order.
		if k := seen[id]; k > 0 {
			seen[id] = k + 1
			id += "-" + strconv.Itoa(k+1)
		} else {
			seen[id] = 1
		}
		if k := len(chunks); k > 0 {
			chunks[k-1].End = i
		}
		chunks = append(chunks, Chunk{Start: i, ID: id})
	}
	if k := len(chunks); k > 0 {
		chunks[k-1].End = n
	}
	return chunks
}

// ShardKeys are the keys of the terms files, in the order Shards returns
// them: a to z, "0" for digits, "_" for every other first letter.
var ShardKeys = func() []string {
	keys := make([]string, 0, 28)
	for c := 'a'; c <= 'z'; c++ {
		keys = append(keys, string(c))
	}
	return append(keys, "0", "_")
}()

// ShardKey is the key of the terms file that holds a folded word or stem.
func ShardKey(folded string) string {
	r, _ := utf8.DecodeRuneInString(folded)
	switch {
	case r >= 'a' && r <= 'z':
		return string(r)
	case r >= '0' && r <= '9':
		return "0"
	}
	return "_"
}

func shardIndex(key string) int {
	switch key {
	case "0":
		return 26
	case "_":
		return 27
	}
	return int(key[0] - 'a')
}

// ShardName is the file of the terms of a shard key, relative to the
// language's folder.
func ShardName(key string) string { return "search/t-" + key + ".json" }

// ChunkName is the file of the chunk with the given ID, relative to the
// language's folder.
func ChunkName(id string) string { return "search/p-" + id + ".json" }

// Manifest is the file a search page reads first: Starts are where the
// chunks start, in order, and IDs their IDs.
type Manifest struct {
	Lang   string   `json:"lang"`
	Pages  int      `json:"n"`
	Starts []int    `json:"s"`
	IDs    []string `json:"p"`
}

// Shard is a terms file.
type Shard struct {
	Terms map[string][]int32 `json:"i"`
	Forms map[string]string  `json:"f"`
}

// WriteManifest returns the manifest of an index of n pages in the given
// chunks.
func WriteManifest(lang string, n int, chunks []Chunk) ([]byte, error) {
	m := Manifest{Lang: lang, Pages: n, Starts: make([]int, len(chunks)), IDs: make([]string, len(chunks))}
	for i, c := range chunks {
		m.Starts[i], m.IDs[i] = c.Start, c.ID
	}
	return encode(m)
}

// WriteShards indexes docs as Build does and returns the terms files, in
// the order of ShardKeys (every key has one, empty or not).
func WriteShards(lang string, docs []Doc) ([][]byte, error) {
	terms, forms, err := index(lang, docs, nil, nil)
	if err != nil {
		return nil, err
	}
	return encodeShards(shardsOf(terms, forms)), nil
}

// encodeShards encodes terms files on every core: in serve, a language's
// terms files are made after its other parts, often with nothing else
// left to do.
func encodeShards(shards []Shard) [][]byte {
	out := make([][]byte, len(shards))
	parallel.For(len(shards), func(i int) {
		out[i] = encodeShard(shards[i])
	})
	return out
}

// shardsOf parts an index's terms and forms by shard key, in the order of
// ShardKeys. A form whose stem has another key is in the files of both:
// a query finds it by the word, a snippet by the stem.
func shardsOf(terms map[string][]int32, forms map[string]string) []Shard {
	shards := make([]Shard, len(ShardKeys))
	for i := range shards {
		shards[i] = Shard{Terms: map[string][]int32{}, Forms: map[string]string{}}
	}
	for s, post := range terms {
		shards[shardIndex(ShardKey(s))].Terms[s] = post
	}
	for f, s := range forms {
		kf, ks := ShardKey(f), ShardKey(s)
		shards[shardIndex(kf)].Forms[f] = s
		if ks != kf {
			shards[shardIndex(ks)].Forms[f] = s
		}
	}
	return shards
}

// encodeShard is encode for a terms file, without reflection: serve
// writes a language's terms files, a few megabytes of postings, after
// every edit that changes a title.
func encodeShard(sh Shard) []byte {
	n := 16
	for k, post := range sh.Terms {
		n += len(k) + 6 + 7*len(post)
	}
	for f, st := range sh.Forms {
		n += len(f) + len(st) + 6
	}
	b := make([]byte, 0, n)
	b = append(b, `{"i":`...)
	b = appendSortedMap(b, sh.Terms, appendPostings)
	b = append(b, `,"f":`...)
	b = appendSortedMap(b, sh.Forms, appendJSONString)
	return append(b, '}')
}

// appendPostings appends a stem's postings as a JSON array.
func appendPostings(b []byte, post []int32) []byte {
	if post == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range post {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(v), 10)
	}
	return append(b, ']')
}

// appendSortedMap appends m as encoding/json does: keys in order.
func appendSortedMap[V any](b []byte, m map[string]V, value func([]byte, V) []byte) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = value(b, m[k])
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string as encoding/json does
// without HTML escaping: control characters, quotes and backslashes
// escaped, bytes that are not UTF-8 as U+FFFD, and U+2028 and U+2029
// escaped for JavaScript.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// WriteChunk returns the chunk of the given pages, each with its Text.
func WriteChunk(pages []Page) ([]byte, error) {
	if pages == nil {
		pages = []Page{}
	}
	return encode(pages)
}

// encode writes v as compact JSON, without escaping <, > and &, and
// without encoding/json's newline.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Load reads an index from its parts, read by name relative to the
// language's folder: the whole index, as Build makes it.
func Load(read func(name string) ([]byte, error)) (*Index, error) {
	return LoadShards(read, ShardKeys)
}

// LoadShards reads an index with the terms files of the given keys
// alone, and every page, as a search page holds it after fetching those.
func LoadShards(read func(name string) ([]byte, error), keys []string) (*Index, error) {
	// readJSON reads the part called name into v.
	readJSON := func(name string, v any) error {
		data, err := read(name)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	var m Manifest
	if err := readJSON(ManifestName, &m); err != nil {
		return nil, err
	}
	ix := &Index{Lang: m.Lang, Pages: make([]Page, 0, m.Pages), Terms: map[string][]int{}, Forms: map[string]string{}}
	for _, key := range keys {
		var sh Shard
		if err := readJSON(ShardName(key), &sh); err != nil {
			return nil, err
		}
		for s, post := range sh.Terms {
			ints := make([]int, len(post))
			for i, n := range post {
				ints[i] = int(n)
			}
			ix.Terms[s] = ints
		}
		for f, s := range sh.Forms {
			ix.Forms[f] = s
		}
	}
	if len(m.Starts) != len(m.IDs) {
		return nil, fmt.Errorf("%s: %d chunks start, %d are named", ManifestName, len(m.Starts), len(m.IDs))
	}
	for k, id := range m.IDs {
		if m.Starts[k] != len(ix.Pages) {
			return nil, fmt.Errorf("%s: chunk %s starts at page %d, after %d pages", ManifestName, id, m.Starts[k], len(ix.Pages))
		}
		var ps []Page
		if err := readJSON(ChunkName(id), &ps); err != nil {
			return nil, err
		}
		ix.Pages = append(ix.Pages, ps...)
	}
	if len(ix.Pages) != m.Pages {
		return nil, fmt.Errorf("%s: %d pages, but its chunks hold %d", ManifestName, m.Pages, len(ix.Pages))
	}
	return ix, nil
}

// QueryShards are the keys of the terms files a search page fetches for
// a query: each word's, and that of the stem Forms gives the word, when
// another (read from the word's own file).
func (ix *Index) QueryShards(query string) []string {
	seen := map[string]bool{}
	var keys []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, w := range Words(query) {
		f := Fold(w)
		add(ShardKey(f))
		if s, ok := ix.Forms[f]; ok {
			add(ShardKey(s))
		}
	}
	return keys
}
