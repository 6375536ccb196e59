package website_test

import (
	"net/url"
	"time"

	"github.com/chromedp/chromedp"

	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/search"
)

// searchBudget is the most a language's search index may weigh, as
// published (minified JSON, before compression); the README states it.
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
		fi, err := os.Stat(filepath.Join(dir, lv.Code, "search.json"))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > searchBudget {
			t.Errorf("%s/search.json is %d bytes, over the budget of %d", lv.Code, fi.Size(), searchBudget)
		}
		t.Logf("%s/search.json: %d bytes", lv.Code, fi.Size())
	}
}

func loadIndex(t *testing.T, dir, code string) *search.Index {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, code, "search.json"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Parse(data)
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
