package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// cacheFile is where the build cache of a site built into public/ lives.
func cacheFile(s *sitetest.Site) string {
	return filepath.Join(s.Dir, build.CacheDir, "public.build")
}

// cacheBuild builds with opts and fails the test on any error.
func cacheBuild(t *testing.T, opts build.Options) build.Summary {
	t.Helper()
	sum, _, err := build.Build(opts)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return sum
}

// cacheTree reads a folder whole: files with their content, folders with a
// trailing slash.
func cacheTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func cacheCompare(t *testing.T, got, want map[string]string) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s missing after the build", name)
		case g != w:
			t.Errorf("%s differs from a build without the cache:\ngot:\n%s\nwant:\n%s", name, g, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is left over: a build without the cache has no such file", name)
		}
	}
}

// assertFullBuild builds, expects a full build, and checks that its
// output is exactly that of a build with the cache off.
func assertFullBuild(t *testing.T, s *sitetest.Site, opts build.Options) {
	t.Helper()
	if sum := cacheBuild(t, opts); sum.Cached {
		t.Fatalf("build was cached (%s), want a full build", sum)
	}
	got := cacheTree(t, filepath.Join(s.Dir, "public"))
	fresh := opts
	fresh.NoCache = true
	if sum := cacheBuild(t, fresh); sum.Cached {
		t.Fatal("build with NoCache was cached")
	}
	cacheCompare(t, got, cacheTree(t, filepath.Join(s.Dir, "public")))
}

func assertCached(t *testing.T, opts build.Options) build.Summary {
	t.Helper()
	sum := cacheBuild(t, opts)
	if !sum.Cached {
		t.Fatalf("build was a full one (%s), want it cached", sum)
	}
	return sum
}

func TestSecondBuildIsCached(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	opts := s.Options()
	first := cacheBuild(t, opts)
	if first.Cached {
		t.Fatal("first build was cached")
	}
	before := cacheTree(t, filepath.Join(s.Dir, "public"))
	second := assertCached(t, opts)
	if second.Pages != first.Pages || second.Files != first.Files || second.Bytes != first.Bytes ||
		len(second.PerLang) != len(first.PerLang) || second.PerLang[0] != first.PerLang[0] {
		t.Errorf("cached summary %+v, want the counts of %+v", second, first)
	}
	want := "nothing changed since the last build (" + strconv.Itoa(first.Files) + " files in public kept); " + strconv.Itoa(first.Pages) + " pages (en "
	if !strings.HasPrefix(second.String(), want) {
		t.Errorf("summary %q, want it to start with %q", second.String(), want)
	}
	cacheCompare(t, cacheTree(t, filepath.Join(s.Dir, "public")), before)
	assertCached(t, opts)
}

