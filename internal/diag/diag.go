// Package diag owns positions in the site's source files and lists of problems
// found at them: adding, sorting, deduplicating and printing. It knows nothing
// about sites; every loader in puente reports through it so that check, build
// and the serve overlay show the same list.
package diag

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in a source file. File is relative to the site root and uses
// forward slashes (content/events/kickoff.es.md). Line and Col count from 1;
// zero means unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, leaving out the parts that are unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// Severity tells whether a problem stops a build.
type Severity int

const (
	// SevError stops a build and makes check fail.
	SevError Severity = iota
	// SevWarning is shown but fails check only with --strict.
	SevWarning
)

func (s Severity) String() string {
	if s == SevWarning {
		return "warning"
	}
	return "error"
}

// Error is one problem in the input, at a position.
type Error struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// Error formats e as "file:line:col: message", with "warning: " before the
// message of a warning.
func (e Error) Error() string {
	prefix := ""
	if e.Severity == SevWarning {
		prefix = "warning: "
	}
	if e.Pos.File == "" {
		return prefix + e.Msg
	}
	return e.Pos.String() + ": " + prefix + e.Msg
}

// List collects problems. The zero value is ready to use.
type List []Error

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, Error{Pos: pos, Severity: SevError, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, Error{Pos: pos, Severity: SevWarning, Msg: fmt.Sprintf(format, args...)})
}

// Add appends problems collected elsewhere.
func (l *List) Add(other ...Error) { *l = append(*l, other...) }

// AddErr records err at pos. A diag.Error or diag.List inside err keeps its
// own positions; any other error becomes one error at pos.
func (l *List) AddErr(pos Pos, err error) {
	if err == nil {
		return
	}
	var list List
	if errors.As(err, &list) {
		l.Add(list...)
		return
	}
	var e Error
	if errors.As(err, &e) {
		l.Add(e)
		return
	}
	l.Errorf(pos, "%s", err.Error())
}

// HasErrors reports whether l holds at least one error (not only warnings).
func (l List) HasErrors() bool {
	for _, e := range l {
		if e.Severity == SevError {
			return true
		}
	}
	return false
}

// Errors returns only the errors of l, sorted and deduplicated.
func (l List) Errors() List {
	var out List
	for _, e := range l {
		if e.Severity == SevError {
			out = append(out, e)
		}
	}
	return out.Sorted()
}

// Warnings returns only the warnings of l, sorted and deduplicated.
func (l List) Warnings() List {
	var out List
	for _, e := range l {
		if e.Severity == SevWarning {
			out = append(out, e)
		}
	}
	return out.Sorted()
}

// Sorted returns a copy of l sorted by file, line, column and message, with
// exact duplicates removed.
func (l List) Sorted() List {
	out := make(List, len(l))
	copy(out, l)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Msg < b.Msg
	})
	dedup := out[:0]
	for i, e := range out {
		if i > 0 && e == out[i-1] {
			continue
		}
		dedup = append(dedup, e)
	}
	return dedup
}

// Err returns l as an error when it holds at least one error, else nil.
// Warnings alone do not make an error.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l.Sorted()
}

// Error prints every problem of l, one per line, sorted.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l.Sorted() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Lines maps byte offsets in a file to line and column numbers.
type Lines struct {
	starts []int // byte offset of the start of each line
}

// NewLines indexes the line starts of src. The loader indexes every
// content file, so the newlines are counted and found with the vectorized
// bytes functions rather than a loop over every byte.
func NewLines(src []byte) *Lines {
	starts := make([]int, 1, bytes.Count(src, newline)+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		starts = append(starts, off)
	}
	return &Lines{starts: starts}
}

var newline = []byte{'\n'}

// Position returns the 1-based line and column (in bytes) of offset.
func (ls *Lines) Position(offset int) (line, col int) {
	i := sort.Search(len(ls.starts), func(i int) bool { return ls.starts[i] > offset }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, offset - ls.starts[i] + 1
}
