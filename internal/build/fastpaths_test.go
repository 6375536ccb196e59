package build_test

import (
	"bytes"
	"fmt"
	"io/fs"
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

	// Other edits publish the page first too, before its lists, rendered
	// as the whole edit has it (never stale). A date or a theme moves the
	// page in its lists, or to others, and no page comes or goes: the page
	// comes from the model as the edit leaves it, and is told early. After
	// a weight's, the page is rendered from the new model, and open pages
	// are told once, at the end (no EarlyPages).
	for _, c := range []struct {
		what, text string
		early      int
	}{
		{"a date", strings.Replace(retitled, "start: 2019-10-07", "start: 2019-10-08", 1), 1},
		{"a theme", strings.Replace(retitled, "themes: [cross-border, innovation]", "themes: [innovation]", 1), 1},
		{"a weight", strings.Replace(retitled, "title: Opening session", "title: Opening session\nweight: 3", 1), 0},
	} {
		out.take()
		out.mu.Lock()
		out.touched = nil
		out.mu.Unlock()
		calls, pageThen, _ := rebuild(c.text)
		if calls != c.early {
			t.Errorf("%s: EarlyPages called %d times, want %d", c.what, calls, c.early)
		}
		if calls > 0 && pageThen != string(out.files[page]) {
			t.Errorf("%s: the page told early is not the page after the edit", c.what)
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

// TestFieldEditKeepsListsInOrder edits the title of an event that ties
// with another on date: a new title that keeps their order is made in
// the last model (fieldEdit), one that changes it goes the full way, and
// both equal a full build, also after a body edit that left a page of
// the last model holding its file's earlier parse.
func TestFieldEditKeepsListsInOrder(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- content/events/launch.en.md --
---
title: Launch
start: 2019-10-07
location: Madrid
regions: [mexico-guatemala]
---
The launch.
`)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	all := sess.Rendered()
	// The list of events, two to a page.
	order := func() string {
		list := string(out.files["en/events/index.html"]) + string(out.files["en/events/page/2/index.html"])
		k, l := strings.Index(list, "/en/events/kickoff/"), strings.Index(list, "/en/events/launch/")
		if k < 0 || l < 0 {
			t.Fatalf("the list of events does not show both:\n%s", list)
		}
		if k < l {
			return "kickoff first"
		}
		return "launch first"
	}
	edit := func(name, old, new, way string) {
		t.Helper()
		editAndCompare(t, s, sess, out, name, way, old, new)
	}
	const kickoff = "content/events/kickoff.en.md"
	if order() != "kickoff first" {
		t.Fatal("the fixture's events are not in title order")
	}
	edit(kickoff, "title: Kickoff", "title: Kick-off", "fields")
	if n := sess.Rendered(); n == 0 || n >= all {
		t.Errorf("the title edit rendered %d files of %d", n, all)
	}
	edit(kickoff, "title: Kick-off", "title: The kickoff", "fields")
	if order() != "launch first" {
		t.Error("the retitled event did not move after the other")
	}
	edit("content/events/launch.en.md", "The launch.", "The launch, again.", "body")
	edit(kickoff, "title: The kickoff", "title: The kick-off", "fields")
	edit(kickoff, "location: Brussels", "location: Lisbon", "fields")
	if !strings.Contains(string(out.files["en/events/kickoff/index.html"]), "Lisbon") && !strings.Contains(string(out.files["en/events/kickoff/"+render.EventCalendarName]), "Lisbon") {
		t.Error("the new location shows nowhere")
	}
}

// TestFieldEditMovesDatedPages edits dates, themes and regions: each edit
// goes the fields way, moving the page in its section's pages, its year's
// months, its region's upcoming and past events and other pages' related
// pages, or from one theme's, year's or region's page to another's, and
// serve's files equal a full build's after each. An edit that would make
// or empty a year's page goes the full way.
func TestFieldEditMovesDatedPages(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar")+`-- content/events/launch.en.md --
---
title: Launch
start: 2019-10-07
regions: [mexico-guatemala]
themes: [innovation]
attendance: online
---
The launch.
-- content/events/meeting.en.md --
---
title: Year-end meeting
start: 2020-12-20
regions: [mexico-guatemala]
themes: [innovation]
attendance: online
---
The meeting.
-- content/events/workshop.en.md --
---
title: Workshop
start: 2019-06-10
themes: [innovation]
attendance: online
---
The workshop.
-- content/regions/andes.en.md --
---
title: Andes
countries: [PE, BO]
programme: IUC-LAC
---
A mountain region.
-- layouts/theme.html --
{{ define "main" }}theme {{ .Title }} {{ .Theme.Count }}
{{ range .Groups }}group {{ .Key }}
{{ template "partials/items.html" .Items }}{{ end }}{{ end }}
-- layouts/region.html --
{{ define "main" }}region {{ .Title }}
{{ range .Groups }}group {{ .Key }}
{{ template "partials/items.html" .Items }}{{ end }}{{ end }}
`)
	sess := build.NewSession(os.DirFS(s.Dir), build.LoadOptions{})
	out := &memOut{files: map[string][]byte{}}
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, nil, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	edit := func(name, way string, replace ...string) {
		t.Helper()
		editAndCompare(t, s, sess, out, name, way, replace...)
	}
	const pilot = "en/case-studies/pilot/index.html"
	relatedKickoff := func() bool { return strings.Contains(string(out.files[pilot]), "related /en/events/kickoff/") }
	if !relatedKickoff() {
		t.Fatalf("the pilot's related pages do not hold the kickoff:\n%s", out.files[pilot])
	}
	const region = "en/regions/mexico-guatemala/index.html"
	regionBefore := string(out.files[region])
	// Out of October, behind two events of the same theme.
	edit("content/events/kickoff.en.md", "fields", "start: 2019-10-07", "start: 2019-03-02", "end: 2019-10-10", "end: 2019-03-04")
	if relatedKickoff() {
		t.Error("the kickoff, now older than three other pages of its theme, is still among the pilot's related pages")
	}
	// From upcoming to past on its region's page.
	edit("content/events/meeting.en.md", "fields", "start: 2020-12-20", "start: 2020-12-01")
	if string(out.files[region]) == regionBefore {
		t.Error("the region's page did not change")
	}
	edit("content/events/meeting.en.md", "fields", "start: 2020-12-01", "start: 2020-12-21")
	// A newsletter in TOML, and a case study that related pages rank.
	edit("content/newsletters/closing.en.md", "fields", "date = 2020-11-30", "date = 2020-02-01")
	edit("content/case-studies/pilot.en.md", "fields", "date: 2019-05-01", "date: 2019-12-31")
	edit("content/events/kickoff.en.md", "fields", "start: 2019-03-02", "start: 2019-10-07", "end: 2019-03-04", "end: 2019-10-10")
	if !relatedKickoff() {
		t.Error("the kickoff, back in October, is not among the pilot's related pages again")
	}
	// Themes and regions: pages leave lists and join others, with their
	// counts; a translation's region lists the group's other pages too.
	const andes = "en/regions/andes/index.html"
	if strings.Contains(string(out.files[andes]), "/en/events/kickoff/") {
		t.Fatal("the Andes page lists the kickoff before it is tagged with it")
	}
	edit("content/events/workshop.en.md", "fields", "themes: [innovation]", "themes: [cross-border]")
	edit("content/events/workshop.en.md", "fields", "themes: [cross-border]", "themes: [cross-border, innovation]")
	// The first case study of a theme: its page gains a kind.
	edit("content/case-studies/pilot.en.md", "fields", "themes: [innovation]", "themes: [innovation, cross-border]")
	if !strings.Contains(string(out.files["en/themes/cross-border/index.html"]), "group case-study\nitem /en/case-studies/pilot/") {
		t.Errorf("the cross-border theme's page does not list the pilot as a case study:\n%s", out.files["en/themes/cross-border/index.html"])
	}
	edit("content/case-studies/pilot.en.md", "fields", "themes: [innovation, cross-border]", "themes: [innovation]")
	edit("content/events/kickoff.es.md", "fields", "regions: [mexico-guatemala]", "regions: [mexico-guatemala, andes]")
	edit("content/events/kickoff.en.md", "fields", "regions: [mexico-guatemala]", "regions: [andes]")
	edit("content/events/kickoff.es.md", "fields", "regions: [mexico-guatemala, andes]", "regions: []")
	if strings.Contains(string(out.files["es/regiones/mexico-guatemala/index.html"]), "/es/eventos/arranque/") {
		t.Error("the region's Spanish page still lists the kickoff, which no page of its group is tagged with")
	}
	if !strings.Contains(string(out.files[andes]), "item /en/events/kickoff/") {
		t.Errorf("the Andes page does not list the kickoff:\n%s", out.files[andes])
	}
	// Another year that has a page: the event leaves one year's page for
	// the other's.
	edit("content/events/workshop.en.md", "fields", "start: 2019-06-10", "start: 2018-06-10")
	// A year with no page yet, and the last event of a year leaving it,
	// make and drop pages: the full way.
	edit("content/events/workshop.en.md", "full", "start: 2018-06-10", "start: 2016-06-10")
	edit("content/events/workshop.en.md", "full", "start: 2016-06-10", "start: 2019-06-10")
	// An unknown theme is the full build's to report.
	s.WriteFile("content/events/workshop.en.md", strings.Replace(readFile(t, s, "content/events/workshop.en.md"), "themes: [cross-border, innovation]", "themes: [nowhere]", 1))
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{"content/events/workshop.en.md"}, sitetest.Now); !errs.HasErrors() || sess.Way() != "full" {
		t.Errorf("an unknown theme: way %s, errors %v", sess.Way(), errs)
	}
}

// editAndCompare replaces in a file of the site each of replace's pairs
// (old, new), rebuilds the session with it, and checks that the rebuild
// went the way given and that its files are a full build's.
func editAndCompare(t *testing.T, s *sitetest.Site, sess *build.Session, out *memOut, name, way string, replace ...string) {
	t.Helper()
	text := readFile(t, s, name)
	for i := 0; i < len(replace); i += 2 {
		if !strings.Contains(text, replace[i]) {
			t.Fatalf("%s has no %q", name, replace[i])
		}
		text = strings.Replace(text, replace[i], replace[i+1], 1)
	}
	s.WriteFile(name, text)
	if _, errs := sess.Rebuild(out, build.RenderOptions{}, []string{name}, sitetest.Now); errs.HasErrors() {
		t.Fatal(errs)
	}
	if sess.Way() != way {
		t.Errorf("%s %q: the rebuild went the %s way, want %s", name, replace, sess.Way(), way)
	}
	if d := diffTrees(out.files, fullBuild(t, s.Dir)); len(d) > 0 {
		t.Fatalf("%s %q: %s", name, replace, strings.Join(d, "\n"))
	}
}
