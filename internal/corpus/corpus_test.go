package corpus_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/corpus"
)

func generate(t *testing.T, opts corpus.Options) string {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Generate(dir, opts); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tree reads every file under dir, keyed by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	a := tree(t, generate(t, corpus.Options{Groups: 80, Seed: 7}))
	b := tree(t, generate(t, corpus.Options{Groups: 80, Seed: 7}))
	c := tree(t, generate(t, corpus.Options{Groups: 80, Seed: 8}))
	if len(a) != len(b) {
		t.Fatalf("same seed: %d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("same seed: %s differs", name)
		}
	}
	same := 0
	for name, data := range a {
		if bytes.Equal(data, c[name]) {
			same++
		}
	}
	if same == len(a) {
		t.Error("seeds 7 and 8 gave the same corpus")
	}
}

func TestShape(t *testing.T) {
	files := tree(t, generate(t, corpus.Options{Groups: 300, Seed: 1}))
	var md, drafts, aliases, slugs, keys, notes int
	for name, data := range files {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		md++
		s := string(data)
		for sub, n := range map[string]*int{"\ndraft: true\n": &drafts, "\naliases: ": &aliases, "\nslug: ": &slugs, "\ntranslationKey: ": &keys, "\n[^1]: ": &notes} {
			if strings.Contains(s, sub) {
				*n++
			}
		}
		if !strings.HasPrefix(name, "content/") {
			continue
		}
		body := s[strings.Index(s[3:], "---\n")+7:]
		if len(body) < 3000 || len(body) > 7000 {
			t.Errorf("%s: body of %d bytes, want 3-6 KB", name, len(body))
		}
		for _, want := range []string{"\n## ", "\n- ", "\n| --- |", "\n> ", "](/"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: body has no %q", name, want)
			}
		}
	}
	// 300 groups in 3 languages with about one file in ten missing.
	if md < 780 || md > 870 {
		t.Errorf("%d content files, want about 810-840", md)
	}
	for what, n := range map[string]int{"drafts": drafts, "aliases": aliases, "localized slugs": slugs, "translation keys": keys, "footnotes": notes} {
		if n == 0 {
			t.Errorf("no %s", what)
		}
	}
	if _, ok := files["site.yaml"]; !ok {
		t.Error("no site.yaml")
	}
}

// TestBuildsCleanly builds a corpus with the repository's theme: every key,
// link and URL must be valid.
func TestBuildsCleanly(t *testing.T) {
	dir := generate(t, corpus.Options{Groups: 200, Seed: 3, Layouts: "../../layouts", Assets: "../../assets"})
	s, errs := build.Load(os.DirFS(dir), build.LoadOptions{Minify: true, Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if errs.HasErrors() {
		t.Fatalf("load: %v", errs.Errors())
	}
	if len(errs) > 0 {
		t.Errorf("load warnings: %v", errs)
	}
	_, _, rerrs := build.Render(s, build.Discard{}, build.RenderOptions{})
	if len(rerrs) > 0 {
		t.Fatalf("render: %v", rerrs)
	}
	for _, lv := range s.Model.Langs {
		if n := len(s.Model.PagesIn(lv.Code)); n < 200 {
			t.Errorf("%s: %d pages, want at least 200", lv.Code, n)
		}
	}
}

func TestRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Generate(dir, corpus.Options{Groups: 1}); err == nil {
		t.Error("1 group: no error")
	}
	if err := corpus.Generate(dir, corpus.Options{Groups: 50}); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Generate(dir, corpus.Options{Groups: 50}); err == nil {
		t.Error("second Generate into the same folder: no error")
	}
}
