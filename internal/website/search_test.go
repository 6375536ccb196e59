package website_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/corpus"
	"github.com/puente-ssg/puente/internal/search"
)

// searchBudget is the most a language's whole search index may weigh, as
// published (its parts' minified JSON, before compression); the README
// states it. A query fetches less: the terms files of its words and the
// chunks of the results it shows.
const searchBudget = 160 << 10

// TestSearchIndexFindsBodyWords searches each language's published index
// with package search's query logic, which the search page's script
// ports: words that appear only in page bodies find their pages, in other
// forms than the text's, with or without accents, and ñ and ç stay
// letters of their own.
func TestSearchIndexFindsBodyWords(t *testing.T) {
	dir, _ := built(t)
	for _, tc := range []struct {
		lang, query string
		want        []string // the result URLs, best first
	}{
		{"en", "Tecnalia", []string{"/en/about/"}},
		{"en", "alcantara lagunillas", []string{"/en/case-studies/cartagena-malaga/"}},
		{"en", "Trinidad and Tobago", []string{"/en/global-covenant-of-mayors/"}},
		{"en", "municipalities", []string{"/en/global-covenant-of-mayors/", "/en/newsletters/iuc-lac-closing-bulletin/"}},
		{"es", "tecnalia", []string{"/es/acerca-de/"}},
		{"es", "ayuntamientos", []string{"/es/estudios-de-caso/cartagena-malaga/"}},
		{"es", "Alcántara", []string{"/es/estudios-de-caso/cartagena-malaga/"}},
		{"es", "municipio", []string{"/es/pacto-global-de-alcaldes/", "/es/boletines/boletin-de-cierre-iuc-lac/"}},
		{"es", "ano", nil},
		{"pt", "Mercocidades", []string{"/pt/pacto-global-de-prefeitos/"}},
		{"pt", "municípios", []string{"/pt/pacto-global-de-prefeitos/", "/pt/boletins/boletim-de-encerramento-iuc-lac/"}},
		{"pt", "tecnalia", []string{"/pt/sobre/"}},
		{"pt", "acao", nil},
	} {
		ix := loadIndex(t, dir, tc.lang)
		var got []string
		for _, r := range ix.Search(tc.query) {
			got = append(got, ix.Pages[r.Page].URL)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q found %q, want %q", tc.lang, tc.query, got, tc.want)
		}
	}
	// "año" finds pages with the word, and snippets quote it.
	es := loadIndex(t, dir, "es")
	quoted := 0
	for _, r := range es.Search("año") {
		if _, w, _, ok := es.Snippet(r.Page, es.Resolve("año"), 120); ok {
			if !strings.HasPrefix(search.Fold(w), "año") {
				t.Errorf(`es: the snippet of "año" on %s quotes %q`, es.Pages[r.Page].URL, w)
			}
			quoted++
		}
	}
	if quoted == 0 {
		t.Error(`es: no snippet quotes "año"`)
	}
}

// TestSearchIndexSize holds each language's index to the budget the
// README states.
func TestSearchIndexSize(t *testing.T) {
	dir, s := built(t)
	for _, lv := range s.Model.Langs {
		parts, err := filepath.Glob(filepath.Join(dir, lv.Code, "search", "*.json"))
		if err != nil || len(parts) == 0 {
			t.Fatalf("%s: no parts of the search index: %v", lv.Code, err)
		}
		parts = append(parts, filepath.Join(dir, lv.Code, search.ManifestName))
		var size int64
		for _, p := range parts {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			size += fi.Size()
		}
		if size > searchBudget {
			t.Errorf("the %s search index is %d bytes in %d files, over the budget of %d", lv.Code, size, len(parts), searchBudget)
		}
		t.Logf("the %s search index: %d bytes in %d files", lv.Code, size, len(parts))
	}
}

