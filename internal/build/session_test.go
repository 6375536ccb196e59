package build_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/corpus"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// memOut is an in-memory build.Remover.
type memOut struct {
	mu    sync.Mutex
	files map[string][]byte
	// touched are the files written or removed since the last take.
	touched []string
}

func (m *memOut) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = append([]byte(nil), data...)
	m.touched = append(m.touched, name)
	return nil
}

func (m *memOut) Remove(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.files, name)
	m.touched = append(m.touched, name)
}

// servedOut is an output as serve's in-memory site is one: it keeps the
// bytes it is given (build.Adopter), which the Session may share with
// what it keeps. It remembers a hash of each file adopted, so that a test
// can check that nothing changed adopted bytes since (mutated).
type servedOut struct {
	*memOut
	sums map[string][32]byte
}

func newServedOut() *servedOut {
	return &servedOut{memOut: &memOut{files: map[string][]byte{}}, sums: map[string][32]byte{}}
}

func (s *servedOut) Adopt(name string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = data
	s.sums[name] = sha256.Sum256(data)
	s.touched = append(s.touched, name)
}

// mutated returns the adopted files whose bytes changed since.
func (s *servedOut) mutated() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var changed []string
	for name, sum := range s.sums {
		if data, ok := s.files[name]; ok && sha256.Sum256(data) != sum {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	return changed
}

// take returns the files written or removed since the last take, sorted
// and joined by spaces.
func (m *memOut) take() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	slices.Sort(m.touched)
	s := strings.Join(m.touched, " ")
	m.touched = nil
	return s
}

// fullBuild renders the site from scratch into memory.
func fullBuild(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := &memOut{files: map[string][]byte{}}
	s, errs := build.Load(os.DirFS(dir), build.LoadOptions{Now: sitetest.Now})
	if errs.HasErrors() {
		t.Fatalf("full build: %v", errs)
	}
	if _, _, errs := build.Render(s, out, build.RenderOptions{}); errs.HasErrors() {
		t.Fatalf("full render: %v", errs)
	}
	return out.files
}