func TestCacheMissesOnEveryChange(t *testing.T) {
	noon := sitetest.Now
	tests := []struct {
		name   string
		setup  func(s *sitetest.Site, opts *build.Options) // before the first build
		change func(t *testing.T, s *sitetest.Site, opts *build.Options)
	}{
		{name: "content body", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			s.WriteFile("content/about.en.md", "---\ntitle: About\n---\nAbout us, changed.\n")
		}},
		{name: "content file added", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			s.WriteFile("content/contact.en.md", "---\ntitle: Contact\n---\nWrite to us.\n")
		}},
		{name: "content file deleted", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			s.Remove("content/events/old.pt.md")
		}},
		{name: "layout", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			s.WriteFile("layouts/404.html", `{{ define "main" }}{{ T "not_found" }}!{{ end }}`)
		}},
		{name: "layout added", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			s.WriteFile("layouts/newsletter.html", `{{ define "main" }}newsletter {{ .Title }}{{ end }}`)
		}},
		{name: "i18n string", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			s.WriteFile("layouts/i18n/es.yaml", "not_found: No está aquí\n")
		}},
		{name: "site.yaml", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			yaml := strings.Replace(cacheSource(t, s, "site.yaml"), "title: Cooperation}", "title: Co-operation}", 1)
			s.WriteFile("site.yaml", yaml)
		}},
		{name: "asset", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			s.WriteFile("assets/css/site.css", "body { color: #111111; }\n")
		}},
		{name: "drafts", change: func(t *testing.T, s *sitetest.Site, o *build.Options) { o.Drafts = true }},
		{name: "future", change: func(t *testing.T, s *sitetest.Site, o *build.Options) { o.Future = true }},
		{name: "base-url", change: func(t *testing.T, s *sitetest.Site, o *build.Options) { o.BaseURL = "https://example.com/sub/" }},
		{name: "minify", change: func(t *testing.T, s *sitetest.Site, o *build.Options) { o.Minify = true }},
		{name: "git dates", change: func(t *testing.T, s *sitetest.Site, o *build.Options) {
			o.Lastmod = map[string]time.Time{"content/about.en.md": time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)}
		}},
		{name: "git date changed",
			setup: func(s *sitetest.Site, o *build.Options) {
				o.Lastmod = map[string]time.Time{"content/about.en.md": time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)}
			},
			change: func(t *testing.T, s *sitetest.Site, o *build.Options) {
				o.Lastmod = map[string]time.Time{"content/about.en.md": time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC)}
			}},
		{name: "next day", change: func(t *testing.T, s *sitetest.Site, o *build.Options) { o.Now = noon.Add(24 * time.Hour) }},
		{name: "same day past a page's time",
			setup: func(s *sitetest.Site, _ *build.Options) {
				s.WriteFile("content/newsletters/evening.en.md", "---\ntitle: Evening bulletin\ndate: 2020-12-15T18:00:00Z\n---\nTonight.\n")
			},
			change: func(t *testing.T, s *sitetest.Site, o *build.Options) { o.Now = noon.Add(7 * time.Hour) }},
		{name: "file deleted from public", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.Remove(s.Path("en/about/index.html")))
		}},
		{name: "file added to public", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.WriteFile(s.Path("extra.html"), []byte("x"), 0o644))
		}},
		{name: "folder added to public", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.Mkdir(s.Path("en/extra"), 0o755))
		}},
		{name: "file in public edited", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.WriteFile(s.Path("en/about/index.html"), []byte("edited"), 0o644))
		}},
		{name: "file in public edited, same size", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheSameSizeEdit(t, s.Path("en/about/index.html"), false)
		}},
		{name: "file in public edited, same size and time", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			if runtime.GOOS == "windows" {
				t.Skip("no inode change time on Windows")
			}
			cacheSameSizeEdit(t, s.Path("en/about/index.html"), true)
		}},
		{name: "file in public made executable", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.Chmod(s.Path("en/about/index.html"), 0o755))
		}},
		{name: "public deleted", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.RemoveAll(filepath.Join(s.Dir, "public")))
		}},
		{name: "cache corrupt", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.WriteFile(cacheFile(s), []byte("not a record\x00\xff"), 0o644))
		}},
		{name: "cache entry edited",
			setup: func(s *sitetest.Site, _ *build.Options) {
				s.WriteFile("content/blank.en.md", "---\ntitle: Blank \"page\"\n---\n")
			},
			change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
				// A record edited with its hash left as it was must not be
				// read: here it would repeat a warning the site never gave.
				data, err := os.ReadFile(cacheFile(s))
				cacheMust(t, err)
				if !bytes.Contains(data, []byte("blank.en.md")) {
					t.Fatal("the record does not hold the warning about content/blank.en.md")
				}
				data = bytes.Replace(data, []byte("blank.en.md"), []byte("blank.xx.md"), 1)
				cacheMust(t, os.WriteFile(cacheFile(s), data, 0o644))
			}},
		{name: "cache empty", change: func(t *testing.T, s *sitetest.Site, _ *build.Options) {
			cacheMust(t, os.WriteFile(cacheFile(s), nil, 0o644))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sitetest.Write(t, readFixture(t, "basic.txtar"))
			opts := s.Options()
			if tt.setup != nil {
				tt.setup(s, &opts)
			}
			cacheBuild(t, opts)
			assertCached(t, opts)
			tt.change(t, s, &opts)
			assertFullBuild(t, s, opts)
			assertCached(t, opts)
		})
	}
}

func cacheSource(t *testing.T, s *sitetest.Site, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, name))
	cacheMust(t, err)
	return string(b)
}

func cacheMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// cacheSameSizeEdit changes one byte of a file, and with keepTime sets its
// modification time back, as a quick script or `touch -r` could.
func cacheSameSizeEdit(t *testing.T, name string, keepTime bool) {
	t.Helper()
	fi, err := os.Stat(name)
	cacheMust(t, err)
	data, err := os.ReadFile(name)
	cacheMust(t, err)
	data[len(data)/2] ^= 1
	cacheMust(t, os.WriteFile(name, data, 0o644))
	if keepTime {
		cacheMust(t, os.Chtimes(name, fi.ModTime(), fi.ModTime()))
	}
}