func loadIndex(t *testing.T, dir, code string) *search.Index {
	t.Helper()
	ix, err := search.Load(func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, code, filepath.FromSlash(name)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(ix.Lang, code) {
		t.Fatalf("%s/search.json is the index of %q", code, ix.Lang)
	}
	return ix
}

// TestSearchPageFindsBodyWords runs the search page's script in Chromium
// in each language: a word found only in a page's body finds that page
// first, with a snippet that marks the word.
func TestSearchPageFindsBodyWords(t *testing.T) {
	ctx := browser(t, time.Minute)
	dir, s := built(t)
	base := serve(t, dir)
	cases := map[string]struct{ query, want, mark string }{
		"en": {"lagunillas", "/en/case-studies/cartagena-malaga/", "Lagunillas"},
		"es": {"ayuntamientos", "/es/estudios-de-caso/cartagena-malaga/", "Ayuntamiento"},
		"pt": {"mercocidades", "/pt/pacto-global-de-prefeitos/", "Mercocidades"},
	}
	for _, lv := range s.Model.Langs {
		tc, ok := cases[lv.Code]
		if !ok || lv.Search == nil {
			t.Fatalf("no search page or case for %s", lv.Code)
		}
		u := base + escapePath(lv.Search.URL) + "?q=" + url.QueryEscape(tc.query)
		if _, err := chromedp.Run(ctx, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		var first, mark string
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[(document.querySelector("#search-results a")||{}).pathname||"", (document.querySelector("#search-results mark")||{}).textContent||""]`))
			if err == nil && len(got) == 2 && got[0] != "" {
				first, mark = got[0], got[1]
				break
			}
			time.Sleep(50 * time.Millisecond) // polling the browser
		}
		if first != tc.want || !strings.Contains(mark, tc.mark) {
			t.Errorf("%s: %q: first result %q with mark %q, want %s marking %q", lv.Code, tc.query, first, mark, tc.want, tc.mark)
		}
	}
}

// TestSearchPageSaysWhenTheIndexFails cuts the search index's files off
// the way a dropped connection does: the page must say that the index did
// not arrive (not that nothing was found), and the next search, once the
// files come through, must fetch them again and find the page.
func TestSearchPageSaysWhenTheIndexFails(t *testing.T) {
	ctx := browser(t, time.Minute)
	dir, _ := built(t)
	var failing atomic.Bool
	failing.Store(true)
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() && strings.HasPrefix(r.URL.Path, "/en/search/") && strings.HasSuffix(r.URL.Path, ".json") {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/en/search/?q=lagunillas")); err != nil {
		t.Fatal(err)
	}
	// poll evaluates js until it gives want, or for ten seconds.
	poll := func(js, want string) string {
		t.Helper()
		var got string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](js)); got == want {
				break
			}
		}
		return got
	}
	failed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".search-form").dataset.failed`))
	if err != nil || failed == "" {
		t.Fatalf("the search form carries no message for a failed index (%v)", err)
	}
	if got := poll(`document.getElementById("search-status").textContent`, failed); got != failed {
		t.Fatalf("with the index cut off, the status reads %q, want %q", got, failed)
	}
	failing.Store(false)
	if _, err := chromedp.Run(ctx, chromedp.Click(`.search-form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	const want = "/en/case-studies/cartagena-malaga/"
	if got := poll(`(document.querySelector("#search-results a")||{}).pathname||""`, want); got != want {
		t.Errorf("searching again once the index came through, the first result is %q, want %s", got, want)
	}
}

// TestSearchPageFetchesChunksAsItShows runs the search page's script on a
// generated site of several chunks of pages per language: a query that
// finds many pages shows the first results in the order package search
// ranks them, the button shows the next ones (and takes the focus to the
// first of them), and the script fetches the terms files of the query's
// words and the chunks of the results it shows, not the whole index.
func TestSearchPageFetchesChunksAsItShows(t *testing.T) {
	ctx := browser(t, 2*time.Minute)
	src := t.TempDir()
	if err := corpus.Generate(src, corpus.Options{Groups: 400, Seed: 5, Layouts: filepath.Join(root, "layouts"), Assets: filepath.Join(root, "assets")}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	if _, _, err := build.Build(build.Options{Source: src, Dest: dir, LoadOptions: build.LoadOptions{Minify: true}}); err != nil {
		t.Fatal(err)
	}
	ix := loadIndex(t, dir, "en")
	manifest, err := os.ReadFile(filepath.Join(dir, "en", search.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m search.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.IDs) < 4 {
		t.Fatalf("%d pages: too few chunks for the test", len(ix.Pages))
	}
	// The stem that finds the most pages short of all: more than two
	// screens of results, spread over the chunks.
	query, best := "", 0
	for s := range ix.Terms {
		if n := len(ix.Search(s)); n > 2*20 && n < len(ix.Pages)/2 && (n > best || n == best && s < query) {
			query, best = s, n
		}
	}
	if query == "" {
		t.Fatal("no word finds more than 40 pages")
	}
	var want []string
	for _, r := range ix.Search(query) {
		want = append(want, ix.Pages[r.Page].URL)
	}
	base := serve(t, dir)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"/en/search/?q="+url.QueryEscape(query))); err != nil {
		t.Fatal(err)
	}
	shown := func(n int) []string {
		t.Helper()
		var got []string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			got, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#search-results li a")).map(a => a.getAttribute("href"))`))
			if len(got) >= n {
				break
			}
		}
		return got
	}
	if got := shown(20); !reflect.DeepEqual(got, want[:20]) {
		t.Fatalf("%q: the page shows %q, package search ranks %q", query, got, want[:20])
	}
	if _, err := chromedp.Run(ctx, chromedp.Click(".search-more")); err != nil {
		t.Fatal(err)
	}
	if got := shown(40); !reflect.DeepEqual(got, want[:40]) {
		t.Fatalf("%q: after the button, the page shows %q, package search ranks %q", query, got, want[:40])
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("href") || ""`))
	if err != nil || focused != want[20] {
		t.Errorf("after the button the focus is on %q, want the first new result %s (%v)", focused, want[20], err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-status").textContent`))
	if !strings.Contains(status, strconv.Itoa(len(want))) {
		t.Errorf("status %q does not count %d results", status, len(want))
	}
	fetched, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.indexOf("/en/search") === 0)`))
	if err != nil {
		t.Fatal(err)
	}
	chunks, terms := 0, 0
	for _, p := range fetched {
		switch {
		case strings.HasPrefix(p, "/en/search/p-"):
			chunks++
		case strings.HasPrefix(p, "/en/search/t-"):
			terms++
		}
	}
	if terms != 1 || chunks == 0 || chunks == len(m.IDs) && best < len(ix.Pages)-search.MaxChunk {
		t.Errorf("fetched %d terms files and %d of %d chunks: %q", terms, chunks, len(m.IDs), fetched)
	}
}
