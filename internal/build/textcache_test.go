package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// TestTranslationStartedAsACopy adds a translation that is, as one often
// starts, a copy of its source file, then removes it: the two files have
// the same bytes, yet each language's search index must hold its own
// language's text of the body (its quotation marks differ), as a full
// build's does.
func TestTranslationStartedAsACopy(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	source := filepath.Join(s.Dir, "content", "events", "future.en.md")
	copied := filepath.Join(s.Dir, "content", "events", "future.es.md")
	data := []byte("---\ntitle: Future meeting\nstart: 2021-03-01\nregions: [mexico-guatemala]\nattendance: online\n---\nLater, \"quoted\".\n")
	if err := os.WriteFile(source, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	for _, step := range []string{"added", "removed"} {
		var err error
		if step == "added" {
			err = os.WriteFile(copied, data, 0o644)
		} else {
			err = os.Remove(copied)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"content/events/future.es.md"}, sitetest.Now); errs.HasErrors() {
			t.Fatal(errs)
		}
		if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
			t.Errorf("translation %s: the served site differs from a full build: %s", step, strings.Join(d, ", "))
		}
	}
}
