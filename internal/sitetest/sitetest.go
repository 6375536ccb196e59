// Package sitetest builds whole little sites from txtar archives for tests:
// it writes the archive into a temporary folder, runs the real build, and
// lets a test assert on the files written or the errors reported.
package sitetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
)

// Now is the build time of every test site, so that upcoming events and
// future pages do not depend on the day the tests run.
var Now = time.Date(2020, 12, 15, 12, 0, 0, 0, time.UTC)

// Site is a test site written to disk.
type Site struct {
	T   testing.TB
	Dir string
}

// Write writes the archive into a new temporary folder.
func Write(t testing.TB, archive string) *Site {
	t.Helper()
	dir := t.TempDir()
	a := txtar.Parse([]byte(strings.TrimLeft(archive, "\n")))
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return &Site{T: t, Dir: dir}
}

// Options returns the build options tests use: fixed time, no minification.
func (s *Site) Options() build.Options {
	return build.Options{
		LoadOptions: build.LoadOptions{Now: Now},
		Source:      s.Dir,
		Dest:        "public",
	}
}

// Build builds the site and fails the test on any error.
func (s *Site) Build() *Site {
	s.T.Helper()
	if _, _, err := build.Build(s.Options()); err != nil {
		s.T.Fatalf("build failed:\n%v", err)
	}
	return s
}

// BuildErrors builds the site, expecting it to fail, and returns the
// problems as printed lines (with paths relative to the site).
func (s *Site) BuildErrors() []string {
	s.T.Helper()
	_, _, err := build.Build(s.Options())
	if err == nil {
		s.T.Fatal("build succeeded, want errors")
	}
	list, ok := err.(diag.List)
	if !ok {
		s.T.Fatalf("build failed with a non-positioned error: %v", err)
	}
	var lines []string
	for _, e := range list.Sorted() {
		lines = append(lines, e.Error())
	}
	return lines
}

// Build writes the archive and builds it, failing the test on any error.
func Build(t testing.TB, archive string) *Site {
	t.Helper()
	return Write(t, archive).Build()
}

// Path is the full path of a file of the built site.
func (s *Site) Path(name string) string {
	return filepath.Join(s.Dir, "public", filepath.FromSlash(name))
}

// Read returns a file of the built site, failing the test if it is missing.
func (s *Site) Read(name string) string {
	s.T.Helper()
	b, err := os.ReadFile(s.Path(name))
	if err != nil {
		s.T.Fatalf("reading built file: %v\nfiles: %s", err, strings.Join(s.Files(), " "))
	}
	return string(b)
}

// Exists reports whether the built site has the file.
func (s *Site) Exists(name string) bool {
	_, err := os.Stat(s.Path(name))
	return err == nil
}

// AssertFile fails the test unless the built file exists and contains every
// one of wants.
func (s *Site) AssertFile(name string, wants ...string) {
	s.T.Helper()
	got := s.Read(name)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			s.T.Errorf("%s does not contain %q; it is:\n%s", name, w, got)
		}
	}
}

// AssertLines fails the test unless the built file holds the lines of
// block in that order, next to each other, once empty lines are dropped
// from both: layouts in test fixtures then need no white-space trimming.
func (s *Site) AssertLines(name, block string) {
	s.T.Helper()
	got := "\n" + dropEmptyLines(s.Read(name)) + "\n"
	want := "\n" + dropEmptyLines(block) + "\n"
	if !strings.Contains(got, want) {
		s.T.Errorf("%s does not contain the lines\n%s\nit is:\n%s", name, strings.TrimSpace(want), strings.TrimSpace(got))
	}
}

func dropEmptyLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// AssertNoFile fails the test if the built site has the file.
func (s *Site) AssertNoFile(name string) {
	s.T.Helper()
	if s.Exists(name) {
		s.T.Errorf("%s was written, want no such file", name)
	}
}

// Files lists every file of the built site, sorted, slash-separated.
func (s *Site) Files() []string {
	var out []string
	root := filepath.Join(s.Dir, "public")
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// WriteFile changes a file of the site's source.
func (s *Site) WriteFile(name, data string) {
	s.T.Helper()
	p := filepath.Join(s.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.T.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		s.T.Fatal(err)
	}
}

// Remove deletes a file of the site's source.
func (s *Site) Remove(name string) {
	s.T.Helper()
	if err := os.Remove(filepath.Join(s.Dir, filepath.FromSlash(name))); err != nil {
		s.T.Fatal(err)
	}
}

// Commit records every file of the site in its Git repository (made on
// the first call) as one commit dated date, so that tests can make a real
// history. It skips the test when git is missing.
func (s *Site) Commit(date time.Time, msg string) {
	s.T.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		s.T.Skip("git is missing; to run this test: apt-get install git")
	}
	stamp := date.UTC().Format(time.RFC3339)
	run := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", s.Dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+stamp, "GIT_COMMITTER_DATE="+stamp,
			"GIT_AUTHOR_NAME=Editor", "GIT_AUTHOR_EMAIL=editor@example.org",
			"GIT_COMMITTER_NAME=Editor", "GIT_COMMITTER_EMAIL=editor@example.org", "GIT_CONFIG_NOSYSTEM=1", "HOME="+s.Dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			s.T.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if _, err := os.Stat(filepath.Join(s.Dir, ".git")); err != nil {
		run("init", "-q", "-b", "main")
	}
	run("add", "-A")
	run("commit", "-q", "--allow-empty", "-m", msg)
}
