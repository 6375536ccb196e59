package build_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
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
