package render

import (
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/search"
)

// SavedBodies is what a Bodies and a TextCache hold, in a form that
// outlives the process: serve keeps it for its next start (see package
// build's warm records). A body is named by its file's path and hash
// rather than by the parse, and is taken back only for a file of the same
// bytes; it is then reused under Bodies' own rules, as a body kept from
// the last rebuild is: only while every question it asked gets the same
// answer and the Renderer's setting is the one it was converted in.
type SavedBodies struct {
	Setting SavedSetting
	Bodies  []SavedBody
	Texts   []SavedText
}

// SavedSetting is a bodySetting.
type SavedSetting struct {
	UnsafeHTML, Minified bool
	Base                 string
	Inputs               [32]byte
}

// SavedBody is one converted body and the questions its conversion asked.
type SavedBody struct {
	Path   string
	Hash   [32]byte
	URL    string
	Lang   string
	HTML   string
	TOC    []TOCEntry
	Embeds bool
	Errs   diag.List
	Asked  []SavedQuestion
}

// SavedQuestion is a question.
type SavedQuestion struct {
	Resolve bool
	Dest    string
	Answer  string
	OK      bool
}

// SavedText is the plain text of one body in one language.
type SavedText struct {
	Hash [32]byte
	Lang string
	Text string // a search.Body
}

// SaveBodies copies what b and t hold; either may be nil.
func SaveBodies(b *Bodies, t *TextCache) *SavedBodies {
	s := &SavedBodies{}
	if b != nil {
		b.mu.Lock()
		set := b.setting
		s.Setting = SavedSetting{set.unsafeHTML, set.minified, set.base, set.inputs}
		s.Bodies = make([]SavedBody, 0, len(b.entries))
		for k, e := range b.entries {
			sb := SavedBody{Path: k.file.Path, Hash: k.file.Hash, URL: k.url, Lang: k.lang, HTML: string(e.html), TOC: e.toc, Embeds: e.embeds, Errs: e.errs}
			if len(e.asked) > 0 {
				sb.Asked = make([]SavedQuestion, len(e.asked))
				for i, q := range e.asked {
					sb.Asked[i] = SavedQuestion{q.resolve, q.dest, q.answer, q.ok}
				}
			}
			s.Bodies = append(s.Bodies, sb)
		}
		b.mu.Unlock()
	}
	if t != nil {
		t.mu.Lock()
		s.Texts = make([]SavedText, 0, len(t.text))
		for k, v := range t.text {
			s.Texts = append(s.Texts, SavedText{k.hash, k.lang, string(v)})
		}
		t.mu.Unlock()
	}
	return s
}

// Restore puts the saved bodies whose file is still the same into b,
// where b has none of that page yet, and the saved texts into t likewise;
// file gives the file now at a path, or nil. Bodies are put back only
// when b is empty or holds bodies of the saved setting. It returns how
// many bodies it put back.
func (s *SavedBodies) Restore(b *Bodies, t *TextCache, file func(path string) *content.File) int {
	n := 0
	if b != nil {
		b.mu.Lock()
		set := s.Setting
		saved := bodySetting{set.UnsafeHTML, set.Minified, set.Base, set.Inputs}
		if len(b.entries) == 0 || b.setting == saved {
			b.setting = saved
			for _, sb := range s.Bodies {
				f := file(sb.Path)
				if f == nil || f.Hash != sb.Hash {
					continue
				}
				key := bodyKey{f, sb.URL, sb.Lang}
				if b.entries[key] != nil {
					continue
				}
				e := &body{html: template.HTML(sb.HTML), toc: sb.TOC, embeds: sb.Embeds, errs: sb.Errs}
				if len(sb.Asked) > 0 {
					e.asked = make([]question, len(sb.Asked))
					for i, q := range sb.Asked {
						e.asked[i] = question{q.Resolve, q.Dest, q.Answer, q.OK}
					}
				}
				b.entries[key] = e
				n++
			}
		}
		b.mu.Unlock()
	}
	if t != nil {
		t.mu.Lock()
		for _, st := range s.Texts {
			if k := (textKey{st.Hash, st.Lang}); t.text[k] == nil {
				t.text[k] = search.Body(st.Text)
			}
		}
		t.mu.Unlock()
	}
	return n
}

// Len is the number of bodies b holds.
func (b *Bodies) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.entries)
}
