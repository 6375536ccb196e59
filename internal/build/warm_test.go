package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
)

var warmNow = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// warmServe starts a Session on dir as serve does, keeping records in its
// .puente-cache, and closes it (which writes the records). It renders the
// home pages through the Preview it hands over before the rendering
// starts, as serve's first requests, and every output through it after;
// it fails the test unless the previewed outputs and the site equal want.
func warmServe(t *testing.T, dir string, want map[string][]byte) build.WarmStats {
	t.Helper()
	sess := build.NewSession(os.DirFS(dir), build.LoadOptions{Now: warmNow})
	sess.KeepWarm(dir)
	previewed := map[string][]byte{}
	render := func(p *build.Preview, name string) {
		data, errs, ok := p.Render(name)
		if !ok || errs.HasErrors() {
			t.Errorf("preview of %s: found %v, %v", name, ok, errs)
			return
		}
		previewed[name] = data
	}
	var preview *build.Preview
	ready := func(p *build.Preview) {
		preview = p
		for _, name := range []string{"index.html", "en/index.html", "es/index.html", "en/about/index.html"} {
			render(p, name)
		}
	}
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{Ready: ready}, nil, warmNow); errs.HasErrors() {
		t.Fatal(errs)
	}
	sess.Close()
	if preview == nil {
		t.Fatal("no preview")
	}
	for name := range want {
		render(preview, name)
	}
	if _, _, ok := preview.Render("no/such/file.html"); ok {
		t.Error("the preview renders a file the site does not have")
	}
	if d := diffTrees(out.files, want); len(d) > 0 {
		t.Errorf("served site differs from a full build: %v", d)
	}
	if d := diffTrees(previewed, want); len(d) > 0 {
		t.Errorf("previewed outputs differ from a full build: %v", d)
	}
	return sess.WarmStats()
}

func contentFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			n++
		}
		return nil
	})
	return n
}

