package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// listTree gives filepath.WalkDir's entries in its order, with the same
// Lstat, so that treeSum's digest (kept in build cache records) is the one
// a walk gives.
func TestListTreeIsWalkDir(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"index.html", "a/index.html", "a-b/x.xml", "a/b/c/index.html", "b/index.html", "z", "A/y"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a", filepath.Join(dir, "link")); err != nil {
		t.Log("no symbolic links here:", err)
	}
	var want []treeEntry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		want = append(want, treeEntry{rel: filepath.ToSlash(rel), fi: fi})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := listTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, WalkDir gives %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.rel != w.rel || g.fi.Mode() != w.fi.Mode() || g.fi.Size() != w.fi.Size() || !g.fi.ModTime().Equal(w.fi.ModTime()) {
			t.Errorf("entry %d: %q %v %d, WalkDir gives %q %v %d", i, g.rel, g.fi.Mode(), g.fi.Size(), w.rel, w.fi.Mode(), w.fi.Size())
		}
	}
	if _, err := listTree(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing folder listed without an error")
	}
}
