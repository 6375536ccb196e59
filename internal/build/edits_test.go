package build_test

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// editKinds are the edits randomEdit makes, each a content edit an
// editor makes in serve.
var editKinds = []string{"body", "title", "summary", "date", "year", "regions", "themes", "translationKey", "slug",
	"draft", "add", "delete", "rename", "translate", "untranslate", "field"}

// editor makes random edits of content files in a site folder.
type editor struct {
	dir     string
	rng     *rand.Rand
	regions []string
	themes  []string
	step    int
}

var startYear = regexp.MustCompile(`(?m)^start: (\d{4})-`)

var listLine = regexp.MustCompile(`(?m)^(regions|themes): \[(.*)\]$`)

func newEditor(dir string, seed int64) *editor {
	e := &editor{dir: dir, rng: rand.New(rand.NewSource(seed))}
	seen := map[string]bool{}
	for _, f := range e.files("") {
		for _, m := range listLine.FindAllStringSubmatch(e.read(f), -1) {
			for _, v := range strings.Split(m[2], ",") {
				v = strings.TrimSpace(v)
				if v == "" || seen[m[1]+v] {
					continue
				}
				seen[m[1]+v] = true
				if m[1] == "regions" {
					e.regions = append(e.regions, v)
				} else {
					e.themes = append(e.themes, v)
				}
			}
		}
	}
	slices.Sort(e.regions)
	slices.Sort(e.themes)
	return e
}

// files lists the content files of the sections with dated entries
// (events, newsletters, case studies), of one section if given.
func (e *editor) files(section string) []string {
	var out []string
	for _, sec := range []string{"events", "newsletters", "case-studies"} {
		if section != "" && sec != section {
			continue
		}
		filepath.WalkDir(filepath.Join(e.dir, "content", sec), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.Contains(p, "_index") {
				rel, _ := filepath.Rel(e.dir, p)
				out = append(out, filepath.ToSlash(rel))
			}
			return nil
		})
	}
	slices.Sort(out)
	return out
}

func (e *editor) read(name string) string {
	b, _ := os.ReadFile(filepath.Join(e.dir, name))
	return string(b)
}

func (e *editor) write(name, text string) {
	os.MkdirAll(filepath.Dir(filepath.Join(e.dir, name)), 0o755)
	if err := os.WriteFile(filepath.Join(e.dir, name), []byte(text), 0o644); err != nil {
		panic(err)
	}
}

// setField sets a front matter field to value ("" removes it).
func setField(text, key, value string) string {
	re := regexp.MustCompile(`(?m)^` + key + `:.*\n`)
	text = re.ReplaceAllString(text, "")
	if value == "" {
		return text
	}
	return strings.Replace(text, "---\n", "---\n"+key+": "+value+"\n", 1)
}

func (e *editor) pick(list []string) string { return list[e.rng.Intn(len(list))] }

