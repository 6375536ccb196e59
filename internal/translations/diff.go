package translations

import (
	"strings"
)

// Op says whether a word was kept, added or removed.
type Op string

// Word operations.
const (
	Kept    Op = " "
	Added   Op = "+"
	Removed Op = "-"
)

// Word is one word of a changed paragraph.
type Word struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
}

// Paragraph is one paragraph of the source that changed: a front matter
// line or a block of text between blank lines.
type Paragraph struct {
	// Line is where the paragraph starts in the source now; 0 for a
	// paragraph that was removed.
	Line  int    `json:"line"`
	Words []Word `json:"words"`
}

// Text writes the paragraph with [-removed-] and {+added+} words, as
// `git diff --word-diff` does.
func (p Paragraph) Text() string {
	var b strings.Builder
	for i := 0; i < len(p.Words); {
		j := i
		for j < len(p.Words) && p.Words[j].Op == p.Words[i].Op {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		var ws []string
		for _, w := range p.Words[i:j] {
			ws = append(ws, w.Text)
		}
		s := strings.Join(ws, " ")
		switch p.Words[i].Op {
		case Added:
			s = "{+" + s + "+}"
		case Removed:
			s = "[-" + s + "-]"
		}
		b.WriteString(s)
		i = j
	}
	return b.String()
}

type para struct {
	line int
	text string
}

// paragraphs splits a content file: each front matter line is a
// paragraph of its own (a field), the body is split at blank lines.
func paragraphs(src string) []para {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var out []para
	i := 0
	if len(lines) > 0 {
		if fence := strings.TrimSpace(lines[0]); fence == "---" || fence == "+++" {
			for i = 1; i < len(lines); i++ {
				if strings.TrimSpace(lines[i]) == fence {
					i++
					break
				}
				if strings.TrimSpace(lines[i]) != "" {
					out = append(out, para{i + 1, strings.TrimSpace(lines[i])})
				}
			}
		}
	}
	var cur []string
	start := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, para{start, strings.Join(cur, "\n")})
			cur = nil
		}
	}
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" {
			flush()
			continue
		}
		if len(cur) == 0 {
			start = i + 1
		}
		cur = append(cur, lines[i])
	}
	flush()
	return out
}

// lcs returns, for sequences of lengths n and m compared by eq, the
// operations that turn the first into the second.
func lcs(n, m int, eq func(i, j int) bool) []Op {
	// Beyond this size a whole replacement says enough and costs nothing.
	if n*m > 4_000_000 {
		ops := make([]Op, 0, n+m)
		for range n {
			ops = append(ops, Removed)
		}
		for range m {
			ops = append(ops, Added)
		}
		return ops
	}
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if eq(i, j) {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var ops []Op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && eq(i, j):
			ops = append(ops, Kept)
			i++
			j++
		case i < n && (j == m || t[i+1][j] >= t[i][j+1]):
			ops = append(ops, Removed)
			i++
		default:
			ops = append(ops, Added)
			j++
		}
	}
	return ops
}

// Diff returns the paragraphs of new that differ from old, word by word,
// and the paragraphs of old that are gone. A paragraph rewritten in place
// is paired with the one it replaces.
func Diff(old, new string) []Paragraph {
	a, b := paragraphs(old), paragraphs(new)
	ops := lcs(len(a), len(b), func(i, j int) bool { return a[i].text == b[j].text })
	var out []Paragraph
	i, j := 0, 0
	for k := 0; k < len(ops); {
		if ops[k] == Kept {
			i, j, k = i+1, j+1, k+1
			continue
		}
		// A run of removed and added paragraphs between two kept ones.
		var removed, added []para
		for ; k < len(ops) && ops[k] != Kept; k++ {
			if ops[k] == Removed {
				removed = append(removed, a[i])
				i++
			} else {
				added = append(added, b[j])
				j++
			}
		}
		for n := 0; n < max(len(removed), len(added)); n++ {
			switch {
			case n < len(removed) && n < len(added):
				out = append(out, Paragraph{Line: added[n].line, Words: words(removed[n].text, added[n].text)})
			case n < len(added):
				out = append(out, Paragraph{Line: added[n].line, Words: words("", added[n].text)})
			default:
				out = append(out, Paragraph{Words: words(removed[n].text, "")})
			}
		}
	}
	return out
}

func words(old, new string) []Word {
	a, b := strings.Fields(old), strings.Fields(new)
	ops := lcs(len(a), len(b), func(i, j int) bool { return a[i] == b[j] })
	out := make([]Word, 0, len(ops))
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Kept:
			out = append(out, Word{Kept, b[j]})
			i, j = i+1, j+1
		case Added:
			out = append(out, Word{Added, b[j]})
			j++
		case Removed:
			out = append(out, Word{Removed, a[i]})
			i++
		}
	}
	return out
}