func diffTrees(a, b map[string][]byte) []string {
	var diffs []string
	for name, data := range a {
		if other, ok := b[name]; !ok {
			diffs = append(diffs, "only in incremental: "+name)
		} else if !bytes.Equal(data, other) {
			diffs = append(diffs, "differs: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, "only in full: "+name)
		}
	}
	sort.Strings(diffs)
	return diffs
}

// TestIncrementalRebuildEqualsFullBuild applies random edits (add, change,
// delete, rename, translate) one at a time, rebuilds incrementally, and
// compares the result with a fresh full build after every step.
// servedBasic writes the basic fixture and builds it with a Session into
// memory, as serve's first build does.
func servedBasic(t *testing.T) (*sitetest.Site, *build.Session, *memOut) {
	t.Helper()
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	return s, sess, out
}

// homeShowsEverything is a home layout that shows, for the first items
// of every section, everything their front matter holds, by reflection:
// also fields that no code of the build names.
const homeShowsEverything = `-- layouts/home.html --
{{ define "main" }}home {{ .Title }}
{{ range $k, $sec := .Site.Sections }}{{ range $i, $it := $sec.Items }}{{ if lt $i 2 }}latest {{ $k }} {{ $it.Page.Title }} {{ $it.Page.Summary }} {{ with $it.Page.File }}{{ printf "%v" .Front }}{{ end }}
{{ end }}{{ end }}{{ end }}{{ end }}
`

func TestIncrementalRebuildEqualsFullBuild(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+homeShowsEverything)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	rng := rand.New(rand.NewSource(1))
	early := 0 // rebuilds that published edited pages first
	themes := []string{"cross-border", "innovation"}
	langs := []string{"en", "es", "pt"}
	steps := 40
	if testing.Short() {
		steps = 10
	}
	for step := 0; step < steps; step++ {
		var events []string
		filepath.Walk(filepath.Join(s.Dir, "content", "events"), func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() && !strings.Contains(p, "_index") {
				rel, _ := filepath.Rel(s.Dir, p)
				events = append(events, filepath.ToSlash(rel))
			}
			return nil
		})
		sort.Strings(events)
		var changed []string
		var what string
		switch op := rng.Intn(10); {
		case op == 0 || len(events) < 2: // add
			name := fmt.Sprintf("content/events/new-%d.%s.md", step, langs[rng.Intn(3)])
			s.WriteFile(name, fmt.Sprintf("---\ntitle: New %d\nstart: 2019-%02d-%02d\nattendance: online\nthemes: [%s]\nregions: [mexico-guatemala]\n---\nBody %d, see [kickoff](/en/events/kickoff/).\n", step, 1+rng.Intn(12), 1+rng.Intn(28), themes[rng.Intn(2)], step))
			changed, what = []string{name}, "add "+name
		case op == 1: // change
			name := events[rng.Intn(len(events))]
			s.WriteFile(name, fmt.Sprintf("---\ntitle: Changed %d\nstart: 20%02d-05-05\nattendance: online\nthemes: [%s]\n---\nChanged body %d.\n", step, 17+rng.Intn(5), themes[rng.Intn(2)], step))
			changed, what = []string{name}, "change "+name
		case op == 2: // delete
			name := events[rng.Intn(len(events))]
			if strings.Contains(name, "kickoff.en") {
				continue // other pages link to it
			}
			s.Remove(name)
			changed, what = []string{name}, "delete "+name
		case op == 3: // rename
			name := events[rng.Intn(len(events))]
			if strings.Contains(name, "kickoff.en") {
				continue
			}
			to := fmt.Sprintf("content/events/renamed-%d.en.md", step)
			if err := os.Rename(filepath.Join(s.Dir, name), filepath.Join(s.Dir, to)); err != nil {
				t.Fatal(err)
			}
			changed, what = []string{name, to}, "rename "+name+" to "+to
		case op == 4: // translate
			name := events[rng.Intn(len(events))]
			base := strings.TrimSuffix(name, ".md")
			base = base[:strings.LastIndex(base, ".")]
			to := base + "." + langs[rng.Intn(3)] + ".md"
			if s.Exists("../" + to) {
				continue
			}
			if _, err := os.Stat(filepath.Join(s.Dir, to)); err == nil {
				continue
			}
			s.WriteFile(to, fmt.Sprintf("---\ntitle: Traducción %d\nstart: 2018-03-03\nattendance: online\n---\nTraducido.\n", step))
			changed, what = []string{to}, "translate to "+to
		case op == 5: // body only: every card stays as it was
			name := events[rng.Intn(len(events))]
			text := readFile(t, s, name)
			end := strings.Index(text[3:], "---") + 6
			s.WriteFile(name, text[:end]+fmt.Sprintf("\nBody only, step %d.\n", step))
			changed, what = []string{name}, "body of "+name
		case op == 6: // title, summary, location only: the page first, then its lists
			name := events[rng.Intn(len(events))]
			text := readFile(t, s, name)
			front := regexp.MustCompile(`(?m)^(title|summary|location): .*\n`).ReplaceAllString(text, "")
			s.WriteFile(name, strings.Replace(front, "---\n", fmt.Sprintf("---\ntitle: Retitled %d\nsummary: Step %d.\nlocation: Place %d\n", step, step, step), 1))
			changed, what = []string{name}, "title and location of "+name
		case op == 7: // another year
			name := events[rng.Intn(len(events))]
			text := regexp.MustCompile(`(?m)^(start|end): (\d{4})`).ReplaceAllStringFunc(readFile(t, s, name), func(m string) string {
				return m[:len(m)-4] + fmt.Sprint(2015+rng.Intn(8))
			})
			s.WriteFile(name, text)
			changed, what = []string{name}, "year of "+name
		case op == 8: // summary only
			name := events[rng.Intn(len(events))]
			text := regexp.MustCompile(`(?m)^summary: .*\n`).ReplaceAllString(readFile(t, s, name), "")
			s.WriteFile(name, strings.Replace(text, "---\n", fmt.Sprintf("---\nsummary: Summary %d.\n", step), 1))
			changed, what = []string{name}, "summary of "+name
		case op == 9: // a field only a layout reads: venue, registration
			name := events[rng.Intn(len(events))]
			text := regexp.MustCompile(`(?m)^(venue|registration): .*\n`).ReplaceAllString(readFile(t, s, name), "")
			s.WriteFile(name, strings.Replace(text, "---\n", fmt.Sprintf("---\nvenue: Hall %d\nregistration: https://example.org/%d\n", step, step), 1))
			changed, what = []string{name}, "venue of "+name
		}
		if _, errs := sess.Rebuild(out, build.RenderOptions{EarlyPages: func() { early++ }}, changed, sitetest.Now); errs.HasErrors() {
			t.Fatalf("step %d (%s): %v", step, what, errs)
		}
		if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
			t.Fatalf("step %d (%s): incremental differs from full build:\n%s", step, what, strings.Join(d, "\n"))
		}
	}
	if early == 0 && !testing.Short() {
		t.Error("no step published an edited page first")
	}
}

