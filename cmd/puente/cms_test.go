package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCMSThenCheck: after `puente cms` check is clean, a second run
// changes nothing, and check reports a configuration made stale by a new
// theme with the command that fixes it.
func TestCMSThenCheck(t *testing.T) {
	s := fixture(t)
	if code, out, _ := runCmd("check", "--source", s.Dir); code != exitOK {
		t.Fatalf("check of a site without the editor's configuration: exit %d\n%s", code, out)
	}
	if code, out, errOut := runCmd("cms", "--source", s.Dir); code != exitOK || !strings.Contains(out, "scripts/cms/config.es.yml: written") {
		t.Fatalf("cms: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := runCmd("check", "--source", s.Dir); code != exitOK {
		t.Fatalf("check after cms: exit %d\n%s", code, out)
	}
	if _, out, _ := runCmd("cms", "--source", s.Dir); strings.Contains(out, "written") {
		t.Errorf("second run rewrote:\n%s", out)
	}
	// A theme added to site.yaml makes the committed configuration stale.
	p := filepath.Join(s.Dir, "site.yaml")
	yml, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(yml), "themes:\n", "themes:\n  value-chains:\n    name: {en: Value chains, es: Cadenas de valor, pt: Cadeias de valor}\n", 1)), 0o644)
	code, out, _ := runCmd("check", "--source", s.Dir)
	if code != exitError || !strings.Contains(out, "scripts/cms/config.yml:") || !strings.Contains(out, "value-chains") || !strings.Contains(out, "run go run ./cmd/puente cms") {
		t.Errorf("check after a new theme: exit %d\n%s", code, out)
	}
}

func TestTranslationsDiff(t *testing.T) {
	s := fixture(t)
	s.Commit(time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC), "site")
	s.WriteFile("content/events/kickoff.en.md", "---\ntitle: Kickoff\nstart: 2019-10-07\nend: 2019-10-10\nlocation: Brussels\nregions: [mexico-guatemala]\nthemes: [cross-border, innovation]\n---\nThe \"kickoff\" conference.\n")
	s.Commit(time.Date(2020, 2, 1, 10, 0, 0, 0, time.UTC), "conference")
	code, out, _ := runCmd("translations", "--diff", "--source", s.Dir)
	if code != exitError || !strings.Contains(out, "content/events/kickoff.es.md: content/events/kickoff.en.md changed since") ||
		!strings.Contains(out, `line 9: The "kickoff" [-event.-] {+conference.+}`) || !strings.Contains(out, "edit: /admin/#/collections/events/entries/kickoff") {
		t.Errorf("translations --diff: exit %d\n%s", code, out)
	}
}