func (e *editor) subset(list []string) string {
	var out []string
	for _, v := range list {
		if e.rng.Intn(2) == 0 {
			out = append(out, v)
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// langOf is the language code of a content file name (x.en.md).
func langOf(name string) (base, lang string) {
	s := strings.TrimSuffix(name, ".md")
	i := strings.LastIndex(s, ".")
	return s[:i], s[i+1:]
}

// edit makes one edit of kind and returns the changed paths and what it
// did; nil when the kind does not apply now.
func (e *editor) edit(kind string) ([]string, string) {
	e.step++
	all := e.files("")
	events := e.files("events")
	if len(all) == 0 || len(events) == 0 {
		return nil, ""
	}
	name := e.pick(all)
	text := e.read(name)
	if !strings.HasPrefix(text, "---\n") {
		return nil, ""
	}
	switch kind {
	case "body":
		end := strings.Index(text[4:], "\n---\n") + 9
		e.write(name, text[:end]+fmt.Sprintf("\nBody of step %d.\n", e.step))
	case "title":
		e.write(name, setField(text, "title", fmt.Sprintf("Title %d", e.step)))
	case "summary":
		e.write(name, setField(text, "summary", fmt.Sprintf("Summary %d.", e.step)))
	case "date", "year":
		name = e.pick(events)
		text = e.read(name)
		// A date edit keeps the event in its year, moving it within its
		// lists; a year edit moves it among the years.
		year := "2019"
		if m := startYear.FindStringSubmatch(text); m != nil {
			year = m[1]
		}
		if kind == "year" {
			year = fmt.Sprint(2015 + e.rng.Intn(8))
		}
		text = setField(text, "end", "")
		e.write(name, setField(text, "start", fmt.Sprintf("%s-%02d-%02d", year, 1+e.rng.Intn(12), 1+e.rng.Intn(28))))
	case "regions":
		if len(e.regions) == 0 {
			return nil, ""
		}
		e.write(name, setField(text, "regions", e.subset(e.regions)))
	case "themes":
		if len(e.themes) == 0 {
			return nil, ""
		}
		e.write(name, setField(text, "themes", e.subset(e.themes)))
	case "translationKey":
		key := fmt.Sprintf("key-%d", e.step)
		if e.rng.Intn(2) == 0 {
			key = ""
		}
		e.write(name, setField(text, "translationKey", key))
	case "slug":
		slug := fmt.Sprintf("slug-%d", e.step)
		if e.rng.Intn(3) == 0 {
			slug = ""
		}
		e.write(name, setField(text, "slug", slug))
	case "draft":
		if strings.Contains(text, "\ndraft: true") {
			e.write(name, setField(text, "draft", ""))
		} else {
			e.write(name, setField(text, "draft", "true"))
		}
	case "add":
		name = fmt.Sprintf("content/events/added-%d.%s.md", e.step, e.pick([]string{"en", "es", "pt"}))
		e.write(name, fmt.Sprintf("---\ntitle: Added %d\nstart: 2019-%02d-%02d\nattendance: online\n---\nAdded body %d.\n", e.step, 1+e.rng.Intn(12), 1+e.rng.Intn(28), e.step))
	case "delete", "untranslate":
		if kind == "untranslate" {
			base, _ := langOf(name)
			if !slices.ContainsFunc(all, func(o string) bool { b, _ := langOf(o); return b == base && o != name }) {
				return nil, ""
			}
		}
		if len(events) < 3 {
			return nil, ""
		}
		os.Remove(filepath.Join(e.dir, name))
	case "rename":
		base, lang := langOf(name)
		to := fmt.Sprintf("%s/renamed-%d.%s.md", path.Dir(base), e.step, lang)
		if err := os.Rename(filepath.Join(e.dir, name), filepath.Join(e.dir, to)); err != nil {
			panic(err)
		}
		return []string{name, to}, kind + " " + name + " to " + to
	case "field":
		// Any field the kind's schema has, with a value of its type (or
		// none): the fields no other kind edits, and any added later.
		kind, ok := sectionKinds[strings.Split(name, "/")[1]]
		if !ok {
			return nil, ""
		}
		fields := content.Schema(kind)
		f := fields[e.rng.Intn(len(fields))]
		e.write(name, setField(text, f.Name, e.value(f)))
		return []string{name}, "field " + f.Name + " of " + name
	case "translate":
		base, _ := langOf(name)
		to := base + "." + e.pick([]string{"en", "es", "pt"}) + ".md"
		if _, err := os.Stat(filepath.Join(e.dir, to)); err == nil {
			return nil, ""
		}
		e.write(to, setField(text, "title", fmt.Sprintf("Translated %d", e.step)))
		name = to
	}
	return []string{name}, kind + " " + name
}

// sectionKinds are the kinds of the pages of the sections editor.files
// lists.
var sectionKinds = map[string]content.Kind{"events": content.KindEvent, "newsletters": content.KindNewsletter, "case-studies": content.KindCaseStudy}

// value is a value of f's type for the step, as YAML, or "" (one time in
// five) to remove the field. Values that name something (a region, an
// asset) are sometimes ones the site does not have: the full build must
// then refuse the edit too.
func (e *editor) value(f content.FieldSpec) string {
	if e.rng.Intn(5) == 0 {
		return ""
	}
	n := e.step
	switch f.Type {
	case content.TypeInt:
		return fmt.Sprint(e.rng.Intn(20))
	case content.TypeBool:
		return e.pick([]string{"true", "false"})
	case content.TypeDate:
		return fmt.Sprintf("%d-%02d-%02d", 2015+e.rng.Intn(8), 1+e.rng.Intn(12), 1+e.rng.Intn(28))
	case content.TypeList:
		switch f.Ref {
		case content.RefRegion:
			return e.subset(e.regions)
		case content.RefTheme:
			return e.subset(e.themes)
		case content.RefCountry:
			return e.subset([]string{"AR", "BR", "ES", "PT", "MX", "ZZ"})
		case content.RefPath:
			return fmt.Sprintf("[/old/step-%d/]", n)
		}
		return fmt.Sprintf("[First %d, Second %d]", n, n)
	}
	if len(f.Options) > 0 {
		return e.pick(f.Options)
	}
	switch f.Ref {
	case content.RefURL:
		return fmt.Sprintf("https://example.org/step-%d", n)
	case content.RefAsset, content.RefImage:
		return e.pick([]string{"missing.pdf", "missing.png"})
	}
	return fmt.Sprintf("%q", fmt.Sprintf("Value %d", n))
}

// runRandomEdits applies steps random edits of every kind to the site in
// dir, one at a time, each followed by a Session rebuild, and compares the
// served files with a full build of the same files after every step. An
// edit that breaks the site must break the full build too; it is then
// undone.
//
// With serve set, drafts and future pages are built and marked with a
// banner, as serve does, in both builds.
func runRandomEdits(t *testing.T, dir string, seed int64, steps int, kinds []string, serve bool) {
	t.Helper()
	lopts := build.LoadOptions{Drafts: serve, Future: serve}
	ropts := build.RenderOptions{Banner: serve}
	sess := build.NewSession(os.DirFS(dir), lopts)
	// As serve's site: it keeps the bytes it is given, shared with what
	// the Session keeps, which must never change them.
	out := newServedOut()
	if _, errs := sess.Rebuild(out, ropts, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	e := newEditor(dir, seed)
	kept, undone, ways := map[string]int{}, map[string]int{}, map[string]int{}
	defer func() {
		t.Logf("edits kept by kind: %v; undone, as the full build refused them too: %v; ways taken: %v", kept, undone, ways)
	}()
	for step := 0; step < steps; step++ {
		kind := kinds[e.rng.Intn(len(kinds))]
		before := contentSnapshot(dir)
		changed, what := e.edit(kind)
		if changed == nil {
			continue
		}
		_, errs := sess.Rebuild(out, ropts, changed, sitetest.Now)
		ways[kind+" "+sess.Way()]++
		if errs.HasErrors() {
			if _, ok := tryFullBuild(dir, lopts, ropts); ok {
				t.Fatalf("step %d (%s): serve failed where a full build does not: %v", step, what, errs)
			}
			restoreContent(dir, before)
			if _, errs := sess.Rebuild(out, ropts, changed, sitetest.Now); errs.HasErrors() {
				t.Fatalf("step %d (%s) undone: %v", step, what, errs)
			}
			what += " (undone)"
			undone[kind]++
		} else {
			kept[kind]++
		}
		full, ok := tryFullBuild(dir, lopts, ropts)
		if !ok {
			t.Fatalf("step %d (%s): the full build fails", step, what)
		}
		if d := diffTrees(out.files, full); len(d) > 0 {
			t.Fatalf("step %d (%s): serve differs from a full build:\n%s", step, what, strings.Join(d, "\n"))
		}
		if changed := out.mutated(); len(changed) > 0 {
			t.Fatalf("step %d (%s): published bytes changed after they were published: %s", step, what, strings.Join(changed, " "))
		}
	}
}

// tryFullBuild is fullBuild, reporting failure instead of failing.
func tryFullBuild(dir string, lopts build.LoadOptions, ropts build.RenderOptions) (map[string][]byte, bool) {
	out := &memOut{files: map[string][]byte{}}
	lopts.Now = sitetest.Now
	s, errs := build.Load(os.DirFS(dir), lopts)
	if errs.HasErrors() {
		return nil, false
	}
	if _, _, errs := build.Render(s, out, ropts); errs.HasErrors() {
		return nil, false
	}
	return out.files, true
}

// contentSnapshot and restore keep and put back the content folder.
func contentSnapshot(dir string) map[string]string {
	m := map[string]string{}
	root := filepath.Join(dir, "content")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			m[p] = string(b)
		}
		return nil
	})
	return m
}

func restoreContent(dir string, m map[string]string) {
	root := filepath.Join(dir, "content")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if _, ok := m[p]; !ok {
				os.Remove(p)
			}
		}
		return nil
	})
	for p, text := range m {
		if b, err := os.ReadFile(p); err != nil || string(b) != text {
			os.WriteFile(p, []byte(text), 0o644)
		}
	}
}