// TestEarlyPages checks serve's early path: a title and summary edit
// publishes the event's page before the rebuild goes on, while lists still
// show the old title, and the rebuild then ends where a full build does.
// Edits a list could not follow from the page alone take the rebuild only.
func TestEarlyPages(t *testing.T) {
	s, sess, out := servedBasic(t)
	const (
		name = "content/events/kickoff.en.md"
		page = "en/events/kickoff/index.html"
		list = "en/events/index.xml" // the section's feed: the test layouts list URLs only
	)
	original := readFile(t, s, name)
	rebuild := func(text string) (calls int, pageThen, listThen string) {
		t.Helper()
		s.WriteFile(name, text)
		opts := build.RenderOptions{EarlyPages: func() {
			calls++
			pageThen, listThen = string(out.files[page]), string(out.files[list])
		}}
		if _, errs := sess.Rebuild(out, opts, []string{name}, sitetest.Now); errs.HasErrors() {
			t.Fatal(errs)
		}
		if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
			t.Fatalf("after the rebuild: %s", strings.Join(d, "\n"))
		}
		return calls, pageThen, listThen
	}

	retitled := strings.Replace(original, "title: Kickoff", "title: Opening session\nsummary: Where it all began.", 1)
	calls, pageThen, listThen := rebuild(retitled)
	if calls != 1 {
		t.Fatalf("title edit: EarlyPages called %d times, want 1", calls)
	}
	if !strings.Contains(pageThen, "Opening session") {
		t.Error("title edit: the page published first does not show the new title")
	}
	if strings.Contains(listThen, "Opening session") || !strings.Contains(listThen, "Kickoff") {
		t.Error("title edit: the feed changed before the rebuild")
	}
	if l := string(out.files[list]); !strings.Contains(l, "Opening session") || !strings.Contains(l, "Where it all began.") {
		t.Error("title edit: the feed does not show the new title and summary after the rebuild")
	}

	// Other edits publish the page first too, rendered from the new model
	// (so never stale), before its lists; open pages are told once, at the
	// end (no EarlyPages).
	for _, c := range []struct{ what, text string }{
		{"a date", strings.Replace(retitled, "start: 2019-10-07", "start: 2019-10-08", 1)},
		{"a theme", strings.Replace(retitled, "themes: [cross-border, innovation]", "themes: [innovation]", 1)},
	} {
		out.take()
		out.mu.Lock()
		out.touched = nil
		out.mu.Unlock()
		calls, _, _ := rebuild(c.text)
		if calls != 0 {
			t.Errorf("%s: EarlyPages called %d times; the page alone cannot show that", c.what, calls)
		}
		out.mu.Lock()
		order := slices.Clone(out.touched)
		out.mu.Unlock()
		first := slices.Index(order, page)
		if first < 0 || len(order) < 2 {
			t.Fatalf("%s: published %v", c.what, order)
		}
		for _, other := range order[first+1:] {
			if other == page {
				t.Errorf("%s: the page was published twice", c.what)
			}
		}
		if first != 0 && !strings.HasPrefix(order[0], "en/events/kickoff/") {
			t.Errorf("%s: %s published before the edited page (%v)", c.what, order[0], order)
		}
	}
	s.WriteFile(name, strings.Replace(retitled, "title: Opening session", "title: [Opening", 1))
	calls = 0
	sess.Rebuild(out, build.RenderOptions{EarlyPages: func() { calls++ }}, []string{name}, sitetest.Now)
	if calls != 0 {
		t.Errorf("a broken front matter: EarlyPages called")
	}
	if calls, _, _ := rebuild(original); calls != 0 {
		t.Error("after a broken front matter: EarlyPages called, but the last rebuild failed")
	}

	region := "content/regions/mexico-guatemala.en.md"
	text := readFile(t, s, region)
	i := strings.Index(text, "\ntitle:")
	s.WriteFile(region, text[:i]+"\ntitle: Renamed region"+text[i+1+strings.Index(text[i+1:], "\n"):])
	const regionPage = "en/regions/mexico-guatemala/index.html"
	calls = 0
	if _, errs := sess.Rebuild(out, build.RenderOptions{EarlyPages: func() { calls++ }}, []string{region}, sitetest.Now); errs.HasErrors() || calls != 0 {
		t.Errorf("region title: EarlyPages called %d times (want 0), errors %v", calls, errs)
	}
	full := fullBuild(t, s.Dir)
	if full[regionPage] == nil {
		t.Fatalf("no %s in the full build", regionPage)
	}
	if d := diffTrees(out.files, full); len(d) > 0 {
		t.Errorf("after a region's title changed: %s", strings.Join(d, "\n"))
	}
}

