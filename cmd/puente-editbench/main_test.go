package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/corpus"
)

// binDir holds the puente binary the tests build, once.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildPuente compiles cmd/puente, once for all the tests.
func buildPuente(t *testing.T) string {
	t.Helper()
	if binDir == "" {
		dir, err := os.MkdirTemp("", "editbench-test-")
		if err != nil {
			t.Fatal(err)
		}
		binDir = dir
	}
	bin := filepath.Join(binDir, "puente")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if out, err := exec.Command("go", "build", "-o", bin, "../puente").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// smallSite generates a corpus of about 3 content files per group (60
// groups: about 170 files).
func smallSite(t *testing.T, dir string, groups int) string {
	t.Helper()
	site := filepath.Join(dir, "site")
	if err := corpus.Generate(site, corpus.Options{Groups: groups, Seed: 2, Layouts: "../../layouts", Assets: "../../assets"}); err != nil {
		t.Fatal(err)
	}
	return site
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); !strings.HasPrefix(rel, ".puente-cache") {
			data, err := os.ReadFile(p)
			files[rel] = string(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestEveryKindConverges runs the tool as compare.sh does, with a real
// serve process on a small corpus: after every save of every kind of edit,
// serve must serve every output as a full build does, within the timeout,
// and the site's files must be as they were at the end.
func TestEveryKindConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds puente and runs serve")
	}
	tmp := t.TempDir()
	bin := buildPuente(t)
	site := smallSite(t, tmp, 60)
	before := snapshot(t, site)

	var out, progress bytes.Buffer
	err := run(&out, &progress, options{bin: bin, source: site, edits: 2, kinds: kinds,
		timeout: 30 * time.Second, gap: 10 * time.Millisecond, verify: "each", tmp: tmp, verbose: true})
	t.Logf("%s\n%s", progress.String(), out.String())
	if err != nil {
		t.Fatal(err)
	}
	report := out.String()
	if !regexp.MustCompile(`^serve: first page served after [0-9.]+ s\nserve: every output \(\d+ files\) equal to a full build's\n`).MatchString(report) {
		t.Errorf("unexpected start of the report:\n%s", report)
	}
	for _, name := range []string{"body", "title", "summary", "date", "date, another year", "regions", "themes",
		"translationKey", "slug", "draft on", "draft off", "file deleted", "file added", "file renamed",
		"translation added", "translation removed"} {
		row := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(name) + ` \| content/events/\S+\.md \| [1-9]\d* \| [12] \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$`)
		if !row.MatchString(report) {
			t.Errorf("no timed row for %q in:\n%s", name, report)
		}
	}
	// The edits reach past the page: its lists, the home page, feeds, the
	// search index, the old URL of a moved page.
	for _, want := range []string{"en/years/", "en/index.html", "en/events/index.xml", "en/search/t-", "sitemap.xml", "es/eventos/"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("no edit changed an output %s*", want)
		}
	}
	after := snapshot(t, site)
	for p, data := range before {
		if after[p] != data {
			t.Errorf("%s was not put back as it was", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s was left behind", p)
		}
	}
}

// TestStaleServeFails holds the tool to its word: a serve that never sees
// the edits (it serves a copy of the site) must be reported as failing,
// not timed.
func TestStaleServeFails(t *testing.T) {
	if testing.Short() {
		t.Skip("builds puente and runs serve")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in serve is a shell script")
	}
	tmp := t.TempDir()
	bin := buildPuente(t)
	site := smallSite(t, tmp, 40)
	stale := filepath.Join(tmp, "stale-serve")
	script := "#!/bin/sh\n# serve --source SITE --port PORT, on a copy of SITE\ncp -r \"$3\" \"$3.copy\" && exec " + bin + " serve --source \"$3.copy\" --port \"$5\"\n"
	if err := os.WriteFile(stale, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	var out, progress bytes.Buffer
	err := run(&out, &progress, options{bin: stale, source: site, edits: 1, kinds: []string{"title"},
		timeout: 2 * time.Second, gap: 0, verify: "kind", tmp: tmp})
	if !errors.Is(err, errFailed) {
		t.Fatalf("want the edits reported as failing, got %v\n%s", err, out.String())
	}
	if !regexp.MustCompile(`(?m)^\| title \| content/events/\S+ \| \d+ \| 0 \| FAIL: serve did not match a full build within 2s: `).MatchString(out.String()) {
		t.Errorf("the table does not say the title edit failed:\n%s", out.String())
	}
}

// TestPulledStart is compare.sh's warm start after a pull: files change
// before serve starts, serve's pages are then compared with a full build
// of the changed site, and the files are put back.
func TestPulledStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds puente and runs serve")
	}
	tmp := t.TempDir()
	bin := buildPuente(t)
	site := smallSite(t, tmp, corpus.MinGroups)
	before := snapshot(t, site)
	var out, progress bytes.Buffer
	err := run(&out, &progress, options{bin: bin, source: site, pull: 20, check: true, timeout: 30 * time.Second, tmp: tmp})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^serve: first page served after [0-9.]+ s\nserve: every output \(\d+ files\) equal to a full build's\n$`).MatchString(out.String()) {
		t.Errorf("unexpected report:\n%s", out.String())
	}
	after := snapshot(t, site)
	for p, data := range before {
		if after[p] != data {
			t.Errorf("%s was not put back as it was", p)
		}
	}
}

