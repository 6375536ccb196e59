package diag

import (
	"fmt"
	"strings"
	"testing"
)

func TestListSortsAndDedupes(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "content/b.md", Line: 2}, "second")
	l.Errorf(Pos{File: "content/a.md", Line: 9, Col: 3}, "first")
	l.Warnf(Pos{File: "content/b.md", Line: 1}, "careful")
	l.Errorf(Pos{File: "content/b.md", Line: 2}, "second")
	got := l.Error()
	want := "content/a.md:9:3: first\ncontent/b.md:1: warning: careful\ncontent/b.md:2: second"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if l.Err() == nil {
		t.Error("Err() = nil with errors in the list")
	}
}

func TestWarningsAloneAreNoError(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "site.yaml", Line: 1}, "hm")
	if l.Err() != nil {
		t.Errorf("Err() = %v, want nil", l.Err())
	}
	var empty List
	if empty.Err() != nil {
		t.Error("empty list is an error")
	}
}

func TestAddErrKeepsPositions(t *testing.T) {
	var inner List
	inner.Errorf(Pos{File: "x.md", Line: 3}, "bad")
	var l List
	l.AddErr(Pos{File: "other"}, fmt.Errorf("loading: %w", inner))
	l.AddErr(Pos{File: "y.md", Line: 1}, fmt.Errorf("plain"))
	if got, want := l.Error(), "x.md:3: bad\ny.md:1: plain"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLines(t *testing.T) {
	ls := NewLines([]byte("ab\ncd\n\nef"))
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2},
	} {
		l, c := ls.Position(tc.off)
		if l != tc.line || c != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

// TestLinesEveryOffset checks Position at every offset of texts with
// leading, trailing and repeated newlines against a count of them.
func TestLinesEveryOffset(t *testing.T) {
	for _, text := range []string{"", "\n", "a", "\n\na\n", "ab\r\ncd\n", strings.Repeat("line\n", 40) + "end"} {
		ls := NewLines([]byte(text))
		for off := range len(text) + 1 {
			line := 1 + strings.Count(text[:off], "\n")
			col := off - (strings.LastIndexByte(text[:off], '\n') + 1) + 1
			if l, c := ls.Position(off); l != line || c != col {
				t.Errorf("%q: Position(%d) = %d:%d, want %d:%d", text, off, l, c, line, col)
			}
		}
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"regions", "themes", "title", "summary"}
	for _, tc := range []struct{ got, want string }{
		{"region", ` (did you mean "regions"?)`},
		{"theme", ` (did you mean "themes"?)`},
		{"tittle", ` (did you mean "title"?)`},
		{"colour", ""},
	} {
		if got := Suggest(tc.got, known); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.got, got, tc.want)
		}
	}
}
