package render

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/diag"
)

// A build minifies its layouts once, not every page they render: the
// layouts' HTML is minified at load with each {{ action }} kept byte for
// byte, and each page body as it is converted (markdown.Options.MinifyHTML).
// A page is then made of minified pieces, and a pass of the minifier over
// every whole page, about a seventh of a build's CPU, is not needed.
//
// What the action's output will be is unknown when the layout is minified,
// so the minifier keeps a space next to an action wherever that output
// could make it matter; the pages come out a few bytes per page larger than
// minifying them whole would make them, and they mean the same.

// minifiedLayouts is Templates parsed again from minified sources, with
// what maps positions in them back to the files as written.
type minifiedLayouts struct {
	once sync.Once
	t    *Templates // nil when the layouts could not be minified
}

// Minified returns the layouts parsed from their minified sources, or nil
// when some layout could not be minified with its actions and its meaning
// intact (a {{ action }} inside an HTML comment, which minifying drops; a
// textarea, whose spaces next to an action the minifier would trim); the
// build then minifies each page whole. It is computed once per Templates.
func (t *Templates) Minified(m *assets.Minifier) *Templates {
	t.minified.once.Do(func() {
		t.minified.t = t.minify(m)
	})
	return t.minified.t
}

func (t *Templates) minify(m *assets.Minifier) *Templates {
	sources := make(map[string]string, len(t.sources))
	maps := make(map[string]*sourceMap, len(t.sources))
	for file, src := range t.sources {
		if strings.HasPrefix(file, Dir+"/i18n/") {
			continue // not a layout: parse skips it
		}
		sm, err := minifySource(m, src)
		if err != nil {
			return nil
		}
		sources[file] = sm.min
		maps[file] = sm
	}
	min, errs := parseLayouts(sources)
	if len(errs) > 0 || len(min.sets) != len(t.sets) {
		return nil
	}
	min.Files = t.Files
	min.positions = maps
	return min
}

// sourceMap maps byte offsets in a minified layout back to the layout as
// written. Every action is the same text in both; spans lists where each
// one starts in either.
type sourceMap struct {
	orig, min string
	spans     []actionSpan
}

type actionSpan struct {
	orig, min, len int
}

// minifySource minifies one layout. Each action is swapped for a numbered
// stand-in ({{7}}) before minifying, so that the minifier sees nothing it
// could misread inside one (an apostrophe in a comment, a "}}" in a
// string), and swapped back after; the stand-ins must all come back, in
// order.
func minifySource(m *assets.Minifier, src string) (*sourceMap, error) {
	actions, err := scanActions(src)
	if err != nil {
		return nil, err
	}
	if strings.Contains(strings.ToLower(src), "<textarea") {
		// The minifier trims the spaces next to an action inside a
		// textarea, where they are the field's text.
		return nil, fmt.Errorf("a textarea's text would change")
	}
	var b strings.Builder
	last := 0
	for i, a := range actions {
		b.WriteString(src[last:a[0]])
		b.WriteString("{{" + strconv.Itoa(i) + "}}")
		last = a[1]
	}
	b.WriteString(src[last:])
	out, err := m.Template(b.String())
	if err != nil {
		return nil, err
	}
	sm := &sourceMap{orig: src}
	b.Reset()
	last = 0
	for i, a := range actions {
		stand := "{{" + strconv.Itoa(i) + "}}"
		j := strings.Index(out[last:], stand)
		if j < 0 || strings.Contains(out[last:last+j], "{{") {
			return nil, fmt.Errorf("action %d (%s) did not survive minifying", i, src[a[0]:a[1]])
		}
		b.WriteString(out[last : last+j])
		sm.spans = append(sm.spans, actionSpan{orig: a[0], min: b.Len(), len: a[1] - a[0]})
		b.WriteString(src[a[0]:a[1]])
		last += j + len(stand)
	}
	if strings.Contains(out[last:], "{{") {
		return nil, fmt.Errorf("minifying added an action")
	}
	b.WriteString(out[last:])
	sm.min = b.String()
	return sm, nil
}