// TestRandomEditsOfEveryKind applies hundreds of random edits of every
// kind to the basic fixture (with a home page that shows every front
// matter field of the latest entries) and to the repository's own site,
// comparing serve's files with a full build after each.
func TestRandomEditsOfEveryKind(t *testing.T) {
	if testing.Short() {
		t.Skip("hundreds of full builds")
	}
	t.Run("basic", func(t *testing.T) {
		s := sitetest.Write(t, readFixture(t, "basic.txtar")+homeShowsEverything)
		runRandomEdits(t, s.Dir, 1, 100, editKinds, false)
	})
	t.Run("basic-serve", func(t *testing.T) {
		s := sitetest.Write(t, readFixture(t, "basic.txtar")+homeShowsEverything)
		runRandomEdits(t, s.Dir, 3, 100, editKinds, true)
	})
	t.Run("site", func(t *testing.T) {
		dir := t.TempDir()
		for _, sub := range []string{"content", "layouts", "assets"} {
			if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "..", sub))); err != nil {
				t.Fatal(err)
			}
		}
		b, err := os.ReadFile(filepath.Join("..", "..", "site.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "site.yaml"), b, 0o644)
		runRandomEdits(t, dir, 2, 25, editKinds, true)
	})
}

// FuzzEdits drives the random edits with the fuzzer's seeds and bytes:
// each byte picks an edit kind.
func FuzzEdits(f *testing.F) {
	f.Add(int64(1), []byte{1, 2, 3})
	f.Add(int64(2), []byte{4, 5, 6, 7, 8, 9})
	f.Add(int64(3), []byte{10, 11, 12, 13, 14})
	f.Fuzz(func(t *testing.T, seed int64, picks []byte) {
		if len(picks) > 12 {
			picks = picks[:12]
		}
		var kinds []string
		for _, b := range picks {
			kinds = append(kinds, editKinds[int(b)%len(editKinds)])
		}
		if len(kinds) == 0 {
			return
		}
		s := sitetest.Write(t, readFixture(t, "basic.txtar")+homeShowsEverything)
		runRandomEdits(t, s.Dir, seed, len(kinds), kinds, seed%2 == 0)
	})
}
