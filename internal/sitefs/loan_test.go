package sitefs

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// ownBytes is an fs.FS whose ReadFile hands out its own memory, as an
// overlay of edited files may.
type ownBytes struct {
	fstest.MapFS
	data []byte
}

func (o ownBytes) ReadFile(string) ([]byte, error) { return o.data, nil }

func TestLoansReuseOnlyTheirOwnMemory(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"a.md": "first file", "b.md": "second"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()

	a, err := Borrow(site, "a.md")
	if err != nil || string(a.Data) != "first file" {
		t.Fatalf("Borrow a.md = %q, %v", a.Data, err)
	}
	mem := &a.Data[:1][0]
	a.Return()
	b, err := Borrow(site, "b.md")
	if err != nil || string(b.Data) != "second" {
		t.Fatalf("Borrow b.md = %q, %v", b.Data, err)
	}
	if &b.Data[:1][0] != mem {
		t.Errorf("a returned loan's memory was not lent again")
	}
	b.Return()

	own := ownBytes{data: []byte("the other file system's own bytes")}
	o, err := Borrow(own, "x.md")
	if err != nil {
		t.Fatal(err)
	}
	o.Return()
	for range 3 {
		l, err := Borrow(site, "a.md")
		if err != nil {
			t.Fatal(err)
		}
		l.Return()
	}
	if !bytes.Equal(own.data, []byte("the other file system's own bytes")) {
		t.Errorf("another file system's bytes were lent and overwritten: %q", own.data)
	}

	var none *Loan
	none.Return() // a body kept needs no loan, and returns none

	if _, err := Borrow(site, "missing.md"); err == nil {
		t.Errorf("Borrow of a missing file: no error")
	}
}