// scanActions returns where each {{ action }} of a Go template starts and
// ends, by the rules of text/template's lexer: a comment runs from "/*" to
// "*/" and may hold anything; elsewhere "}}" inside a quoted, raw or
// character literal does not end the action.
func scanActions(src string) ([][2]int, error) {
	var actions [][2]int
	for i := 0; ; {
		j := strings.Index(src[i:], "{{")
		if j < 0 {
			return actions, nil
		}
		start := i + j
		k := start + 2
		if strings.HasPrefix(src[k:], "- ") || strings.HasPrefix(src[k:], "-\t") ||
			strings.HasPrefix(src[k:], "-\n") || strings.HasPrefix(src[k:], "-\r") {
			k += 2
		}
		end := -1
		if strings.HasPrefix(src[k:], "/*") {
			if c := strings.Index(src[k+2:], "*/"); c >= 0 {
				if e := strings.Index(src[k+2+c+2:], "}}"); e >= 0 {
					end = k + 2 + c + 2 + e + 2
				}
			}
		} else {
			end = actionEnd(src, k)
		}
		if end < 0 {
			return nil, fmt.Errorf("unclosed action at byte %d", start)
		}
		actions = append(actions, [2]int{start, end})
		i = end
	}
}

// actionEnd returns the offset just past the "}}" that closes the action
// whose body starts at k, or -1.
func actionEnd(src string, k int) int {
	for k < len(src) {
		switch c := src[k]; c {
		case '"', '\'':
			k++
			for k < len(src) && src[k] != c && src[k] != '\n' {
				if src[k] == '\\' {
					k++
				}
				k++
			}
			k++
		case '`':
			e := strings.IndexByte(src[k+1:], '`')
			if e < 0 {
				return -1
			}
			k += e + 2
		case '}':
			if strings.HasPrefix(src[k:], "}}") {
				return k + 2
			}
			k++
		default:
			k++
		}
	}
	return -1
}

// position maps a line and column of the minified layout, as
// text/template reports them (column counted in bytes from 0), to the
// layout as written. Errors are reported at actions, which map exactly; a
// position in the HTML between two actions maps near where it was.
func (sm *sourceMap) position(line, col int) (int, int) {
	off, ok := offsetOf(sm.min, line, col)
	if !ok {
		return line, col
	}
	i := sort.Search(len(sm.spans), func(i int) bool { return sm.spans[i].min > off }) - 1
	orig := off
	if i >= 0 {
		orig = min(sm.spans[i].orig+off-sm.spans[i].min, len(sm.orig))
	}
	return lineCol(sm.orig, orig)
}

// offsetOf is the byte offset of a line and column in text.
func offsetOf(text string, line, col int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	if off+col > len(text) {
		return 0, false
	}
	return off + col, true
}

// lineCol is text/template's line and column of a byte offset.
func lineCol(text string, off int) (int, int) {
	before := text[:off]
	line := 1 + strings.Count(before, "\n")
	if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
		return line, off - nl - 1
	}
	return line, off
}

// errorAt is templateError, with the position moved back into the layout
// as written when these are minified layouts.
func (t *Templates) errorAt(err error, fallback string) diag.Error {
	return templateError(t.mapError(err), fallback)
}

// mapError moves the position an html/template error starts with
// (template: layouts/x.html:12:3: ...) back into the layout as written,
// when these are minified layouts. partialCached passes its errors through
// it: they end up inside the message of the page's error.
func (t *Templates) mapError(err error) error {
	if t.positions == nil {
		return err
	}
	msg := err.Error()
	m := templateErrRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return err
	}
	file := msg[m[2]:m[3]]
	sm := t.positions[file]
	if sm == nil {
		sm = t.positions[Dir+"/"+file]
	}
	if sm == nil {
		return err
	}
	line, _ := strconv.Atoi(msg[m[4]:m[5]])
	col, end := 0, m[5]
	if m[6] >= 0 {
		col, _ = strconv.Atoi(msg[m[6]:m[7]])
		end = m[7]
	}
	line, col = sm.position(line, col)
	pos := strconv.Itoa(line)
	if m[6] >= 0 { // html/template gives some errors a line only
		pos += ":" + strconv.Itoa(col)
	}
	return errors.New(msg[:m[4]] + pos + msg[end:])
}
