package build

import (
	"bytes"
	"io"
	"testing"
)

// TestRecordedFiles writes files of a recordingOutput in pieces, as the
// search index jobs do in serve: pieces are joined, a buffer handed over
// whole is kept without a copy, pieces after it follow it, and an empty
// file is kept as an empty file.
func TestRecordedFiles(t *testing.T) {
	out := &recordingOutput{files: map[string][]byte{}}
	write := func(name string, each func(w io.Writer)) {
		t.Helper()
		f, err := out.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		each(&countingWriter{w: f})
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	owned := []byte(`{"lang":"en"}`)
	write("pieces.json", func(w io.Writer) {
		w.Write([]byte(`{"a":`))
		w.Write([]byte(`1}`))
	})
	write("owned.json", func(w io.Writer) {
		w.(*countingWriter).WriteOwned(owned)
	})
	write("owned-then-more.json", func(w io.Writer) {
		w.(*countingWriter).WriteOwned([]byte("ab"))
		w.Write([]byte("cd"))
		w.(*countingWriter).WriteOwned([]byte("ef"))
	})
	write("more-then-owned.json", func(w io.Writer) {
		w.Write([]byte("ab"))
		w.(*countingWriter).WriteOwned([]byte("cd"))
	})
	write("empty.json", func(io.Writer) {})

	for name, want := range map[string]string{
		"pieces.json":          `{"a":1}`,
		"owned.json":           `{"lang":"en"}`,
		"owned-then-more.json": "abcdef",
		"more-then-owned.json": "abcd",
		"empty.json":           "",
	} {
		got, ok := out.files[name]
		if !ok || got == nil || string(got) != want {
			t.Errorf("%s = %q (kept %v), want %q", name, got, ok, want)
		}
	}
	if got := out.files["owned.json"]; &got[0] != &owned[0] {
		t.Error("a buffer handed over whole was copied")
	}
	// A writer that does not take buffers gets them written.
	var plain bytes.Buffer
	cw := &countingWriter{w: &plain}
	if n, err := cw.WriteOwned([]byte("xyz")); n != 3 || err != nil || plain.String() != "xyz" || cw.n != 3 {
		t.Errorf("WriteOwned to a plain writer: %d, %v, %q, counted %d", n, err, plain.String(), cw.n)
	}
}
