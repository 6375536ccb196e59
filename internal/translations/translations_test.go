package translations_test

import (
	"os"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
	"github.com/puente-ssg/puente/internal/translations"
)

const site = `
-- site.yaml --
baseURL: https://example.org/
languages:
  en: {name: English, title: Site}
  es: {name: Español, title: Sitio}
  pt: {name: Português, title: Sítio}
-- content/about.en.md --
---
title: About
lastmod: 2020-05-01
---
-- content/about.es.md --
---
title: Acerca
lastmod: 2020-01-01
---
-- content/about.pt.md --
---
title: Sobre
lastmod: 2020-06-01
---
-- content/events/a.en.md --
---
title: A
start: 2019-01-01
attendance: online
---
-- content/events/a.pt.md --
---
title: A
start: 2019-01-01
attendance: online
---
-- layouts/default.html --
{{ .Title }}
`

func TestReportMissingAndStale(t *testing.T) {
	s := sitetest.Write(t, site)
	loaded, errs := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	rep := translations.Report(loaded.Model, nil)
	byLang := map[string]translations.Language{}
	for _, l := range rep.Languages {
		byLang[l.Lang] = l
	}
	es := byLang["es"]
	if len(es.Missing) != 1 || es.Missing[0].Source != "content/events/a.en.md" {
		t.Errorf("es missing = %+v", es.Missing)
	}
	if len(es.Stale) != 1 || es.Stale[0].File != "content/about.es.md" {
		t.Errorf("es stale = %+v", es.Stale)
	}
	if pt := byLang["pt"]; len(pt.Missing)+len(pt.Stale) != 0 || pt.Translated != 2 {
		t.Errorf("pt = %+v", pt)
	}
	if rep.Complete() || rep.MissingCount() != 1 || rep.StaleCount() != 1 {
		t.Errorf("counts: missing %d stale %d", rep.MissingCount(), rep.StaleCount())
	}
	// Git dates win over lastmod: with the Spanish file committed last it is not stale.
	dates := map[string]time.Time{
		"content/about.en.md": time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC),
		"content/about.es.md": time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, l := range translations.Report(loaded.Model, dates).Languages {
		if l.Lang == "es" && len(l.Stale) != 0 {
			t.Errorf("with git dates, es stale = %+v", l.Stale)
		}
		if l.Lang == "pt" && len(l.Stale) != 1 {
			t.Errorf("with git dates, pt (lastmod 2020-06-01, older than the 2021 source) stale = %+v", l.Stale)
		}
	}
}