func TestCacheKeepsWhatDoesNotChangeOutput(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	opts := s.Options()
	cacheBuild(t, opts)
	// Keyed by content, not times: touching an input changes nothing.
	later := time.Now().Add(time.Hour)
	cacheMust(t, os.Chtimes(filepath.Join(s.Dir, "layouts/single.html"), later, later))
	assertCached(t, opts)
	// No page's date or event's end lies between noon and one.
	opts.Now = sitetest.Now.Add(time.Hour)
	assertCached(t, opts)
	// A content edit undone gives the same key again.
	orig := cacheSource(t, s, "content/about.en.md")
	s.WriteFile("content/about.en.md", orig+"more\n")
	assertFullBuild(t, s, opts)
	s.WriteFile("content/about.en.md", orig)
	assertFullBuild(t, s, opts)
	assertCached(t, opts)
}

func TestNoCacheBuildsAndStillWritesTheCache(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	opts := s.Options()
	cacheBuild(t, opts)
	opts.NoCache = true
	if sum := cacheBuild(t, opts); sum.Cached {
		t.Fatal("NoCache build was cached")
	}
	opts.NoCache = false
	assertCached(t, opts)
}

func TestFailedBuildThenFixed(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	opts := s.Options()
	cacheBuild(t, opts)
	before := cacheTree(t, filepath.Join(s.Dir, "public"))
	s.WriteFile("content/about.en.md", "---\ntitle: [About\n---\nAbout us.\n")
	for range 2 {
		// Broken input must fail every time, never come from the cache.
		if _, _, err := build.Build(opts); err == nil {
			t.Fatal("build with broken front matter succeeded")
		}
	}
	cacheCompare(t, cacheTree(t, filepath.Join(s.Dir, "public")), before)
	s.WriteFile("content/about.en.md", "---\ntitle: About\n---\nFixed.\n")
	assertFullBuild(t, s, opts)
	s.AssertFile("en/about/index.html", "Fixed.")
	assertCached(t, opts)
	// Broken and put back as it was: public/ was never replaced, so the
	// cache still describes it.
	s.WriteFile("content/about.en.md", "---\ntitle: [About\n---\n")
	if _, _, err := build.Build(opts); err == nil {
		t.Fatal("build with broken front matter succeeded")
	}
	s.WriteFile("content/about.en.md", "---\ntitle: About\n---\nFixed.\n")
	assertCached(t, opts)
}

func TestCacheThatCannotBeWrittenIsAWarning(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	// A file where the cache folder would go.
	s.WriteFile(build.CacheDir, "in the way")
	opts := s.Options()
	sum, warnings, err := build.Build(opts)
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if sum.Cached || !strings.Contains(warnings.Error(), "cannot write the build cache") {
		t.Errorf("summary %s, warnings %q; want a full build and a warning about the cache", sum, warnings.Error())
	}
	assertFullBuild(t, s, opts)
}

func TestCacheOfAnotherFolderIsNotUsed(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	opts := s.Options()
	cacheBuild(t, opts)
	other := opts
	other.Dest = "site-out"
	if sum := cacheBuild(t, other); sum.Cached {
		t.Fatal("build into another folder was cached")
	}
	assertCached(t, other)
	assertCached(t, opts)
}

func TestCachedBuildRepeatsWarnings(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	s.WriteFile("content/blank.en.md", "---\ntitle: Blank \"page\"\n---\n")
	opts := s.Options()
	_, first, err := build.Build(opts)
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if len(first) == 0 {
		t.Fatal("want a warning about the blank page")
	}
	sum, again, err := build.Build(opts)
	if err != nil || !sum.Cached {
		t.Fatalf("second build: cached %v, err %v; want it cached", sum.Cached, err)
	}
	if got, want := again.Error(), first.Error(); got != want {
		t.Errorf("cached build warns\n%s\nwant\n%s", got, want)
	}
}

// TestStaleTemporaryRecordsAreRemoved: a build killed while writing its
// record leaves a temporary file; a later build removes it once it is old,
// and leaves a fresh one (another build's, being written) alone.
func TestStaleTemporaryRecordsAreRemoved(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	opts := s.Options()
	cacheBuild(t, opts)
	stale := cacheFile(s) + ".tmp-123"
	fresh := cacheFile(s) + ".tmp-456"
	cacheMust(t, os.WriteFile(stale, []byte("torn"), 0o600))
	cacheMust(t, os.WriteFile(fresh, []byte("being written"), 0o600))
	old := time.Now().Add(-time.Hour)
	cacheMust(t, os.Chtimes(stale, old, old))
	s.WriteFile("content/about.en.md", "---\ntitle: About\n---\nChanged.\n")
	assertFullBuild(t, s, opts)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary record still there (err %v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temporary record removed: %v", err)
	}
}
