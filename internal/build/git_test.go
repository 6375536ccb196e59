package build

import (
	"testing"
	"time"
)

func TestParseGitLog(t *testing.T) {
	// git log --format=%x01%ct --name-only -z: newest commit first.
	out := []byte("\x011600000000\n\nsite/content/a.en.md\x00site/content/b.es.md\x00\x011500000000\n\nsite/content/a.en.md\x00other/x.md\x00site/content/c.pt.md\x00")
	got := parseGitLog(out, "site")
	want := map[string]time.Time{
		"content/a.en.md": time.Unix(1600000000, 0).UTC(),
		"content/b.es.md": time.Unix(1600000000, 0).UTC(),
		"content/c.pt.md": time.Unix(1500000000, 0).UTC(),
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if !got[k].Equal(v) {
			t.Errorf("%s: %v, want %v", k, got[k], v)
		}
	}
}