func TestPull(t *testing.T) {
	site := t.TempDir()
	dir := filepath.Join(site, "content", "events")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.en.md", "b.en.md", "c.en.md", "_index.en.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("---\ntitle: \""+name+"\"\n---\nBody.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, site)
	restore, err := pull(site, 2)
	if err != nil {
		t.Fatal(err)
	}
	changed := snapshot(t, site)
	if got := changed[filepath.Join("content", "events", "a.en.md")]; got != "---\ntitle: \"a.en.md\"\n---\n\nA paragraph from a colleague.\nBody.\n" {
		t.Errorf("a.en.md: %q", got)
	}
	if got := changed[filepath.Join("content", "events", "b.en.md")]; got != "---\ntitle: \"Pulled 1\"\n---\nBody.\n" {
		t.Errorf("b.en.md: %q", got)
	}
	if changed[filepath.Join("content", "events", "_index.en.md")] != before[filepath.Join("content", "events", "_index.en.md")] {
		t.Error("a section's index was changed")
	}
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	for p, data := range snapshot(t, site) {
		if before[p] != data {
			t.Errorf("%s was not put back", p)
		}
	}
	if _, err := pull(site, 4); err == nil {
		t.Error("more files than the site has: want an error")
	}
}

func TestFields(t *testing.T) {
	fm := "---\ntitle: Old\nregions:\n  - a\n  - b\nlocation: Quito\n---\nbody\n"
	for _, c := range []struct {
		field, value, want string
	}{
		{"location", "New", "---\ntitle: Old\nregions:\n  - a\n  - b\nlocation: New\n---\nbody\n"},
		{"regions", `["c"]`, "---\ntitle: Old\nregions: [\"c\"]\nlocation: Quito\n---\nbody\n"},
		{"draft", "true", "---\ntitle: Old\nregions:\n  - a\n  - b\nlocation: Quito\ndraft: true\n---\nbody\n"},
	} {
		got, err := setField([]byte(fm), c.field, c.value)
		if err != nil || string(got) != c.want {
			t.Errorf("setField(%s) = %q, %v; want %q", c.field, got, err, c.want)
		}
	}
	if got := string(removeField([]byte(fm), "regions")); got != "---\ntitle: Old\nlocation: Quito\n---\nbody\n" {
		t.Errorf("removeField: %q", got)
	}
	if got := fieldValue([]byte("---\ntitle: \"A \\\"b\\\"\"\nstart: 2024-01-02\n---\n"), "title"); got != `A "b"` {
		t.Errorf("fieldValue: %q", got)
	}
	if _, err := setField([]byte("no front matter\n"), "title", "x"); err == nil {
		t.Error("setField without front matter: want an error")
	}
}

func TestFrontMatterEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"---\ntitle: x\n---\nbody\n", 17},
		{"---\ntitle: x\n---\n", 17},
		{"no front matter\n", -1},
		{"---\ntitle: x\n", -1},
	} {
		if got := frontMatterEnd([]byte(c.in)); got != c.want {
			t.Errorf("frontMatterEnd(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestLiveReload(t *testing.T) {
	built := "<html><body><p>a</p></body></html>"
	got, err := liveReload([]byte("<html><body><p>a</p><script>x</script></body></html>"), []byte(built))
	if err != nil || got != "<script>x</script>" {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := liveReload([]byte("<html><body><p>b</p><script>x</script></body></html>"), []byte(built)); err == nil {
		t.Error("a page that differs elsewhere: want an error")
	}
}

func TestDiff(t *testing.T) {
	a := digests{"same": {1}, "changed": {2}, "gone": {3}}
	b := digests{"same": {1}, "changed": {4}, "new": {5}}
	if got := strings.Join(diff(a, b), " "); got != "changed gone new" {
		t.Errorf("diff = %s", got)
	}
}

func TestPercentile(t *testing.T) {
	var ts []time.Duration
	for i := 1; i <= 20; i++ {
		ts = append(ts, time.Duration(i))
	}
	if p := percentile(ts, 95); p != 19 {
		t.Errorf("p95 of 1..20 = %d, want 19", p)
	}
	if m := median(ts); m != 10 {
		t.Errorf("median of 1..20 = %d, want 10", m)
	}
	if p := percentile(ts[:1], 95); p != 1 {
		t.Errorf("p95 of one = %d", p)
	}
}

func TestApplyRenames(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(filepath.Join(dir, "a.md"))
	if err != nil {
		t.Fatal(err)
	}
	base := fileState{"a.md": []byte("x"), "b.md": nil}
	variant := fileState{"a.md": nil, "b.md": []byte("x")}
	if err := apply(dir, base, variant); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(filepath.Join(dir, "b.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("b.md is a new file, not a.md renamed")
	}
	if _, err := os.Stat(filepath.Join(dir, "a.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a.md is still there: %v", err)
	}
}
