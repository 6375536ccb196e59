package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// replacePicture puts what the hook gives for image n in its place: in
// place of its paragraph when it stands alone there (a <figure> may not be
// inside a <p>), else in place of the image.
func replacePicture(n *ast.Image, src []byte, pic Picture) {
	parent := n.Parent()
	para, alone := parent.(*ast.Paragraph)
	alone = alone && parent.ChildCount() == 1
	ref := ImageRef{Dest: string(n.Destination), Alt: plainText(n, src), Title: string(n.Title), Alone: alone, Offset: offsetOf(n)}
	html, ok := pic(ref)
	if !ok {
		return
	}
	if alone {
		para.Parent().ReplaceChild(para.Parent(), para, &pictureBlock{html: html})
		return
	}
	parent.ReplaceChild(parent, n, &pictureInline{html: html})
}

// KindPictureBlock and KindPictureInline are the nodes a Picture hook's
// HTML takes in the tree.
var (
	KindPictureBlock  = ast.NewNodeKind("PictureBlock")
	KindPictureInline = ast.NewNodeKind("PictureInline")
)

type pictureBlock struct {
	ast.BaseBlock
	html string
}

func (n *pictureBlock) Kind() ast.NodeKind { return KindPictureBlock }

func (n *pictureBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type pictureInline struct {
	ast.BaseInline
	html string
}

func (n *pictureInline) Kind() ast.NodeKind { return KindPictureInline }

func (n *pictureInline) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// pictureRenderer writes the HTML of picture nodes as it is.
type pictureRenderer struct{}

func (pictureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindPictureBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(n.(*pictureBlock).html)
			w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindPictureInline, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(n.(*pictureInline).html)
		}
		return ast.WalkSkipChildren, nil
	})
}
