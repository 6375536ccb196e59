package moved_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/moved"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// gitRepo writes the basic test site into a new Git repository, under
// site/ so that the site is not the repository's top, and commits it.
func gitRepo(t *testing.T) (repo, src string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	b, err := os.ReadFile(filepath.Join("..", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Write(t, string(b)+"-- assets/docs/agenda.pdf --\n%PDF-1.4\n")
	repo = s.Dir
	src = filepath.Join(repo, "site")
	tmp := filepath.Join(t.TempDir(), "site")
	if err := os.Rename(repo, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, src); err != nil {
		t.Fatal(err)
	}
	run(t, repo, "init", "-q", "-b", "main")
	run(t, repo, "add", ".")
	run(t, repo, "commit", "-q", "-m", "the site")
	return repo, src
}

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func check(t *testing.T, src string) []string {
	t.Helper()
	opts := build.LoadOptions{Now: sitetest.Now}
	s, errs := build.Load(os.DirFS(src), opts)
	if errs.HasErrors() {
		t.Fatalf("the site does not load: %v", errs)
	}
	gone, err := moved.Check(src, "main", s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return lines(gone)
}

func lines(l diag.List) []string {
	var out []string
	for _, e := range l.Sorted() {
		out = append(out, e.Error())
	}
	return out
}

func TestRenamedPagesNeedAliases(t *testing.T) {
	repo, src := gitRepo(t)
	if got := check(t, src); len(got) != 0 {
		t.Fatalf("unchanged site: %q, want nothing", got)
	}

	// A new slug, a renamed file, a page removed, and a download renamed.
	run(t, repo, "mv", "site/assets/docs/agenda.pdf", "site/assets/docs/agenda-2019.pdf")
	edit(t, filepath.Join(src, "content/events/kickoff.es.md"), "slug: arranque", "slug: inicio")
	run(t, repo, "mv", "site/content/events/old.en.md", "site/content/events/earlier.en.md")
	run(t, repo, "rm", "-q", "site/content/case-studies/pilot.en.md")
	want := []string{
		"assets/docs/agenda-2019.pdf: warning: /assets/docs/agenda.pdf was published at main and is gone, renamed to this file: links to it from elsewhere break; keep a copy under its old name too",
		"content/case-studies/pilot.en.md: /en/case-studies/pilot/ was published at main (from this file) and is gone: add aliases: [/en/case-studies/pilot/] to the front matter of the page that replaces it",
		"content/events/earlier.en.md:2: /en/events/old/ was published at main and is gone: this page replaces it, add aliases: [/en/events/old/] to its front matter",
		"content/events/kickoff.es.md:2: /es/eventos/arranque/ was published at main and is gone: this page replaces it, add aliases: [/es/eventos/arranque/] to its front matter",
	}
	got := check(t, src)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after the renames:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The aliases the messages ask for, and the download kept, make it
	// clean; an alias of the old site that is dropped is reported too.
	edit(t, filepath.Join(src, "content/events/kickoff.es.md"), "title: Arranque\n", "title: Arranque\naliases: [/es/eventos/arranque/]\n")
	edit(t, filepath.Join(src, "content/events/earlier.en.md"), "title: Old meeting\n", "title: Old meeting\naliases: [/en/events/old/, /en/case-studies/pilot/]\n")
	if err := os.WriteFile(filepath.Join(src, "assets/docs/agenda.pdf"), []byte("%PDF-1.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := check(t, src); len(got) != 0 {
		t.Errorf("with the aliases and the old download kept: %q, want nothing", got)
	}
	run(t, repo, "add", "-A")
	run(t, repo, "commit", "-q", "-m", "renames, with aliases")
	edit(t, filepath.Join(src, "content/events/kickoff.es.md"), "aliases: [/es/eventos/arranque/]\n", "aliases: []\n")
	want = []string{"content/events/kickoff.es.md:3: /es/eventos/arranque/ was published at main and is gone: this page replaces it, add /es/eventos/arranque/ to its aliases"}
	if got := check(t, src); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("alias dropped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestUnknownRevision(t *testing.T) {
	_, src := gitRepo(t)
	_, err := moved.Tree(src, "no-such-branch")
	if err == nil || !strings.Contains(err.Error(), "--since no-such-branch: no such commit, branch or tag") {
		t.Errorf("err = %v", err)
	}
}
