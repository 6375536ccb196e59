package build_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// TestLastmodFromGit commits the fixture with a known date and checks that
// pages without lastmod in front matter take their file's commit date.
func TestLastmodFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = s.Dir
		cmd.Env = append(os.Environ(),
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org",
			"GIT_AUTHOR_DATE=2021-03-04T10:00:00Z", "GIT_COMMITTER_DATE=2021-03-04T10:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "site")
	if _, _, err := build.Build(s.Options()); err != nil {
		t.Fatal(err)
	}
	sitemap := s.Read("en/sitemap.xml")
	if !strings.Contains(sitemap, "<loc>https://example.org/en/about/</loc><lastmod>2021-03-04</lastmod>") {
		t.Errorf("about's lastmod is not its commit date:\n%s", sitemap)
	}
	s.AssertFile("en/index.xml", "<updated>2021-03-04T10:00:00Z</updated>")
}
