package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Text is the plain text of a Markdown document, as a reader sees it: the
// words of its headings, paragraphs, lists, tables and link texts, one
// space between blocks, without markup, link destinations or code blocks.
// The search index is made of it.
func (r *Renderer) Text(src []byte) string {
	return docText(r.md.Parser().Parse(text.NewReader(src)), src)
}

// docText is Text of a parsed document. ConvertPage takes it from the
// document it converts, before its walk adds to the tree, so that the
// search index needs no second parse of every body.
func docText(doc ast.Node, src []byte) string {
	var b strings.Builder
	b.Grow(len(src))
	space := func() {
		if s := b.String(); len(s) > 0 && s[len(s)-1] != ' ' {
			b.WriteByte(' ')
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					space()
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *Embed:
			if entering {
				space()
				b.WriteString(n.Title)
				space()
			}
		case *ast.AutoLink:
			if entering {
				b.Write(n.Label(src))
			}
		default:
			if n.Type() == ast.TypeBlock {
				space()
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
