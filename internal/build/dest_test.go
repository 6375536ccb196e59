package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"

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
