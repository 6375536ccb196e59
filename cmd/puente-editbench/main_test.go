package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/corpus"
)

// TestEditBench runs the tool as compare.sh does, on a small corpus with a
// real serve process: it must time every save and put the file back.
func TestEditBench(t *testing.T) {
	if testing.Short() {
		t.Skip("builds puente and runs serve")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "puente")
	if out, err := exec.Command("go", "build", "-o", bin, "../puente").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(tmp, "site")
	if err := corpus.Generate(site, corpus.Options{Groups: 60, Seed: 2, Layouts: "../../layouts", Assets: "../../assets"}); err != nil {
		t.Fatal(err)
	}
	file, _, err := pickPage(site)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(site, file))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out, bin, site, 3, 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^serve first build [0-9.]+ s; save to served over 3 edits of content/events/\S+\.en\.md: median [0-9.]+ ms`).Match(out.Bytes()) {
		t.Errorf("unexpected report: %s", out.String())
	}
	after, err := os.ReadFile(filepath.Join(site, file))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("%s was not put back as it was", file)
	}
}

func TestFrontMatterEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"---\ntitle: x\n---\nbody\n", 17},
		{"---\ntitle: x\n---\n", 17},
		{"no front matter\n", -1},
		{"---\ntitle: x\n", -1},
	} {
		if got := frontMatterEnd([]byte(c.in)); got != c.want {
			t.Errorf("frontMatterEnd(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}
