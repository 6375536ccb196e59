package ci_test

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// maxLines is where the style guide says a file has grown too large to
// read whole: past it, a file is split by what its parts own.
const maxLines = 800

// generated is the marker Go's tools recognize on a generated file (the
// template fork's copies of Go's sources carry it).
var generated = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

func TestNoGoFileOverTheSizeLimit(t *testing.T) {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || name == "public") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		lines, isGenerated, err := countLines(p)
		if err != nil {
			return err
		}
		if !isGenerated && lines > maxLines {
			rel, _ := filepath.Rel(root, p)
			t.Errorf("%s has %d lines, over %d: split it by what its parts own", rel, lines, maxLines)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// countLines counts a Go file's lines and reports whether it says it is
// generated.
func countLines(name string) (lines int, isGenerated bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		lines++
		if !isGenerated && generated.MatchString(sc.Text()) {
			isGenerated = true
		}
	}
	return lines, isGenerated, sc.Err()
}
