package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func site(t *testing.T) (dir, outside string) {
	t.Helper()
	dir, outside = t.TempDir(), t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("SECRET"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "theme", "layouts"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "theme", "layouts", "page.html"), []byte("page"), 0o644))
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "site.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	must(os.Symlink(outside, filepath.Join(dir, "assets")))
	must(os.Symlink("../"+filepath.Base(outside)+"/secret.txt", filepath.Join(dir, "relative.txt")))
	must(os.Symlink("theme/layouts", filepath.Join(dir, "layouts")))
	return dir, outside
}

// Every way of reading refuses a path out of the folder, with the path
// and without the target; a link inside is followed.
func TestReadsStayInside(t *testing.T) {
	dir, _ := site(t)
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reads := map[string]func(string) error{
		"Open":     func(n string) error { _, err := f.Open(n); return err },
		"ReadFile": func(n string) error { _, err := fs.ReadFile(f, n); return err },
		"ReadDir":  func(n string) error { _, err := fs.ReadDir(f, n); return err },
		"Stat":     func(n string) error { _, err := fs.Stat(f, n); return err },
		"WalkDir": func(n string) error {
			return fs.WalkDir(f, n, func(_ string, _ fs.DirEntry, err error) error { return err })
		},
	}
	for _, name := range []string{"site.yaml", "assets", "assets/secret.txt", "relative.txt"} {
		for op, read := range reads {
			err := read(name)
			if op == "ReadDir" && !strings.HasPrefix(name, "assets") {
				continue // not folders
			}
			if !IsOutside(err) {
				t.Errorf("%s(%s): %v, want ErrOutside", op, name, err)
				continue
			}
			if !strings.Contains(err.Error(), name) || strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), os.TempDir()) {
				t.Errorf("%s(%s): %q: want the path and nothing of the target", op, name, err)
			}
		}
	}
	if _, err := f.ReadFile("../x"); err == nil {
		t.Error("ReadFile(../x) succeeded")
	}
	if b, err := fs.ReadFile(f, "layouts/page.html"); err != nil || string(b) != "page" {
		t.Errorf("a link inside: %q, %v", b, err)
	}
	if fi, err := fs.Lstat(f, "layouts"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat(layouts): %v, %v", fi, err)
	}
	if target, err := fs.ReadLink(f, "site.yaml"); err == nil || target != "" {
		t.Errorf("ReadLink told where a link leads: %q", target)
	}
}

// Create makes a new file inside, never through a link out, never over an
// existing file.
func TestCreate(t *testing.T) {
	dir, outside := site(t)
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Create("content/events/x.md", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content", "events", "x.md")); string(b) != "new" {
		t.Errorf("created %q", b)
	}
	if err := f.Create("content/events/x.md", []byte("again")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Create: %v", err)
	}
	if err := f.Create("assets/new.txt", []byte("x")); !IsOutside(err) {
		t.Errorf("Create through a link out: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "new.txt")); err == nil {
		t.Error("a file was made outside the site")
	}
}
