package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCheckGitLabReport reads check's code quality report as GitLab does:
// a JSON array of Code Climate issues with the fields GitLab requires.
func TestCheckGitLabReport(t *testing.T) {
	s := fixture(t)
	code, stdout, _ := runCmd("check", "--source", s.Dir, "--format", "gitlab")
	if code != exitOK || strings.TrimSpace(stdout) != "[]" {
		t.Errorf("clean site: exit %d, report %q, want []", code, stdout)
	}
	s.WriteFile("content/events/kickoff.en.md", "---\ntitle: Kickoff\nstart: 2019-10-07\nregions: [mexico-guatemal]\nthemes: [nope, nope2]\nattendance: online\n---\nText.\n")
	code, stdout, _ = runCmd("check", "--source", s.Dir, "--format", "gitlab")
	if code != exitError {
		t.Errorf("exit %d, want 1", code)
	}
	var issues []struct {
		Description *string `json:"description"`
		CheckName   *string `json:"check_name"`
		Fingerprint *string `json:"fingerprint"`
		Severity    *string `json:"severity"`
		Location    *struct {
			Path  *string `json:"path"`
			Lines *struct {
				Begin *int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	if err := json.Unmarshal([]byte(stdout), &issues); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if len(issues) < 2 {
		t.Fatalf("%d issues, want one per problem:\n%s", len(issues), stdout)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if is.Description == nil || is.CheckName == nil || is.Fingerprint == nil || is.Severity == nil ||
			is.Location == nil || is.Location.Path == nil || is.Location.Lines == nil || is.Location.Lines.Begin == nil {
			t.Fatalf("an issue lacks a field GitLab requires:\n%s", stdout)
		}
		if seen[*is.Fingerprint] {
			t.Errorf("fingerprint %s twice", *is.Fingerprint)
		}
		seen[*is.Fingerprint] = true
		switch *is.Severity {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("severity %q is not one of GitLab's", *is.Severity)
		}
	}
	if first := issues[0]; *first.Location.Path != "content/events/kickoff.en.md" || *first.Location.Lines.Begin != 4 ||
		!strings.Contains(*first.Description, `unknown region "mexico-guatemal"`) {
		t.Errorf("first issue: %s:%d %s", *first.Location.Path, *first.Location.Lines.Begin, *first.Description)
	}
}

// TestCheckSince runs check --since on a Git repository the test makes: a
// page's new slug is reported with the alias to add, as a workflow
// annotation, until the alias is added.
func TestCheckSince(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	s := fixture(t)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", s.Dir, "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "site")
	git("checkout", "-q", "-b", "rename")
	s.WriteFile("content/case-studies/pilot.en.md", strings.Replace(readFile(t, s.Dir+"/content/case-studies/pilot.en.md"), "title: Pilot\n", "title: Pilot\nslug: pilot-project\n", 1))
	code, stdout, _ := runCmd("check", "--source", s.Dir, "--since", "main", "--format", "github")
	want := "::error file=content/case-studies/pilot.en.md,line=2::/en/case-studies/pilot/ was published at main and is gone: this page replaces it, add aliases: [/en/case-studies/pilot/] to its front matter"
	if code != exitError || strings.TrimSpace(stdout) != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, stdout, want)
	}
	s.WriteFile("content/case-studies/pilot.en.md", strings.Replace(readFile(t, s.Dir+"/content/case-studies/pilot.en.md"), "slug: pilot-project\n", "slug: pilot-project\naliases: [/en/case-studies/pilot/]\n", 1))
	if code, stdout, stderr := runCmd("check", "--source", s.Dir, "--since", "main"); code != exitOK {
		t.Errorf("with the alias: exit %d:\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("check", "--source", s.Dir, "--since", "nope"); code != exitError || !strings.Contains(stderr, "--since nope: no such commit") {
		t.Errorf("unknown revision: exit %d: %s", code, stderr)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
