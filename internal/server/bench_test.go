package server

// The time from saving one content file to the rebuilt page being served
// on a generated trilingual site:
//
//	go test -bench EditToServed -run '^$' ./internal/server
//	PUENTE_BENCH_LARGE=1 go test -bench EditToServed -run '^$' ./internal/server
//
// Each iteration rewrites one event's body (edit=body), its title
// (edit=title, which the event's lists, feeds and search index show too),
// its start (edit=date, which moves it in its lists) or its slug
// (edit=slug, which moves it to another URL, its old one kept as an
// alias: a new model is built),
// rebuilds through the session as the watcher would, and fetches the page,
// which must show the edit. The rebuild returns when every output is
// published, so the time is that of the whole edit. The median is reported
// as median-ms; the watcher's quiet period (20 ms by default, to coalesce
// an editor's bursts) comes on top of it in serve. cmd/puente-editbench
// times every kind of edit against a real serve process.

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/corpus"
)

func BenchmarkEditToServed(b *testing.B) {
	sizes := []int{3000}
	if os.Getenv("PUENTE_BENCH_LARGE") == "1" {
		sizes = append(sizes, 30000)
	}
	// edits make the i-th edit of a file, whose page was at url, and the
	// text the page then shows (for a slug, in its URL).
	edits := []struct {
		name string
		edit func(original, url string, i int) (edited, marker string)
	}{
		{"body", func(original, _ string, i int) (string, string) {
			marker := fmt.Sprintf("edit-marker-%d", i)
			return strings.Replace(original, "\n---\n", "\n---\n\n"+marker+"\n", 1), marker
		}},
		{"title", func(original, _ string, i int) (string, string) {
			marker := fmt.Sprintf("Retitled %d", i)
			return strings.Replace(original, "\ntitle: \"", "\ntitle: \""+marker+" ", 1), marker
		}},
		{"date", func(original, _ string, i int) (string, string) {
			// One or two days later, in turn: the event moves in its
			// lists, and seldom out of its year.
			m := startLine.FindStringSubmatch(original)
			if m == nil {
				return original, ""
			}
			start, err := time.Parse("2006-01-02", m[1])
			if err != nil {
				return original, ""
			}
			day := start.AddDate(0, 0, 1+i%2).Format("2006-01-02")
			return strings.Replace(original, m[0], "\nstart: "+day+"\n", 1), `datetime="` + day + `"`
		}},
		{"slug", func(original, url string, i int) (string, string) {
			slug := fmt.Sprintf("moved-%d", i)
			return strings.Replace(original, "\ntitle: ", fmt.Sprintf("\nslug: %s\naliases: [%q]\ntitle: ", slug, url), 1), "/" + slug + "/"
		}},
	}
	for _, pages := range sizes {
		for _, kind := range edits {
			b.Run(fmt.Sprintf("pages=%d/edit=%s", pages, kind.name), func(b *testing.B) {
				benchmarkEdit(b, pages, kind.edit)
			})
		}
	}
}

func benchmarkEdit(b *testing.B, pages int, edit func(original, url string, i int) (edited, marker string)) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, corpus.Options{Groups: pages / 3, Seed: 1, Layouts: "../../layouts", Assets: "../../assets"}); err != nil {
		b.Fatal(err)
	}
	srv := New(Options{Source: dir, Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	start := time.Now()
	if errs := srv.Rebuild(nil); errs.HasErrors() {
		b.Fatal(errs)
	}
	b.ReportMetric(time.Since(start).Seconds(), "first-build-s")
	ts := httptest.NewUnstartedServer(nil)
	ts.Config.Handler = srv.Handler(ts.Listener.Addr().String())
	ts.Start()
	defer ts.Close()
	// Pick an English event and find its URL from its file name.
	matches, _ := filepath.Glob(filepath.Join(dir, "content", "events", "*.en.md"))
	sort.Strings(matches)
	if len(matches) == 0 {
		b.Fatal("no English event in the corpus")
	}
	file := matches[len(matches)/2]
	rel, _ := filepath.Rel(dir, file)
	rel = filepath.ToSlash(rel)
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	first := pageURL(b, srv, rel)
	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		edited, marker := edit(string(original), first, i)
		if edited == string(original) {
			b.Fatal("the edit changed nothing")
		}
		t0 := time.Now()
		if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		if errs := srv.Rebuild([]string{rel}); errs.HasErrors() {
			b.Fatal(errs)
		}
		url := pageURL(b, srv, rel)
		resp, err := http.Get(ts.URL + url)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(url+string(body), marker) {
			b.Fatalf("page %s does not show the edit", url)
		}
		times = append(times, time.Since(t0))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}

var startLine = regexp.MustCompile(`\nstart: (\d{4}-\d{2}-\d{2})\n`)

// pageURL finds the URL of the page built from a content file.
func pageURL(b *testing.B, srv *Server, rel string) string {
	b.Helper()
	for _, p := range srv.loaded.Model.Pages {
		if p.File != nil && p.File.Path == rel {
			return p.URL
		}
	}
	b.Fatalf("no page for %s", rel)
	return ""
}
