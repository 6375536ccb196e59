package build

import (
	"testing"
	"time"
)

// The key's second computation reuses a file's hash only when the file is
// in the same state and was not changed just before the first read it.
func TestInputSumsReuse(t *testing.T) {
	now := time.Now()
	old := now.Add(-time.Minute)
	sum := [32]byte{1}
	s := &inputSums{files: map[string]inputSum{
		"content/a.md": {inputStat{10, old, old}, sum},
		"content/b.md": {inputStat{10, now, now}, sum},
		"content/c.md": {inputStat{10, old, time.Time{}}, sum},
	}, before: now}
	for _, c := range []struct {
		path string
		st   inputStat
		want bool
	}{
		{"content/a.md", inputStat{10, old, old}, true},
		{"content/a.md", inputStat{11, old, old}, false},
		{"content/a.md", inputStat{10, old, old.Add(time.Nanosecond)}, false},
		{"content/b.md", inputStat{10, now, now}, false},
		{"content/c.md", inputStat{10, old, time.Time{}}, false},
		{"content/d.md", inputStat{10, old, old}, false},
	} {
		if got, ok := s.unchanged(c.path, c.st); ok != c.want || ok && got != sum {
			t.Errorf("%s %v: reused %v, want %v", c.path, c.st, ok, c.want)
		}
	}
}