// An event's location and venue show on its page from its own file, and
// the model does not read them: the page is published first, its calendar
// follows with the rebuild.
func TestEarlyPagesShowOwnFields(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- layouts/event.html --
{{ define "main" }}event {{ .Title }} at {{ .File.Front.Location }}, {{ .File.Front.Venue }}{{ end }}
`)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	const (
		name     = "content/events/kickoff.en.md"
		page     = "en/events/kickoff/index.html"
		calendar = "en/events/kickoff/" + render.EventCalendarName
	)
	if !strings.Contains(string(out.files[calendar]), "Brussels") {
		t.Fatalf("%s does not show the location:\n%s", calendar, out.files[calendar])
	}
	s.WriteFile(name, strings.Replace(readFile(t, s, name), "location: Brussels", "location: Lisbon\nvenue: Tagus Hall", 1))
	calls := 0
	var pageThen, calendarThen string
	opts := build.RenderOptions{EarlyPages: func() {
		calls++
		pageThen, calendarThen = string(out.files[page]), string(out.files[calendar])
	}}
	if _, errs := sess.Rebuild(out, opts, []string{name}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if calls != 1 {
		t.Fatalf("EarlyPages called %d times, want 1", calls)
	}
	if !strings.Contains(pageThen, "at Lisbon, Tagus Hall") {
		t.Errorf("the page published first does not show the new location and venue:\n%s", pageThen)
	}
	if !strings.Contains(calendarThen, "Brussels") {
		t.Error("the calendar changed before the rebuild")
	}
	if !strings.Contains(string(out.files[calendar]), "Lisbon") {
		t.Error("the calendar does not show the new location after the rebuild")
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("after the rebuild: %s", strings.Join(d, "\n"))
	}
}

func TestIncrementalRebuildRendersOnlyWhatChanged(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	all, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	// A body-only change publishes that page, and the search index of its
	// language, alone.
	out.take()
	s.WriteFile("content/about.pt.md", "---\ntitle: Sobre\nslug: sobre\n---\nOutro texto.\n")
	n, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"content/about.pt.md"}, sitetest.Now)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	pagesBefore := countPages(out)
	if got := out.take(); !bodyEditPublished(got, n, "pt/sobre/index.html", "pt") {
		t.Errorf("a body edit published %d files of %d (%d pages): %s, want pt/sobre/index.html and parts of the pt search index", n, all, pagesBefore, got)
	}
	if !strings.Contains(string(out.files["pt/sobre/index.html"]), "Outro texto.") {
		t.Error("edited page not rendered")
	}
	// A kind's layout change changes the pages of that kind: the 404 pages.
	s.WriteFile("layouts/404.html", `{{ define "main" }}{{ T "not_found" }}!{{ end }}`)
	n, errs = sess.Rebuild(out, build.RenderOptions{}, []string{"layouts/404.html"}, sitetest.Now)
	if errs.HasErrors() || n != 4 {
		t.Errorf("404 layout change published %d files, want 4 (three languages and the root): %v", n, errs)
	}
	if !strings.Contains(string(out.files["es/404.html"]), "Página no encontrada!") {
		t.Error("404 page not rendered again")
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Errorf("after a kind layout change: %s", strings.Join(d, "\n"))
	}
	// The base layout is used by every page.
	s.WriteFile("layouts/baseof.html", strings.Replace(readFile(t, s, "layouts/baseof.html"), "<body>", "<body class=x>", 1))
	n, errs = sess.Rebuild(out, build.RenderOptions{}, []string{"layouts/baseof.html"}, sitetest.Now)
	if errs.HasErrors() || n != countWith(out, "<body class=x>") {
		t.Errorf("base layout change published %d files, want every page made from it (%d): %v", n, countWith(out, "<body class=x>"), errs)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Errorf("after a base layout change: %s", strings.Join(d, "\n"))
	}
	// UI strings and settings.
	s.WriteFile("layouts/i18n/pt.yaml", "not_found: Não encontrada\n")
	s.WriteFile("site.yaml", strings.Replace(readFile(t, s, "site.yaml"), "pagination: 2", "pagination: 1", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"layouts/i18n/pt.yaml", "site.yaml"}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Errorf("after settings and UI strings changed: %s", strings.Join(d, "\n"))
	}
}

// bodyEditPublished reports whether the files published (out.take) are
// the edited page, the chunk of the search index that holds it and terms
// files of that index, and n counts them: a body edit changes neither the
// manifest nor another language's index.
func bodyEditPublished(got string, n int, page, lang string) bool {
	files := strings.Fields(got)
	if n != len(files) || !slices.Contains(files, page) || len(slices.DeleteFunc(slices.Clone(files), func(f string) bool { return !isChunk(f, lang) })) != 1 {
		return false
	}
	for _, f := range files {
		if f != page && !strings.HasPrefix(f, lang+"/search/t-") && !isChunk(f, lang) {
			return false
		}
	}
	return true
}

// isChunk reports whether an output is a chunk of a language's search
// index.
func isChunk(f, lang string) bool {
	return strings.HasPrefix(f, lang+"/search/p-") && strings.HasSuffix(f, ".json")
}

// countWith counts the files that hold text.
func countWith(m *memOut, text string) int {
	n := 0
	for _, data := range m.files {
		if bytes.Contains(data, []byte(text)) {
			n++
		}
	}
	return n
}

func countPages(m *memOut) int {
	n := 0
	for name := range m.files {
		if strings.HasSuffix(name, "index.html") {
			n++
		}
	}
	return n
}

func readFile(t *testing.T, s *sitetest.Site, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBodyEdit covers serve's commonest change, an edit below the front
// matter: it renders the one page, a mistake in it keeps the last good
// output, and the fix brings back exactly what a full build writes.
func TestBodyEdit(t *testing.T) {
	s, sess, out := servedBasic(t)
	const name = "content/about.en.md"
	original := readFile(t, s, name)
	edit := func(body string) (int, []string) {
		t.Helper()
		s.WriteFile(name, strings.Replace(original, "About us.", body, 1))
		n, errs := sess.Rebuild(out, build.RenderOptions{}, []string{name}, sitetest.Now)
		var msgs []string
		for _, e := range errs.Errors() {
			msgs = append(msgs, e.Error())
		}
		return n, msgs
	}
	out.take()
	n, errs := edit("About us, edited.")
	if got := out.take(); len(errs) > 0 || !bodyEditPublished(got, n, "en/about/index.html", "en") {
		t.Fatalf("body edit published %d files: %s (want en/about/index.html and parts of the en search index): %v", n, got, errs)
	}
	if !strings.Contains(string(out.files["en/about/index.html"]), "About us, edited.") {
		t.Error("edited page not served")
	}
	before := out.files["en/about/index.html"]
	_, errs = edit("See [nowhere](/en/events/nowhere/).")
	if len(errs) != 1 || !strings.Contains(errs[0], name) {
		t.Fatalf("broken link in a body: got %v, want one error naming %s", errs, name)
	}
	if !bytes.Equal(out.files["en/about/index.html"], before) {
		t.Error("a failed rebuild changed the served page")
	}
	// Fixed again, by a body edit too, then a link to a content file.
	if _, errs := edit("About us, fixed."); len(errs) > 0 {
		t.Fatal(errs)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("after the fix: %s", strings.Join(d, "\n"))
	}
	if _, errs := edit("See [the kickoff](/events/kickoff.md)."); len(errs) > 0 {
		t.Fatal(errs)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("after a link to a content file: %s", strings.Join(d, "\n"))
	}
	// A title edit is not a body edit: lists show it.
	s.WriteFile(name, strings.Replace(original, "title: ", "title: New ", 1))
	if n, errs := sess.Rebuild(out, build.RenderOptions{}, []string{name}, sitetest.Now); errs.HasErrors() || n < 2 {
		t.Fatalf("title edit rendered %d files: %v", n, errs)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("after a title edit: %s", strings.Join(d, "\n"))
	}
}

// With the site's own theme, a page published early is byte for byte the
// page the rebuild renders: for an event, a newsletter and a case study
// whose title and own fields changed.
func TestEarlyPagesWithTheSiteTheme(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Generate(dir, corpus.Options{Groups: 200, Seed: 1, Layouts: "../../layouts", Assets: "../../assets"}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	sess := build.NewSession(os.DirFS(dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, now); errs.HasErrors() {
		t.Fatal(errs)
	}
	edits := strings.NewReplacer(
		"\ntitle: \"", "\ntitle: \"Edited ",
		"\nlocation: \"", "\nlocation: \"Edited ",
		"\nvenue: \"", "\nvenue: \"Edited ",
		"\ncities: [", "\ncities: [\"Edited\", ",
		"\npartners: [", "\npartners: [\"Edited\", ",
	)
	for _, kind := range []string{"events", "newsletters", "case-studies"} {
		matches, _ := filepath.Glob(filepath.Join(dir, "content", kind, "*.en.md"))
		sort.Strings(matches)
		rel, _ := filepath.Rel(dir, matches[len(matches)/2])
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		text := regexp.MustCompile(`\nissue: \d+`).ReplaceAllString(edits.Replace(string(data)), "\nissue: 9999")
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		var own, early string
		for _, p := range sess.Site().Model.Pages {
			if p.File != nil && p.File.Path == rel {
				own = p.OutputPath
			}
		}
		opts := build.RenderOptions{EarlyPages: func() { early = string(out.files[own]) }}
		if _, errs := sess.Rebuild(out, opts, []string{rel}, now); errs.HasErrors() {
			t.Fatal(errs)
		}
		if !strings.Contains(early, "Edited") {
			t.Fatalf("%s: not published early with the edit", own)
		}
		if early != string(out.files[own]) {
			t.Errorf("%s: the page published early differs from the rebuild's", own)
		}
	}
}

// Body edits to two pages in a row: the second edit's search index still
// holds the first page's new text, though the model, built before both,
// still holds the first page's old file.
func TestBodyEditsKeepTheSearchIndex(t *testing.T) {
	s, sess, out := servedBasic(t)
	for i, name := range []string{"content/about.en.md", "content/events/kickoff.en.md"} {
		s.WriteFile(name, readFile(t, s, name)+fmt.Sprintf("\nZanzibar quokka %d.\n", i))
		out.take()
		if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{name}, sitetest.Now); errs.HasErrors() {
			t.Fatal(errs)
		}
		if got := out.take(); !slices.ContainsFunc(strings.Fields(got), func(f string) bool { return isChunk(f, "en") }) {
			t.Fatalf("edit %d published %s, not the search index", i, got)
		}
		if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
			t.Fatalf("after edit %d: serve differs from a full build:\n%s", i, strings.Join(d, "\n"))
		}
	}
}

// TestInheritedPartialShowingABodyIsMadeAgain: a cached partial that
// shows a page's body is not taken over from the last rendering when a
// link in that body now goes elsewhere, though the page's file is as it
// was: the body depends on its links' answers too.
func TestInheritedPartialShowingABodyIsMadeAgain(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	s.WriteFile("layouts/event.html", "{{ define \"main\" }}event {{ .Title }}\n{{ partialCached \"partials/body.html\" . .URL }}{{ end }}\n")
	s.WriteFile("layouts/partials/body.html", "{{ .Content }}")
	s.WriteFile("content/events/linker.en.md", "---\ntitle: Linker\nstart: 2019-05-05\nattendance: online\n---\nSee [the old one](old.md).\n")
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	const page = "en/events/linker/index.html"
	if !strings.Contains(string(out.files[page]), `href="/en/events/old/"`) {
		t.Fatalf("%s does not link to the old event:\n%s", page, out.files[page])
	}
	text := readFile(t, s, "content/events/old.en.md")
	s.WriteFile("content/events/old.en.md", strings.Replace(text, "---\n", "---\nslug: ancient\n", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"content/events/old.en.md"}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if !strings.Contains(string(out.files[page]), `href="/en/events/ancient/"`) {
		t.Errorf("after the slug edit, %s does not link to the event's new URL:\n%s", page, out.files[page])
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Errorf("serve differs from a full build:\n%s", strings.Join(d, "\n"))
	}
}

// readCounter is a file system that counts the files read under a prefix.
type readCounter struct {
	fs.FS
	mu     sync.Mutex
	prefix string
	read   []string
}

func (c *readCounter) Open(name string) (fs.File, error) {
	if strings.HasPrefix(name, c.prefix) {
		c.mu.Lock()
		c.read = append(c.read, name)
		c.mu.Unlock()
	}
	return c.FS.Open(name)
}

func (c *readCounter) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	read := c.read
	c.read = nil
	return read
}

// TestBodyEditKeepsOtherLanguagesTexts: an edit of an English body
// indexes again only the languages that list the page, and what the
// search indexes keep of the other languages' bodies stays: the next edit,
// of a Spanish title, reads no Spanish body but its own file's.
func TestBodyEditKeepsOtherLanguagesTexts(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	fsys := &readCounter{FS: os.DirFS(s.Dir), prefix: "content/"}
	sess := build.NewSession(fsys, build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	s.WriteFile("content/about.en.md", readFile(t, s, "content/about.en.md")+"\nMore about us.\n")
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"content/about.en.md"}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	const edited = "content/events/old.es.md"
	s.WriteFile(edited, strings.Replace(readFile(t, s, edited), "title: ", "title: Nuevo ", 1))
	fsys.take()
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{edited}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	for _, name := range fsys.take() {
		if strings.HasSuffix(name, ".es.md") && name != edited {
			t.Errorf("the Spanish title edit read %s again", name)
		}
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Errorf("serve differs from a full build:\n%s", strings.Join(d, "\n"))
	}
}
