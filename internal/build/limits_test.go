package build_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// basicSite writes basic.txtar and builds it once, so that a test can check
// that a failed build leaves that public/ as it was.
func basicSite(t *testing.T) (*sitetest.Site, map[string][32]byte) {
	t.Helper()
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	return s, snapshot(t, filepath.Join(s.Dir, "public"))
}

// wantErrors builds s and compares the problem lines with want, then checks
// that public/ is as it was.
func wantErrors(t *testing.T, s *sitetest.Site, before map[string][32]byte, want ...string) {
	t.Helper()
	got := s.BuildErrors()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems differ\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	sameTree(t, "after the failed build", snapshot(t, filepath.Join(s.Dir, "public")), before)
}

// timed fails the test when fn takes longer than limit.
func timed(t *testing.T, limit time.Duration, fn func()) {
	t.Helper()
	start := time.Now()
	fn()
	if d := time.Since(start); d > limit {
		t.Errorf("took %s, want under %s", d.Round(time.Millisecond), limit)
	}
}

func TestFiftyMegabyteMarkdownIsRefused(t *testing.T) {
	s, before := basicSite(t)
	var b strings.Builder
	b.WriteString("---\ntitle: Huge\nstart: 2020-01-01\nattendance: online\n---\n")
	line := strings.Repeat("All work and no play. ", 4) + "\n"
	for b.Len() < 50<<20 {
		b.WriteString(line)
	}
	s.WriteFile("content/events/huge.en.md", b.String()[:50<<20])
	timed(t, 10*time.Second, func() {
		wantErrors(t, s, before, "content/events/huge.en.md: file is 50 MB; the limit is 20 MB")
	})
}

func TestHundredThousandListItemsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1 MB list; skipped with -short")
	}
	s, _ := basicSite(t)
	var b strings.Builder
	b.WriteString("---\ntitle: Long list\n---\n")
	for i := range 100_000 {
		fmt.Fprintf(&b, "- item %d\n", i)
	}
	s.WriteFile("content/long.en.md", b.String())
	timed(t, 20*time.Second, func() { s.Build() })
	s.AssertFile("en/long/index.html", "<li>item 0</li>", "<li>item 99999</li>")
}

func TestDeeplyNestedBlockquotesBuild(t *testing.T) {
	s, _ := basicSite(t)
	s.WriteFile("content/deep.en.md", "---\ntitle: Deep\n---\n"+strings.Repeat(">", 10_000)+" deep\n\n"+strings.Repeat("> ", 10_000)+"deeper\n")
	timed(t, 20*time.Second, func() { s.Build() })
	s.AssertFile("en/deep/index.html", "deep", "deeper")
}

func TestYAMLAliasBombIsRefused(t *testing.T) {
	s, before := basicSite(t)
	bomb := `---
title: Laughs
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
Ha.
`
	s.WriteFile("content/laughs.en.md", bomb)
	timed(t, 5*time.Second, func() {
		wantErrors(t, s, before, `content/laughs.en.md:3:4: front matter: YAML anchors and aliases (&name, *name) are not allowed`)
	})
}

