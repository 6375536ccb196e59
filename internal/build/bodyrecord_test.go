package build

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
)

// TestBodiesRecord reads back what it writes, and refuses, without
// panicking, every record whose checksum is right but whose content was
// cut short or changed: a checksum proves a record whole, not sane.
func TestBodiesRecord(t *testing.T) {
	sb := &render.SavedBodies{
		Setting: render.SavedSetting{UnsafeHTML: true, Base: "https://example.org/", Inputs: [32]byte{7}},
		Bodies: []render.SavedBody{{
			Path: "content/a.en.md", Hash: [32]byte{1}, URL: "/en/a/", Lang: "en", HTML: "<p>a</p>", Embeds: true,
			TOC:   []render.TOCEntry{{ID: "x", Text: "X", Children: []render.TOCEntry{{ID: "y", Text: "Y"}}}},
			Errs:  diag.List{{Pos: diag.Pos{File: "content/a.en.md", Line: 3, Col: 2}, Severity: diag.SevWarning, Msg: "m"}},
			Asked: []render.SavedQuestion{{Resolve: true, Dest: "b.md", Answer: "/en/b/", OK: true}, {Dest: "/x/"}},
		}, {Path: "content/b.en.md", URL: "/en/b/", Lang: "en"}},
		Texts: []render.SavedText{{Hash: [32]byte{1}, Lang: "en", Text: "a"}},
	}
	file := filepath.Join(t.TempDir(), "bodies")
	key := [32]byte{9}
	if err := writeBodies(file, key, sb); err != nil {
		t.Fatal(err)
	}
	got := readBodies(file, key)
	if !reflect.DeepEqual(got, sb) {
		t.Fatalf("read back\n%+v\nwrote\n%+v", got, sb)
	}
	if readBodies(file, [32]byte{8}) != nil {
		t.Error("a record of another key was read")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	body := data[:len(data)-sha256.Size]
	resum := func(b []byte) {
		sum := sha256.Sum256(b)
		if err := os.WriteFile(file, append(b, sum[:]...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for n := range len(body) {
		resum(append([]byte(nil), body[:n]...))
		if readBodies(file, key) != nil {
			t.Errorf("a record cut to %d of %d bytes was read", n, len(body))
		}
	}
	for i := range len(body) {
		for _, v := range []byte{0x00, 0x7f, 0xff} {
			b := append([]byte(nil), body...)
			b[i] = v
			resum(b)
			readBodies(file, key) // must not panic
		}
	}
}
