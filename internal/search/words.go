// Package search owns the site's full-text search: folding, splitting and
// stemming the words of one language, building a language's index from its
// pages, the parts the index is published in (parts.go), and the query
// logic (resolving a typed word to the stems of the index, ranking,
// snippets) that the search page's script ports to JavaScript. It knows
// nothing about Markdown, URLs or layouts: package render gives it each
// page's plain text and writes the parts it makes.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/spanish"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and drops its accents, except that ñ and ç stay
// letters of their own: "año" and "ano", "força" and "forca" are
// different words, while "región" is "region" and "ação" is "açao". The
// search page's script folds the same way (String.normalize("NFD")).
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	d := norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(d))
	var prev rune
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			switch {
			case r == '\u0303' && prev == 'n':
				b.WriteRune('\u0303')
			case r == '\u0327' && prev == 'c':
				b.WriteRune('\u0327')
			}
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return norm.NFC.String(b.String())
}

// Words splits text into its words: runs of letters, digits and combining
// marks. The script splits queries and snippets the same way.
func Words(text string) []string {
	var out []string
	EachWord(text, func(w string) { out = append(out, w) })
	return out
}

// EachWord calls fn with each word of text, in order, as Words splits it,
// without making a list: indexing a body reads its words once.
func EachWord(text string, fn func(w string)) {
	start := -1
	for i, r := range text {
		in := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			fn(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		fn(text[start:])
	}
}

// Stemmer stems the words of one language with its Snowball stemmer (the
// algorithms of snowballstem.org, generated into Go). A Stemmer is not safe
// for concurrent use; make one per goroutine.
type Stemmer struct {
	env    *snowball.Env
	stem   func(*snowball.Env) bool
	plural func(string) string
}

// NewStemmer returns the stemmer of a language code ("en", "es", "pt");
// other languages' words are only folded.
func NewStemmer(code string) *Stemmer {
	s := &Stemmer{env: snowball.NewEnv("")}
	switch base, _, _ := strings.Cut(code, "-"); base {
	case "en":
		s.stem = english.Stem
	case "es":
		s.stem = spanish.Stem
	case "pt":
		s.stem, s.plural = portuguese.Stem, portuguesePlural
	}
	return s
}

// Stem is the folded stem of a word as written: the Snowball algorithms
// read accents (Spanish "-ción", Portuguese "-ções"), so a word is stemmed
// first and folded after. Words with digits are only folded.
func (s *Stemmer) Stem(word string) string {
	w := strings.ToLower(word)
	if s.stem == nil || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return Fold(w)
	}
	if s.plural != nil {
		w = s.plural(w)
	}
	s.env.SetCurrent(w)
	s.stem(s.env)
	return Fold(keepLetters(s.env.Current(), w))
}

// keepLetters puts back a ç or ñ of the word that the stemmer wrote as c
// or n (Portuguese Snowball ends "força" as "forc"), so that the stems of
// "força" and "forca" differ as their words do.
func keepLetters(stem, word string) string {
	if !strings.ContainsAny(word, "çñ") {
		return stem
	}
	rs, ws := []rune(stem), []rune(word)
	for i, r := range rs {
		if i >= len(ws) {
			break
		}
		if (r == 'c' && ws[i] == 'ç') || (r == 'n' && ws[i] == 'ñ') {
			rs[i] = ws[i]
		}
	}
	return string(rs)
}

// portuguesePlural writes the plurals in -ões and -ães as the singular in
// -ão, as Portuguese grammar forms them: Snowball stems "região" and
// "regiões" apart ("regiã", "regiõ"), and the nasal plurals are some of
// the commonest nouns of the site ("regiões", "ações", "cooperações").
func portuguesePlural(w string) string {
	for _, suf := range []string{"ões", "ães"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return strings.TrimSuffix(w, suf) + "ão"
		}
	}
	return w
}
