package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
)

// TestDirOutput writes files into new and shared folders from several
// goroutines at once, as the render workers do, and checks that each
// arrives whole; a file where a folder should be is an error, not a panic
// or a silent skip.
func TestDirOutput(t *testing.T) {
	root := filepath.Join(t.TempDir(), "staging")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	out := build.NewDirOutput(root)
	var names []string
	for _, lang := range []string{"en", "es", "pt"} {
		for i := range 40 {
			names = append(names, fmt.Sprintf("%s/events/e%d/index.html", lang, i), fmt.Sprintf("%s/events/e%d/event.ics", lang, i))
		}
		names = append(names, lang+"/index.html", lang+"/a/b/c/d/index.html")
	}
	names = append(names, "404.html", "robots.txt")
	var wg sync.WaitGroup
	errs := make(chan error, len(names))
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(names); i += 4 {
				if err := out.WriteFile(names[i], []byte(names[i])); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(n)))
		if err != nil || string(data) != n {
			t.Errorf("%s: %q, %v", n, data, err)
		}
	}

	if err := out.WriteFile("en/events/e1/index.html/nested.html", []byte("x")); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("a folder where a file is: got %v, want an error naming it", err)
	}
}
