package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// TestTranslationsPageShowsSourceChanges makes a Git history in which the
// English source changed after its Spanish translation, and reads serve's
// translations page.
func TestTranslationsPageShowsSourceChanges(t *testing.T) {
	s := sitetest.Write(t, `
-- site.yaml --
baseURL: https://example.org/
languages:
  en: {name: English, title: Site}
  es: {name: Español, title: Sitio}
-- content/events/kickoff.en.md --
---
title: Kickoff
start: 2019-10-07
location: Brussels
---
The kickoff meeting is in Brussels.
-- content/events/kickoff.es.md --
---
title: Arranque
start: 2019-10-07
location: Brussels
---
La reunión de arranque es en Bruselas.
-- layouts/default.html --
{{ .Title }}
`)
	s.Commit(time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC), "Event")
	s.WriteFile("content/events/kickoff.en.md", "---\ntitle: Kickoff\nstart: 2019-10-07\nlocation: Brussels\n---\nThe kickoff <conference> is in Brussels.\n")
	s.Commit(time.Date(2020, 2, 1, 10, 0, 0, 0, time.UTC), "Conference")

	srv := New(Options{Source: s.Dir, Now: sitetest.Now})
	// The records of the warm start are written behind the first build:
	// they are done before the site folder goes.
	t.Cleanup(srv.session.Close)
	if errs := srv.Rebuild(nil); errs.HasErrors() {
		t.Fatal(errs)
	}
	req := httptest.NewRequest(http.MethodGet, TranslationsPath, nil)
	req.Host = "127.0.0.1:1313"
	rec := httptest.NewRecorder()
	srv.Handler(req.Host).ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	for _, want := range []string{
		`<a href="/es/events/kickoff/">content/events/kickoff.es.md</a>`,
		`<a href="/admin/#/collections/events/entries/kickoff">edit</a>`,
		`What changed in the source since`,
		`<span class="line">line 6</span> The kickoff <del>meeting</del> <ins>&lt;conference&gt;</ins> is in Brussels.`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s:\n%s", want, body)
		}
	}
}
