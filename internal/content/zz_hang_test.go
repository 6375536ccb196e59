package content

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestHang(t *testing.T) {
	dir := os.Getenv("HANGDIR")
	if dir == "" {
		t.Skip()
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		lines := strings.Split(string(b), "\n")
		p, _ := strconv.Unquote(strings.TrimPrefix(lines[1], "string("))
		_ = p
		var data []byte
		s := strings.TrimSuffix(strings.TrimPrefix(lines[2], "[]byte("), ")")
		u, err := strconv.Unquote(s)
		if err != nil {
			continue
		}
		data = []byte(u)
		done := make(chan bool)
		go func() { Parse("content/x.md", data, testOpts); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatalf("hang on %s: %q", e.Name(), data)
		}
	}
}

func FuzzHang(f *testing.F) {
	ents, _ := os.ReadDir("testdata")
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join("testdata", e.Name()))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				panic("hang: " + strconv.Quote(string(data)))
			}
		}()
		Parse("content/events/x.md", data, testOpts)
		close(done)
	})
}

func FuzzHang2(f *testing.F) {
	ents, _ := os.ReadDir("testdata")
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join("testdata", e.Name()))
		f.Add("content/events/kickoff.es.md", b)
	}
	f.Fuzz(func(t *testing.T, path string, data []byte) {
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				panic("hang: " + strconv.Quote(path) + " " + strconv.Quote(string(data)))
			}
		}()
		Parse(path, data, testOpts)
		close(done)
	})
}
