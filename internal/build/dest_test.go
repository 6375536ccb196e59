package build

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"golang.org/x/tools/txtar"
)

// A folder published before builds wrote the marker is still known for
// puente's by the build cache's record, as long as nobody changed it.
func TestDestPublishedBeforeTheMarker(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range txtar.Parse(b).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := Options{LoadOptions: LoadOptions{Now: time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)}, Source: dir, Dest: "public"}
	if _, _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	// Make it as an older build left it: no marker, and a record of the
	// folder without it.
	if err := os.Remove(filepath.Join(dest, MarkerFile)); err != nil {
		t.Fatal(err)
	}
	r := readRecord(recordFile(dest))
	if r == nil {
		t.Fatal("no record after the build")
	}
	if r.describes(dest) {
		t.Fatal("the record still describes the folder after its marker was removed")
	}
	if r.Tree, err = treeSum(dest, r.RacyFrom, readSum(dest)); err != nil {
		t.Fatal(err)
	}
	if err := r.write(recordFile(dest)); err != nil {
		t.Fatal(err)
	}
	if !publishedBefore(dest) {
		t.Fatal("the folder as the record describes it is not known")
	}
	if _, err := destination(dir, "public", false); err != nil {
		t.Errorf("refused: %v", err)
	}
	// A file added since: no longer the folder the record describes.
	if err := os.WriteFile(filepath.Join(dest, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := destination(dir, "public", false); err == nil {
		t.Error("a changed folder without the marker was accepted")
	}
}

// A build during which an input changes records nothing, even when the
// input is put back before the next build: parts of the site (images,
// bodies) are read while rendering, so that build's output may hold the
// edit.
func TestCacheInputChangedDuringTheBuild(t *testing.T) {
	src := t.TempDir()
	layout := filepath.Join(src, "layouts", "404.html")
	if err := os.MkdirAll(filepath.Dir(layout), 0o755); err != nil {
		t.Fatal(err)
	}
	opts := Options{LoadOptions: LoadOptions{Now: time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)}, Source: src, Dest: "public"}
	dest := filepath.Join(src, "public")
	for _, edit := range []bool{false, true} {
		os.RemoveAll(dest)
		os.Remove(recordFile(dest))
		if err := os.Mkdir(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(layout, []byte("before"), 0o644); err != nil {
			t.Fatal(err)
		}
		c := openCache(opts, dest)
		c.settle(nil)
		if c.off {
			t.Fatal("the cache is off")
		}
		if err := c.output(NewDirOutput(dest)).WriteFile("index.html", []byte("home")); err != nil {
			t.Fatal(err)
		}
		if edit {
			if err := os.WriteFile(layout, []byte("during"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.invalidate(); err != nil {
			t.Fatal(err)
		}
		if err := c.store(dest, Summary{}, nil, nil); err != nil {
			t.Fatal(err)
		}
		if got := readRecord(recordFile(dest)) != nil; got == edit {
			t.Errorf("input edited during the build %v: record written %v", edit, got)
		}
	}
}

// With no record to look up, the content files are hashed from the build's
// own reading of them rather than read twice: the key settled so is the
// one a full reading of what the build read gives, also for a file changed
// between the listing and the build's read (the build published what it
// read) and for a file under content/ that the build does not read. A
// change after the build's read is store's to find.
func TestSettledKeyIsTheReadKey(t *testing.T) {
	src := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("layouts/404.html", "not found")
	write("content/a.en.md", "---\ntitle: A\n---\nbefore")
	write("content/notes.txt", "not a page")
	opts := Options{LoadOptions: LoadOptions{Now: time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)}, Source: src, Dest: "public"}
	dest := filepath.Join(src, "public")

	c := openCache(opts, dest)
	if c.off || c.unsettled == nil {
		t.Fatalf("with no record the key was not left to settle (off %v)", c.off)
	}
	const built = "---\ntitle: A\n---\nafter, as the build read it"
	write("content/a.en.md", built)
	want, err := inputKey(opts, dest, &inputSums{})
	if err != nil {
		t.Fatal(err)
	}
	write("content/a.en.md", "---\ntitle: A\n---\nchanged again once read")
	c.settle([]*content.File{{Path: "content/a.en.md", Hash: sha256.Sum256([]byte(built))}})
	if c.off {
		t.Fatal("the cache is off")
	}
	if c.key != want {
		t.Errorf("settled key %x, want %x: the key of the files as the build read them", c.key, want)
	}
}
