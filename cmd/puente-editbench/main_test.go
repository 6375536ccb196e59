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
	file, _, _, err := pickPage(site)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(site, file))
	if err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := run(&first, bin, site, 0, 0, "body"); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^serve first build [0-9.]+ s\n$`).Match(first.Bytes()) {
		t.Errorf("first build only: unexpected report: %s", first.String())
	}
	for _, what := range []string{"body", "title", "location"} {
		var out bytes.Buffer
		if err := run(&out, bin, site, 3, 50*time.Millisecond, what); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		want := `^serve first build [0-9.]+ s; save to served over 3 ` + what + ` edits of content/events/\S+\.en\.md: median [0-9.]+ ms, fastest [0-9.]+ ms, slowest [0-9.]+ ms`
		if what != "body" {
			want += `; its year page /en/years/\d+/ showed it after a median of [0-9.]+ ms`
		}
		if !regexp.MustCompile(want + "\n$").Match(out.Bytes()) {
			t.Errorf("unexpected report: %s", out.String())
		}
		after, err := os.ReadFile(filepath.Join(site, file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s edits: %s was not put back as it was", what, file)
		}
	}
}

func TestWithField(t *testing.T) {
	got, err := withField([]byte("---\ntitle: Old\nlocation: Quito\n---\n"), "location", "New")
	if err != nil || string(got) != "---\ntitle: Old\nlocation: New\n---\n" {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := withField([]byte("---\nsummary: S\n---\n"), "title", "New"); err == nil {
		t.Error("no title line: want an error")
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
