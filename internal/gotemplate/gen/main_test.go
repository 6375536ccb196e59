package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestForkIsGenerated generates the fork in memory and wants every file
// of Go's in internal/gotemplate to be what gen writes, and no other
// file there but puente's own: Go's files are changed by gen's rules, not
// by hand.
func TestForkIsGenerated(t *testing.T) {
	root, err := goroot()
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(root)
	if err != nil {
		t.Fatal(err)
	}
	if v := runtime.Version(); !strings.Contains(string(want["version.go"]), `"`+v+`"`) {
		t.Skipf("the toolchain (%s) is not the fork's Go: TestGoVersion says what to do", v)
	}
	fork := ".."
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(fork, name))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./internal/gotemplate)", name, err)
		} else if !bytes.Equal(got, data) {
			t.Errorf("%s differs from what gen makes of Go's: change gen's rules or a puente_ file instead, and run go generate ./internal/gotemplate", name)
		}
	}
	for _, p := range pkgs {
		dir := filepath.Join(fork, p.dst)
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(fork, path)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if path != dir && !strings.Contains(rel, "testdata") && !isPackage(rel) {
					t.Errorf("%s: a folder gen does not make", rel)
				}
				return nil
			}
			if _, ok := want[rel]; !ok && !isPuentes(d.Name()) {
				t.Errorf("%s is neither Go's nor named puente_*: gen would delete it", rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func isPackage(rel string) bool {
	for _, p := range pkgs {
		if p.dst == rel {
			return true
		}
	}
	return false
}
