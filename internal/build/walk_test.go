package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWalkNames checks that the parallel walk lists what
// filepath.WalkDir lists, in its order: folders, files and links, nested,
// with names that sort differently as paths ("a-b" and "a/b").
func TestWalkNames(t *testing.T) {
	dest := t.TempDir()
	for _, f := range []string{"404.html", "a/b/index.html", "a-b/index.html", "a/c.ics", "en/events/x/index.html", "en/index.xml", "z.txt"} {
		p := filepath.Join(dest, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dest, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a", filepath.Join(dest, "link")); err != nil {
		t.Fatal(err)
	}
	var want []string
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dest, p)
		want = append(want, filepath.ToSlash(rel))
		return err
	})
	got, err := walkNames(dest)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("walkNames:\n%v\nwant (filepath.WalkDir):\n%v", got, want)
	}
}
