package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/sitetest"
)

func fixture(t *testing.T) *sitetest.Site {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	return sitetest.Write(t, string(b))
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		code, _, stderr := runCmd(c.name, "-h")
		if code != exitOK {
			t.Errorf("%s -h: exit %d", c.name, code)
		}
		if !strings.Contains(stderr, "Usage: puente "+c.name) {
			t.Errorf("%s -h printed:\n%s", c.name, stderr)
		}
	}
	if code, _, stderr := runCmd("bild"); code != exitUsage || !strings.Contains(stderr, `unknown command "bild"`) {
		t.Errorf("unknown command: exit %d, %s", code, stderr)
	}
}

func TestBuildCommand(t *testing.T) {
	s := fixture(t)
	code, stdout, stderr := runCmd("build", "--source", s.Dir, "--base-url", "https://other.example/")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built ") || !strings.Contains(stdout, "(en ") || !strings.Contains(stdout, "files in") {
		t.Errorf("summary line: %q", stdout)
	}
	s.AssertFile("en/events/kickoff/index.html", "https://other.example/en/events/kickoff/")
}

func TestBuildCommandReportsErrorsAndKeepsPublic(t *testing.T) {
	s := fixture(t)
	if code, _, stderr := runCmd("build", "--source", s.Dir); code != exitOK {
		t.Fatalf("first build: %s", stderr)
	}
	before := s.Read("en/index.html")
	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: Arranque\nstart: 2019-13-07\n---\n")
	code, _, stderr := runCmd("build", "--source", s.Dir)
	if code != exitError {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "content/events/kickoff.es.md:3") || !strings.Contains(stderr, "public left as it was") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if s.Read("en/index.html") != before {
		t.Error("public/ changed after a failed build")
	}
}

func TestCheckFormats(t *testing.T) {
	s := fixture(t)
	if code, _, stderr := runCmd("check", "--source", s.Dir); code != exitOK {
		t.Fatalf("clean site: exit %d: %s", code, stderr)
	}
	s.WriteFile("content/events/kickoff.en.md", "---\ntitle: Kickoff\nstart: 2019-10-07\nregions: [mexico-guatemal]\n---\n")
	code, stdout, _ := runCmd("check", "--source", s.Dir)
	if code != exitError || !strings.Contains(stdout, `content/events/kickoff.en.md:4: regions: unknown region "mexico-guatemal" (did you mean "mexico-guatemala"?)`) {
		t.Errorf("text: exit %d:\n%s", code, stdout)
	}
	_, stdout, _ = runCmd("check", "--source", s.Dir, "--format", "github")
	if !strings.Contains(stdout, "::error file=content/events/kickoff.en.md,line=4") {
		t.Errorf("github:\n%s", stdout)
	}
	_, stdout, _ = runCmd("check", "--source", s.Dir, "--format", "json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(stdout), &items); err != nil || len(items) == 0 || items[0]["file"] != "content/events/kickoff.en.md" {
		t.Errorf("json: %v\n%s", err, stdout)
	}
	if s.Exists("index.html") {
		t.Error("check wrote public/")
	}
}

func TestNewScaffoldsAndTranslates(t *testing.T) {
	s := fixture(t)
	code, stdout, stderr := runCmd("new", "event", "summit", "--lang", "es", "--source", s.Dir)
	if code != exitOK || !strings.Contains(stdout, "content/events/summit.es.md") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if code, _, _ := runCmd("new", "event", "summit", "--lang", "es", "--source", s.Dir); code != exitError {
		t.Error("new overwrote an existing file")
	}
	code, stdout, stderr = runCmd("new", "--translate", "content/events/old.en.md", "--lang", "pt", "--source", s.Dir)
	if code == exitOK {
		t.Errorf("translating onto an existing translation: exit 0: %s", stdout)
	}
	code, stdout, stderr = runCmd("new", "--translate", "content/case-studies/pilot.en.md", "--lang", "pt", "--source", s.Dir)
	if code != exitOK || !strings.Contains(stdout, "content/case-studies/pilot.pt.md") {
		t.Fatalf("translate: exit %d: %s %s", code, stdout, stderr)
	}
	// The scaffolds build.
	if code, _, stderr := runCmd("check", "--source", s.Dir); code != exitOK {
		t.Errorf("site with scaffolded pages does not check: %s", stderr)
	}
}

func TestTranslationsReport(t *testing.T) {
	s := fixture(t)
	code, stdout, _ := runCmd("translations", "--source", s.Dir)
	if code != exitError {
		t.Errorf("exit %d, want 1 (the fixture misses translations)", code)
	}
	if !strings.Contains(stdout, "pt:") || !strings.Contains(stdout, "missing  content/events/kickoff.en.md") {
		t.Errorf("report:\n%s", stdout)
	}
	_, stdout, _ = runCmd("translations", "--source", s.Dir, "--json")
	var rep struct {
		Languages []struct {
			Lang    string
			Missing []struct{ Source string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range rep.Languages {
		for _, m := range l.Missing {
			if l.Lang == "pt" && m.Source == "content/events/kickoff.en.md" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("json report lacks pt kickoff:\n%s", stdout)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCmd("version")
	if code != exitOK || !strings.HasPrefix(stdout, "puente ") {
		t.Errorf("exit %d: %q", code, stdout)
	}
}
