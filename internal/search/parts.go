package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/puente-ssg/puente/internal/parallel"
)

// A language's index is published in parts, so that a visitor's browser
// fetches what a query needs rather than every page's text, and an edit
// rewrites a few small files rather than one of tens of megabytes:
//
//   - the manifest (ManifestName): the language, how many pages the
//     index has and how many a chunk holds;
//   - one terms file per shard key (ShardKeys, ShardName): the stems
//     that begin with the key, with their postings, and the forms whose
//     word or stem begins with it;
//   - one chunk per ChunkSize pages, in index order (ChunkName): what
//     the results show of each page, and the start of its text.
//
// A query word's stems all begin as its folded word does, except where
// Forms says otherwise, and then the form is listed in the terms file of
// its word and in that of its stem. So the terms files of a query's
// words, and of the stems their forms name, answer the query exactly as
// the whole index does: Resolve, Search and Snippet read nothing else.

// ManifestName is the manifest's file, in the language's folder; the
// other parts are in a folder of their own beside it.
const ManifestName = "search.json"

// ChunkSize is how many pages a chunk holds. Results are ranked, not in
// index order, so each result a search page shows may need a chunk of its
// own: at about 3 KB a page (most of it the start of the text, for
// snippets), small chunks keep a screen of results to a few hundred KB
// on a large site, at the cost of more files.
const ChunkSize = 20

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

// ChunkName is the file of the k-th chunk of pages, relative to the
// language's folder.
func ChunkName(k int) string { return "search/p-" + strconv.Itoa(k) + ".json" }

// Chunks is how many chunks an index of n pages has.
func Chunks(n int) int { return (n + ChunkSize - 1) / ChunkSize }

// Manifest is the file a search page reads first.
type Manifest struct {
	Lang  string `json:"lang"`
	Pages int    `json:"n"`
	Chunk int    `json:"c"`
}

// Shard is a terms file.
type Shard struct {
	Terms map[string][]int32 `json:"i"`
	Forms map[string]string  `json:"f"`
}

// WriteManifest returns the manifest of an index of n pages.
func WriteManifest(lang string, n int) ([]byte, error) {
	return encode(Manifest{Lang: lang, Pages: n, Chunk: ChunkSize})
}

// WriteShards indexes docs as Build does and returns the terms files, in
// the order of ShardKeys (every key has one, empty or not).
func WriteShards(lang string, docs []Doc) ([][]byte, error) {
	terms, forms, err := index(lang, docs, nil)
	if err != nil {
		return nil, err
	}
	shards := shardsOf(terms, forms)
	out := make([][]byte, len(shards))
	errs := make([]error, len(shards))
	// On every core: in serve, a language's terms files are made after
	// its other parts, often with nothing else left to do.
	parallel.For(len(shards), func(i int) {
		out[i], errs[i] = encode(shards[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
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
	for k := range Chunks(m.Pages) {
		var ps []Page
		if err := readJSON(ChunkName(k), &ps); err != nil {
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
