package sitefs

import (
	"os"
	"path/filepath"
	"testing"
)

// The one-call read reads what os.Root would (a file, a link that stays
// inside, an empty file, one larger than a read) and leaves to os.Root
// every path os.Root refuses, so that its errors stay the same.
func TestFastReadAgreesWithRoot(t *testing.T) {
	dir, _ := site(t)
	big := make([]byte, 300_000)
	for i := range big {
		big[i] = byte(i % 251)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.fast.dir < 0 {
		t.Fatal("the site folder was not opened for the one-call read")
	}
	for _, name := range []string{"big.bin", "empty.md", "theme/layouts/page.html", "layouts/page.html"} {
		got, ok := f.fast.read(name, make([]byte, 10, 100))
		if f.fast.off.Load() {
			t.Skip("this kernel or sandbox has no openat2")
		}
		if !ok {
			t.Errorf("%s: not read by the one-call read", name)
			continue
		}
		want, err := f.root.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: %d bytes, os.Root reads %d", name, len(got), len(want))
		}
	}
	for _, name := range []string{"site.yaml", "relative.txt", "assets/secret.txt", "missing.md", "theme", "layouts"} {
		if _, ok := f.fast.read(name, nil); ok {
			t.Errorf("%s: read by the one-call read, want it left to os.Root", name)
		}
	}
}
