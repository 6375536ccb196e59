package translations_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
	"github.com/puente-ssg/puente/internal/translations"
)

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           []string // "line: text"
	}{
		{"same", "---\ntitle: A\n---\nOne two.\n", "---\ntitle: A\n---\nOne two.\n", nil},
		{"word replaced", "---\ntitle: A\n---\nThe meeting is in Brussels.\n", "---\ntitle: A\n---\nThe conference is in Brussels.\n",
			[]string{"4: The [-meeting-] {+conference+} is in Brussels."}},
		{"field changed", "---\ntitle: A\nstart: 2019-10-07\nlocation: Brussels\n---\nText.\n", "---\ntitle: A\nstart: 2019-10-08\nlocation: Brussels\n---\nText.\n",
			[]string{"3: start: [-2019-10-07-] {+2019-10-08+}"}},
		{"paragraph added and removed", "---\ntitle: A\n---\nFirst.\n\nGone paragraph here.\n\nLast.\n", "---\ntitle: A\n---\nFirst.\n\nLast.\n\nA new one.\n",
			[]string{"0: [-Gone paragraph here.-]", "8: {+A new one.+}"}},
		{"no front matter", "Alpha beta.\n", "Alpha gamma beta.\n", []string{"1: Alpha {+gamma+} beta."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range translations.Diff(tc.old, tc.new) {
				got = append(got, strings.Join([]string{itoa(p.Line), p.Text()}, ": "))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// historySite is a site in a Git repository with real history: the
// Spanish translation was made from the first English text, and the
// English page changed twice since.
func historySite(t *testing.T) *sitetest.Site {
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

Partners from both regions attend.
-- layouts/default.html --
{{ .Title }}
`)
	s.Commit(time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC), "English page")
	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: Arranque\nstart: 2019-10-07\nlocation: Brussels\n---\nLa reunión de arranque es en Bruselas.\n\nAsisten socios de las dos regiones.\n")
	s.Commit(time.Date(2020, 1, 2, 10, 0, 0, 0, time.UTC), "Spanish translation")
	s.WriteFile("content/events/kickoff.en.md", "---\ntitle: Kickoff\nstart: 2019-10-08\nlocation: Brussels\n---\nThe kickoff conference is in Brussels.\n\nPartners from both regions attend.\n")
	s.Commit(time.Date(2020, 2, 1, 10, 0, 0, 0, time.UTC), "New date")
	s.WriteFile("content/events/kickoff.en.md", "---\ntitle: Kickoff\nstart: 2019-10-08\nlocation: Brussels\n---\nThe kickoff conference is in Brussels.\n\nPartners from both regions attend.\n\nRegistration opens in September.\n")
	s.Commit(time.Date(2020, 3, 1, 10, 0, 0, 0, time.UTC), "Registration")
	return s
}

func TestStaleTranslationShowsSourceChanges(t *testing.T) {
	s := historySite(t)
	loaded, errs := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now, Drafts: true, Future: true})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	rep := translations.Report(loaded.Model, build.GitDates(s.Dir))
	translations.AddChanges(rep, s.Dir)
	var b bytes.Buffer
	rep.WriteChanges(&b)
	want := `
content/events/kickoff.es.md: content/events/kickoff.en.md changed since ` // commit hash follows
	got := b.String()
	if !strings.HasPrefix(got, want) {
		t.Fatalf("got\n%s", got)
	}
	for _, line := range []string{
		"(2020-01-02, the translation's last commit)",
		"  line 3: start: [-2019-10-07-] {+2019-10-08+}",
		"  line 6: The kickoff [-meeting-] {+conference+} is in Brussels.",
		"  line 10: {+Registration opens in September.+}",
		"  edit: /admin/#/collections/events/entries/kickoff",
	} {
		if !strings.Contains(got, line) {
			t.Errorf("missing %q in\n%s", line, got)
		}
	}
	if strings.Contains(got, "Partners") {
		t.Errorf("an unchanged paragraph is shown:\n%s", got)
	}
	// Translating brings it up to date: no longer stale, nothing to show.
	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: Arranque\nstart: 2019-10-08\nlocation: Brussels\n---\nLa conferencia de arranque es en Bruselas.\n\nAsisten socios de las dos regiones.\n\nLa inscripción abre en septiembre.\n")
	s.Commit(time.Date(2020, 3, 2, 10, 0, 0, 0, time.UTC), "Spanish updated")
	rep = translations.Report(loaded.Model, build.GitDates(s.Dir))
	if rep.StaleCount() != 0 {
		t.Errorf("still stale after the translation's commit: %+v", rep.Languages)
	}
}

func TestChangesOutsideGit(t *testing.T) {
	s := sitetest.Write(t, site)
	loaded, errs := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	rep := translations.Report(loaded.Model, nil)
	translations.AddChanges(rep, s.Dir)
	for _, l := range rep.Languages {
		for _, e := range l.Stale {
			if e.Changes != nil {
				t.Errorf("changes outside Git: %+v", e.Changes)
			}
		}
	}
}
