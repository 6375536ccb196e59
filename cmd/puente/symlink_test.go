package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// secretText is what files outside the site hold: no output or message of
// any command may show it.
const secretText = "TOP-SECRET-7f3a"

// linkOut replaces name in the site with a link to a file or folder
// outside it holding the secret, and returns the link's target.
func linkOut(t *testing.T, s *sitetest.Site, name string, folder bool) string {
	t.Helper()
	outside := t.TempDir()
	target := filepath.Join(outside, "target")
	if folder {
		write(t, filepath.Join(target, "secret.txt"), secretText)
		write(t, filepath.Join(target, "css", "site.css"), "body{color:red} /* "+secretText+" */")
		write(t, filepath.Join(target, "page.html"), secretText)
		write(t, filepath.Join(target, "_default", "base.html"), secretText)
	} else {
		write(t, target, "title: "+secretText+"\nnot_found: "+secretText+"\n: [broken "+secretText+"\n")
	}
	full := filepath.Join(s.Dir, filepath.FromSlash(name))
	if err := os.RemoveAll(full); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, full); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	return target
}

// noSecret fails when any of the outputs, or any file under dirs, shows
// the secret.
func noSecret(t *testing.T, what string, outputs []string, dirs ...string) {
	t.Helper()
	for _, o := range outputs {
		if strings.Contains(o, secretText) {
			t.Errorf("%s: the output shows a file from outside the site:\n%s", what, o)
		}
	}
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if b, _ := os.ReadFile(p); strings.Contains(string(b), secretText) {
					t.Errorf("%s: %s holds a file from outside the site", what, p)
				}
			}
			return nil
		})
	}
}

// Each root puente reads, as a link out of the site: check, build and
// translations report the link's path and show nothing of its target, and
// build publishes nothing.
func TestLinksOutOfTheSiteAreErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		folder bool
		want   string // a line of the report
	}{
		{"site.yaml", false, "site.yaml: cannot read: a symbolic link leads out of the site folder"},
		{"assets", true, "assets: "},
		{"layouts", true, "layouts: "},
		{"layouts/i18n/es.yaml", false, "layouts/i18n/es.yaml: "},
		{"layouts/i18n", true, "layouts/i18n: "},
		{"content", true, "content: symbolic links are not followed"},
		{"content/about.en.md", false, "content/about.en.md: symbolic links are not followed"},
	} {
		t.Run(strings.ReplaceAll(c.name, "/", "_"), func(t *testing.T) {
			s := fixture(t)
			write(t, filepath.Join(s.Dir, "assets", "css", "base.css"), "body{margin:0}")
			linkOut(t, s, c.name, c.folder)
			var outputs []string
			for _, format := range []string{"text", "json", "github"} {
				code, stdout, stderr := runCmd("check", "--source", s.Dir, "--format", format)
				outputs = append(outputs, stdout, stderr)
				if code != exitError {
					t.Errorf("check --format %s: exit %d, want %d", format, code, exitError)
				}
				if format == "text" && !strings.Contains(stdout, c.want) {
					t.Errorf("check: no %q in\n%s", c.want, stdout)
				}
				if format == "text" && !c.folder && linesAbout(stdout, c.name) != 1 {
					t.Errorf("check: want one line about %s:\n%s", c.name, stdout)
				}
				if format == "github" && !strings.Contains(stdout, "file="+c.name) {
					t.Errorf("check --format github: no annotation of %s in\n%s", c.name, stdout)
				}
			}
			code, stdout, stderr := runCmd("build", "--source", s.Dir)
			outputs = append(outputs, stdout, stderr)
			if code != exitError || !strings.Contains(stderr, c.want) {
				t.Errorf("build: exit %d, want %d and %q:\n%s", code, exitError, c.want, stderr)
			}
			if _, err := os.Stat(filepath.Join(s.Dir, "public")); err == nil {
				t.Error("build published a site")
			}
			_, stdout, stderr = runCmd("translations", "--source", s.Dir)
			outputs = append(outputs, stdout, stderr)
			noSecret(t, c.name, outputs, s.Dir)
		})
	}
}

// A link that stays inside the site folder is followed: layouts and
// assets kept in a theme folder, site.yaml in a config folder.
func TestLinkInsideTheSiteIsFollowed(t *testing.T) {
	s := fixture(t)
	write(t, filepath.Join(s.Dir, "assets", "docs", "plan.txt"), "the plan")
	for _, m := range []struct{ from, to, link string }{
		{"layouts", "theme/layouts", "theme/layouts"},
		{"assets", "theme/assets", "theme/assets"},
		{"site.yaml", "config/site.yaml", "config/site.yaml"},
		{"theme/layouts/i18n/es.yaml", "theme/strings/es.yaml", "../../strings/es.yaml"},
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(s.Dir, m.to)), 0o755)
		if err := os.Rename(filepath.Join(s.Dir, m.from), filepath.Join(s.Dir, m.to)); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(m.link, filepath.Join(s.Dir, m.from)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	if code, _, stderr := runCmd("build", "--source", s.Dir); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	s.AssertFile("en/events/kickoff/index.html", "Kickoff")
	s.AssertFile("assets/docs/plan.txt", "the plan")
}

// puente new writes only inside the site: a section folder linked out of
// it gets no file.
func TestNewWritesNothingThroughALink(t *testing.T) {
	s := fixture(t)
	target := linkOut(t, s, "content/events", true)
	code, _, stderr := runCmd("new", "event", "escape", "--source", s.Dir)
	if code != exitError || !strings.Contains(stderr, "out of the site folder") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if entries, _ := os.ReadDir(target); len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder outside changed: %v", names)
	}
}

// puente new --translate reads only a file of the site: a path out of it,
// or a link out, is an error that shows nothing of the file.
func TestNewTranslateReadsOnlyTheSite(t *testing.T) {
	s := fixture(t)
	outside := filepath.Join(t.TempDir(), "secret.en.md")
	write(t, outside, "---\ntitle: "+secretText+"\nbogus: ["+secretText+"\n---\n"+secretText+"\n")
	if err := os.Symlink(outside, filepath.Join(s.Dir, "content", "leak.en.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	rel, _ := filepath.Rel(s.Dir, outside)
	for _, from := range []string{outside, rel, "content/leak.en.md"} {
		code, stdout, stderr := runCmd("new", "--source", s.Dir, "--translate", from, "--lang", "es")
		if code == exitOK {
			t.Errorf("--translate %s: exit 0", from)
		}
		noSecret(t, "--translate "+from, []string{stdout, stderr}, s.Dir)
	}
}

// linesAbout counts the lines of a report about one file.
func linesAbout(report, name string) int {
	n := 0
	for _, l := range strings.Split(report, "\n") {
		if strings.HasPrefix(l, name+":") {
			n++
		}
	}
	return n
}
