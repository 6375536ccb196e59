package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/puente-ssg/puente/internal/assets"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/gotemplate/texttemplate/parse"
)

// A build minifies its layouts once, not every page they render: the text
// between the actions of each layout is minified at load, in the parse
// trees, and each page body as it is converted (markdown.Options.MinifyHTML).
// A page is then made of minified pieces, and a pass of the minifier over
// every whole page, a large share of a build's CPU, is not needed. The
// trees keep the positions of the layouts as written, so errors are the
// engine's own.
//
// What an action's output will be is unknown when the layout is minified,
// so the minifier keeps a space next to an action wherever that output
// could make it matter; the pages come out a few bytes per page larger than
// minifying them whole would make them, and they mean the same.

// minifiedLayouts is Templates parsed again, with the text of their trees
// minified.
type minifiedLayouts struct {
	once sync.Once
	t    *Templates // nil when the layouts could not be minified
}

// Minified returns the layouts with their text minified, or nil when some
// layout could not be minified with its actions and its meaning intact (a
// {{ action }} inside an HTML comment, which minifying drops; a textarea,
// whose spaces next to an action the minifier would trim); the build then
// minifies each page whole. It is computed once per Templates.
func (t *Templates) Minified(m *assets.Minifier) *Templates {
	t.minified.once.Do(func() {
		t.minified.t = t.minify(m)
	})
	return t.minified.t
}

func (t *Templates) minify(m *assets.Minifier) *Templates {
	min, errs := parseLayouts(t.sources)
	if len(errs) > 0 || len(min.sets) != len(t.sets) {
		return nil
	}
	// Every set holds its own copy of the base layout's and the partials'
	// trees; a file's text is minified once and given to each copy.
	done := map[string][]string{}
	sets := []*template.Template{min.common}
	for _, s := range min.sets {
		sets = append(sets, s)
	}
	for _, set := range sets {
		for file, nodes := range textNodes(set) {
			texts, ok := done[file]
			if !ok {
				var err error
				if texts, err = minifyTexts(m, t.sourceOf(file), nodes); err != nil {
					return nil
				}
				done[file] = texts
			}
			if len(texts) != len(nodes) {
				return nil
			}
			for i, n := range nodes {
				n.Text = []byte(texts[i])
			}
		}
	}
	min.Files = t.Files
	return min
}

// sourceOf is the text of a layout file by the name its trees were
// parsed under: its path, or for the base layout and partials the path
// inside layouts/.
func (t *Templates) sourceOf(name string) string {
	if src, ok := t.sources[name]; ok {
		return src
	}
	return t.sources[Dir+"/"+name]
}

// textNodes gathers the text of every template in a set by the file it
// was parsed from, in the order of the file.
func textNodes(set *template.Template) map[string][]*parse.TextNode {
	byFile := map[string][]*parse.TextNode{}
	seen := map[*parse.TextNode]bool{}
	for _, tm := range set.Templates() {
		if tm.Tree == nil || tm.Tree.Root == nil {
			continue
		}
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.TextNode:
				if !seen[n] {
					seen[n] = true
					byFile[tm.Tree.ParseName] = append(byFile[tm.Tree.ParseName], n)
				}
			case *parse.ListNode:
				if n != nil {
					for _, c := range n.Nodes {
						walk(c)
					}
				}
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			}
		}
		walk(tm.Tree.Root)
	}
	for _, nodes := range byFile {
		sort.Slice(nodes, func(i, j int) bool { return nodes[i].Pos < nodes[j].Pos })
	}
	return byFile
}

// minifyTexts minifies the text of one layout (src) as one document, with
// a numbered stand-in ({{7}}) wherever actions come between two texts, so
// that the minifier sees the HTML around each action; the stand-ins must
// all come back, in order. It returns the texts minified.
func minifyTexts(m *assets.Minifier, src string, nodes []*parse.TextNode) ([]string, error) {
	if strings.Contains(strings.ToLower(src), "<textarea") {
		// The minifier trims the spaces next to an action inside a
		// textarea, where they are the field's text.
		return nil, fmt.Errorf("a textarea's text would change")
	}
	var b strings.Builder
	stands := 0
	stand := func() {
		b.WriteString("{{" + strconv.Itoa(stands) + "}}")
		stands++
	}
	// Text holds no "{{": what comes before the first text or after the
	// last is an action when it has one.
	lead := len(nodes) > 0 && strings.Contains(src[:int(nodes[0].Pos)], "{{")
	if lead {
		stand()
	}
	for i, n := range nodes {
		if i > 0 {
			stand()
		}
		b.Write(n.Text)
	}
	trail := len(nodes) > 0 && strings.Contains(src[int(nodes[len(nodes)-1].Pos):], "{{")
	if trail {
		stand()
	}
	out, err := m.Template(b.String())
	if err != nil {
		return nil, err
	}
	pieces := make([]string, 0, stands+1)
	last := 0
	for i := range stands {
		s := "{{" + strconv.Itoa(i) + "}}"
		j := strings.Index(out[last:], s)
		if j < 0 || strings.Contains(out[last:last+j], "{{") {
			return nil, fmt.Errorf("an action did not survive minifying")
		}
		pieces = append(pieces, out[last:last+j])
		last += j + len(s)
	}
	if strings.Contains(out[last:], "{{") {
		return nil, fmt.Errorf("minifying added an action")
	}
	pieces = append(pieces, out[last:])
	if trail {
		if pieces[len(pieces)-1] != "" {
			return nil, fmt.Errorf("minifying added text after an action")
		}
		pieces = pieces[:len(pieces)-1]
	}
	if lead {
		if pieces[0] != "" {
			return nil, fmt.Errorf("minifying added text before an action")
		}
		pieces = pieces[1:]
	}
	if len(pieces) != len(nodes) {
		return nil, fmt.Errorf("minifying lost a text")
	}
	return pieces, nil
}