func TestSymlinkOutOfTheSiteIsNotFollowed(t *testing.T) {
	s, before := basicSite(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.en.md")
	if err := os.WriteFile(secret, []byte("---\ntitle: Secret\n---\nTOPSECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(s.Dir, "content", "events", "leak.en.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(outside, filepath.Join(s.Dir, "content", "linked")); err != nil {
		t.Fatal(err)
	}
	wantErrors(t, s, before,
		"content/events/leak.en.md: symbolic links are not followed",
		"content/linked: symbolic links are not followed")
	// And nothing of it reached check's path either.
	site, _ := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	if site != nil {
		for _, f := range site.Files {
			if strings.Contains(f.Path, "leak") || strings.Contains(f.Path, "linked") {
				t.Errorf("%s was read through a symbolic link", f.Path)
			}
		}
	}
}

func TestOddFileNamesStayInside(t *testing.T) {
	s, before := basicSite(t)
	names := []string{
		"content/events/my event.en.md",
		"content/events/café.en.md",
		"content/events/a..b.en.md",
		"content/events/..en.md", // starts with ".": skipped like editor droppings
		"content/events/x...md",
	}
	for _, n := range names {
		s.WriteFile(n, "---\ntitle: Odd\nstart: 2020-01-01\nattendance: online\n---\nOdd.\n")
	}
	outsideBefore := listDir(t, filepath.Dir(s.Dir))
	got := s.BuildErrors()
	want := []string{
		`content/events/a..b.en.md:1: file name "a..b" is not URL safe (want lowercase letters, digits and hyphens, like "a-b")`,
		`content/events/café.en.md:1: file name "café" is not URL safe (want lowercase letters, digits and hyphens, like "cafe")`,
		`content/events/my event.en.md:1: file name "my event" is not URL safe (want lowercase letters, digits and hyphens, like "my-event")`,
		`content/events/x...md:1: file name "x.." is not URL safe (want lowercase letters, digits and hyphens, like "x")`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems differ\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	sameTree(t, "after the failed build", snapshot(t, filepath.Join(s.Dir, "public")), before)
	if after := listDir(t, filepath.Dir(s.Dir)); strings.Join(after, " ") != strings.Join(outsideBefore, " ") {
		t.Errorf("the build wrote beside the site: before %v, after %v", outsideBefore, after)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// helperEnv names the site a child test process builds, for
// TestKilledBuildLeavesPreviousSite.
const helperEnv = "PUENTE_BUILD_HELPER_SITE"

// TestBuildHelperProcess is not a test: run by TestKilledBuildLeavesPreviousSite
// as a child process, it builds the site named by helperEnv and exits.
func TestBuildHelperProcess(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("helper process for TestKilledBuildLeavesPreviousSite")
	}
	opts := build.Options{LoadOptions: build.LoadOptions{Now: sitetest.Now}, Source: dir, Dest: "public"}
	if _, _, err := build.Build(opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func TestKilledBuildLeavesPreviousSite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs several child builds; skipped with -short")
	}
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	// Enough pages that a build takes a while and can be killed mid-way.
	for i := range 100 {
		s.WriteFile(fmt.Sprintf("content/events/e%04d.en.md", i),
			fmt.Sprintf("---\ntitle: Event %d\nstart: 2019-%02d-%02d\nattendance: online\nthemes: [innovation]\n---\nEvent %d.\n", i, i%12+1, i%28+1, i))
	}
	start := time.Now()
	s.Build()
	full := time.Since(start)
	before := snapshot(t, filepath.Join(s.Dir, "public"))
	t.Logf("a whole build takes %s (%d files)", full.Round(time.Millisecond), len(before))

	for _, frac := range []float64{0, 0.25, 0.5, 0.75, 1.2} {
		delay := time.Duration(float64(full) * frac)
		cmd := exec.Command(os.Args[0], "-test.run=^TestBuildHelperProcess$")
		cmd.Env = append(os.Environ(), helperEnv+"="+s.Dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		// Right after the kill, the previous site is whole: in public/, or,
		// when the kill fell between the two renames of the swap, moved
		// aside where the next build puts it back.
		pub := filepath.Join(s.Dir, "public")
		if _, err := os.Stat(pub); err == nil {
			sameTree(t, fmt.Sprintf("killed after %s", delay), snapshot(t, pub), before)
		} else {
			olds, _ := filepath.Glob(filepath.Join(s.Dir, ".public.old-*"))
			if len(olds) != 1 {
				t.Fatalf("killed after %s: public/ is gone and %d copies were moved aside", delay, len(olds))
			}
			sameTree(t, fmt.Sprintf("killed after %s, moved aside", delay), snapshot(t, olds[0]), before)
		}

		s.Build()
		sameTree(t, fmt.Sprintf("rebuilt after a kill at %s", delay), snapshot(t, pub), before)
		if left, _ := filepath.Glob(filepath.Join(s.Dir, ".public.*")); len(left) > 0 {
			t.Errorf("killed after %s: the next build left %v", delay, left)
		}
	}
}
