package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
)

// snapshot lists every file under dir with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			files[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for name, data := range before {
		if got, ok := after[name]; !ok {
			t.Errorf("%s: %s was deleted", what, name)
		} else if got != data {
			t.Errorf("%s: %s was changed", what, name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s: %s was added", what, name)
		}
	}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A folder of someone's files given as --dest survives, and the message
// says how to go on; --clean-dest replaces it, and from then on the folder
// is puente's.
func TestBuildKeepsAFolderItDidNotMake(t *testing.T) {
	s := fixture(t)
	outside := t.TempDir()
	thesis := filepath.Join(outside, "thesis")
	write(t, filepath.Join(thesis, "thesis.tex"), "\\chapter{Four years of work}")
	write(t, filepath.Join(thesis, "figures", "one.svg"), "<svg/>")
	before := snapshot(t, outside)

	code, stdout, stderr := runCmd("build", "--source", s.Dir, "--dest", thesis)
	if code != exitError {
		t.Fatalf("exit %d, want %d; stdout %q", code, exitError, stdout)
	}
	for _, want := range []string{"--dest " + thesis, "did not publish", build.MarkerFile, "--clean-dest"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("message lacks %q:\n%s", want, stderr)
		}
	}
	sameTree(t, "after a refused build", before, snapshot(t, outside))

	if code, _, stderr := runCmd("build", "--source", s.Dir, "--dest", thesis, "--clean-dest"); code != exitOK {
		t.Fatalf("--clean-dest: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(thesis, "thesis.tex")); err == nil {
		t.Error("--clean-dest kept the old files")
	}
	if _, err := os.Stat(filepath.Join(thesis, build.MarkerFile)); err != nil {
		t.Errorf("no marker in the published folder: %v", err)
	}
	// Built once, the folder is puente's: no flag needed again.
	s.WriteFile("content/about.en.md", "---\ntitle: About us\n---\nChanged.\n")
	if code, _, stderr := runCmd("build", "--source", s.Dir, "--dest", thesis); code != exitOK {
		t.Fatalf("second build: exit %d: %s", code, stderr)
	}
}

// An empty folder, a missing one and one puente built are replaced.
func TestBuildIntoEmptyOrNewFolder(t *testing.T) {
	s := fixture(t)
	empty := t.TempDir()
	for _, dest := range []string{empty, filepath.Join(t.TempDir(), "new", "site")} {
		if code, _, stderr := runCmd("build", "--source", s.Dir, "--dest", dest); code != exitOK {
			t.Fatalf("--dest %s: exit %d: %s", dest, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dest, "en", "index.html")); err != nil {
			t.Errorf("--dest %s: %v", dest, err)
		}
	}
}

// The root, the home folder, the site and its inputs are refused even
// with --clean-dest, and nothing anywhere is deleted.
func TestBuildRefusesFoldersItMustNeverReplace(t *testing.T) {
	s := fixture(t)
	home := t.TempDir()
	write(t, filepath.Join(home, "notes.txt"), "mine")
	t.Setenv("HOME", home)
	site := snapshot(t, s.Dir)
	homeBefore := snapshot(t, home)
	for _, c := range []struct{ dest, want string }{
		{"/", "root folder"},
		{home, "home folder"},
		{filepath.Dir(home), "home folder"},
		{s.Dir, "site folder"},
		{".", "site folder"},
		{"content", "inside the site's content"},
		{"layouts/partials", "inside the site's layouts"},
		{"assets", "inside the site's assets"},
		{"site.yaml", "inside the site's site.yaml"},
	} {
		for _, clean := range []bool{false, true} {
			args := []string{"build", "--source", s.Dir, "--dest", c.dest}
			if clean {
				args = append(args, "--clean-dest")
			}
			code, _, stderr := runCmd(args...)
			if code != exitError || !strings.Contains(stderr, c.want) {
				t.Errorf("%v: exit %d, want %d and %q:\n%s", args[3:], code, exitError, c.want, stderr)
			}
		}
	}
	sameTree(t, "the site", site, snapshot(t, s.Dir))
	sameTree(t, "the home folder", homeBefore, snapshot(t, home))
}

// A link given as --dest is refused: replacing it would not replace the
// folder it points to, and removing through it would.
func TestBuildRefusesALinkAsDest(t *testing.T) {
	s := fixture(t)
	target := t.TempDir()
	write(t, filepath.Join(target, "keep.txt"), "mine")
	link := filepath.Join(s.Dir, "public")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	code, _, stderr := runCmd("build", "--source", s.Dir, "--clean-dest")
	if code != exitError || !strings.Contains(stderr, "symbolic link") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(target, "keep.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the link's target lost its file: %v", err)
	}
}

// Folders beside --dest named like a build's staging or old folders, but
// not made by puente, are left alone by the clean-up of interrupted builds.
func TestBuildLeavesLookalikeFoldersBesideDest(t *testing.T) {
	s := fixture(t)
	for _, name := range []string{".public.tmp-thesis", ".public.old-thesis"} {
		write(t, filepath.Join(s.Dir, name, "chapter.tex"), "mine")
	}
	if code, _, stderr := runCmd("build", "--source", s.Dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{".public.tmp-thesis", ".public.old-thesis"} {
		if b, err := os.ReadFile(filepath.Join(s.Dir, name, "chapter.tex")); err != nil || string(b) != "mine" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "public", "en", "index.html")); err != nil {
		t.Error(err)
	}
}