// TestWarmStart serves a site, then serves it again unchanged and after
// files were changed, added and removed: every start serves what a full
// build makes, through the preview and in full, and a warm one parses
// only the files that changed and converts only the bodies that did.
func TestWarmStart(t *testing.T) {
	dir := copySite(t)
	opts := build.LoadOptions{Now: warmNow}
	want := fullBuildWith(t, dir, opts)
	files := contentFiles(t, dir)

	cold := warmServe(t, dir, want)
	if cold != (build.WarmStats{}) {
		t.Errorf("first start took %+v from records that cannot exist", cold)
	}
	for _, rec := range []string{build.ParseRecord, build.BodiesRecord} {
		if _, err := os.Stat(filepath.Join(dir, build.CacheDir, rec)); err != nil {
			t.Fatalf("no record: %v", err)
		}
	}

	warm := warmServe(t, dir, want)
	if warm.Parsed != files || !warm.Related || warm.Bodies < files/2 {
		t.Errorf("unchanged start: took %+v of %d files", warm, files)
	}

	// A pull: bodies, front matter, a new file and a removed one.
	edit := func(name string, f func(string) string) {
		t.Helper()
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("content/about.en.md", func(s string) string { return s + "\nA new paragraph, with [a link](/en/contact/).\n" })
	edit("content/contact.es.md", func(s string) string { return s + "\nOtro párrafo.\n" })
	edit("content/disclaimer.pt.md", func(s string) string { return strings.Replace(s, "title:", "title: Novo", 1) })
	b, err := os.ReadFile(filepath.Join(dir, "content/about.en.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/about-too.en.md"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content/global-covenant-of-mayors.pt.md")); err != nil {
		t.Fatal(err)
	}
	want = fullBuildWith(t, dir, opts)
	pulled := warmServe(t, dir, want)
	// The new file has the bytes of about.en.md before its edit, which is
	// at another path: it is parsed too.
	if pulled.Parsed != files-4 || pulled.Bodies == 0 {
		t.Errorf("after 3 changes, 1 file added and 1 removed: took %+v of %d files", pulled, files)
	}
	again := warmServe(t, dir, want)
	if again.Parsed != files {
		t.Errorf("start after the pulled one: took %+v of %d files", again, files)
	}

	// Files changed long enough before a load are taken by their state
	// alone, without reading them; one changed since, even with its size
	// and modification time put back, is read again.
	defer build.SetRacyWindow(0)()
	warmServe(t, dir, want)
	unread := warmServe(t, dir, want)
	if unread.Unread != files || unread.Parsed != files {
		t.Errorf("unchanged start, files old enough: took %+v of %d files", unread, files)
	}
	p := filepath.Join(dir, "content/contact.es.md")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	edit("content/contact.es.md", func(s string) string { return strings.Replace(s, "Otro", "OTRO", 1) })
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	want = fullBuildWith(t, dir, opts)
	touched := warmServe(t, dir, want)
	if touched.Unread != files-1 || touched.Parsed != files-1 {
		t.Errorf("a file changed behind its times: took %+v of %d files", touched, files)
	}
	// A record written while every file is within the racy window keeps
	// no state: the next start reads every file.
	defer build.SetRacyWindow(time.Hour)()
	edit("content/contact.es.md", func(s string) string { return strings.Replace(s, "OTRO", "Otro", 1) })
	want = fullBuildWith(t, dir, opts)
	warmServe(t, dir, want)
	if racy := warmServe(t, dir, want); racy.Unread != 0 || racy.Parsed != files {
		t.Errorf("files changed within the racy window: took %+v of %d files", racy, files)
	}
}

// TestWarmRecordsNotTrusted spoils the records in every way a disk, an
// editor or another program can and checks that each start is then a
// cold one that serves what a full build makes.
func TestWarmRecordsNotTrusted(t *testing.T) {
	dir := copySite(t)
	want := fullBuildWith(t, dir, build.LoadOptions{Now: warmNow})
	warmServe(t, dir, want)
	cache := filepath.Join(dir, build.CacheDir)
	good := map[string][]byte{}
	for _, rec := range []string{build.ParseRecord, build.BodiesRecord} {
		b, err := os.ReadFile(filepath.Join(cache, rec))
		if err != nil {
			t.Fatal(err)
		}
		good[rec] = b
	}
	put := func(f func(rec string, b []byte) []byte) {
		t.Helper()
		for rec, b := range good {
			if err := os.WriteFile(filepath.Join(cache, rec), f(rec, append([]byte(nil), b...)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	cold := func(what string) {
		t.Helper()
		if st := warmServe(t, dir, want); st != (build.WarmStats{}) {
			t.Errorf("%s: took %+v from the records", what, st)
		}
	}

	put(func(_ string, b []byte) []byte { return b })
	if st := warmServe(t, dir, want); st.Parsed == 0 || st.Bodies == 0 {
		t.Fatalf("the good records were not used: %+v", st)
	}
	for _, cut := range []int{1, 32, 100} {
		put(func(_ string, b []byte) []byte { return b[:len(b)-cut] })
		cold("truncated")
	}
	for _, at := range []float64{0.01, 0.5, 0.99} {
		put(func(_ string, b []byte) []byte { b[int(float64(len(b))*at)] ^= 0x10; return b })
		cold("a bit flipped")
	}
	put(func(string, []byte) []byte { return nil })
	cold("empty")

	// Another program's records.
	put(func(_ string, b []byte) []byte { return b })
	restore := build.SetBinaryHash([32]byte{1, 2, 3})
	cold("another program")
	restore()

	// Another site's: the records of this one, copied beside a copy of it.
	other := copySite(t)
	for rec, b := range good {
		if err := os.MkdirAll(filepath.Join(other, build.CacheDir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(other, build.CacheDir, rec), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if st := warmServe(t, other, want); st != (build.WarmStats{}) {
		t.Errorf("another site's records: took %+v", st)
	}

	// Other content options: a language more reads every file name
	// otherwise. The bodies stay usable under their own rules, the parses
	// not.
	put(func(_ string, b []byte) []byte { return b })
	edit := filepath.Join(dir, "site.yaml")
	y, err := os.ReadFile(edit)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edit, []byte(strings.Replace(string(y), "defaultLanguage: en", "defaultLanguage: es", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(y), "defaultLanguage: en") {
		t.Fatal("site.yaml has no defaultLanguage: en to change")
	}
	want = fullBuildWith(t, dir, build.LoadOptions{Now: warmNow})
	if st := warmServe(t, dir, want); st.Parsed != 0 || st.Related {
		t.Errorf("other content options: took %+v", st)
	}
}
