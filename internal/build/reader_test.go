package build_test

import (
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// readerSite is a small two-language site for what a visitor meets beyond
// the text: event JSON-LD, x-default, feeds, calendars, downloads,
// contents, embeds and callouts. Its layouts print what the template
// functions give.
const readerSite = `
-- site.yaml --
baseURL: https://example.org/
defaultLanguage: en
languages:
  en: {name: English, title: Cooperation}
  es: {name: Español, title: Cooperación}
segments:
  events: {en: events, es: eventos}
-- content/_index.en.md --
---
title: Home
---
-- content/_index.es.md --
---
title: Inicio
---
-- content/events/webinar.en.md --
---
title: Webinar
start: 2020-10-13
attendance: online
registration: https://example.org/register
---
Online.
-- content/events/webinar.es.md --
---
title: Seminario web
start: 2020-10-13
attendance: online
---
En línea.
-- content/events/forum.en.md --
---
title: Forum
start: 2019-10-07
end: 2019-10-08
location: Lima, Peru
venue: City Hall
attendance: mixed
---
Both.
-- content/events/visit.en.md --
---
title: Visit
start: 2018-11-23
location: Mexico
---
There.
-- content/regions/andes.en.md --
---
title: Andes
---
Mountains.
-- layouts/baseof.html --
<!DOCTYPE html>
<html lang="{{ .Lang }}"><head><title>{{ .Title }}</title>
<link rel="alternate" hreflang="x-default" href="{{ xdefaultURL . }}">
{{ with sectionFeed "events" }}<link rel="alternate" type="application/atom+xml" href="{{ . }}">
{{ end }}{{ with sectionFeed "regions" }}<link rel="alternate" type="application/atom+xml" href="{{ . }}">
{{ end }}{{ with eventJSONLD . }}<script type="application/ld+json">{{ . }}</script>
{{ end }}</head><body>
{{ block "main" . }}{{ end }}
</body></html>
-- layouts/single.html --
{{ define "main" }}{{ .Content }}{{ end }}
-- layouts/list.html --
{{ define "main" }}{{ .Title }}{{ end }}
-- layouts/i18n/en.yaml --
x: x
-- layouts/i18n/es.yaml --
x: x
`

func TestEventJSONLDHasAttendanceAndVirtualLocation(t *testing.T) {
	s := sitetest.Build(t, readerSite)
	s.AssertFile("en/events/webinar/index.html",
		`<script type="application/ld+json">{"@context":"https://schema.org","@type":"Event","eventAttendanceMode":"https://schema.org/OnlineEventAttendanceMode","inLanguage":"en","location":{"@type":"VirtualLocation","url":"https://example.org/register"},"name":"Webinar","startDate":"2020-10-13","url":"https://example.org/en/events/webinar/"}</script>`)
	// Without a registration link, the virtual location is the page.
	s.AssertFile("es/eventos/webinar/index.html",
		`"location":{"@type":"VirtualLocation","url":"https://example.org/es/eventos/webinar/"}`)
	s.AssertFile("en/events/forum/index.html",
		`"eventAttendanceMode":"https://schema.org/MixedEventAttendanceMode"`,
		`"location":[{"@type":"Place","address":"Lima, Peru","name":"City Hall"},{"@type":"VirtualLocation","url":"https://example.org/en/events/forum/"}]`)
	s.AssertFile("en/events/visit/index.html",
		`"eventAttendanceMode":"https://schema.org/OfflineEventAttendanceMode"`,
		`"location":{"@type":"Place","address":"Mexico","name":"Mexico"}`)
}

func TestRootIsTheXDefault(t *testing.T) {
	s := sitetest.Build(t, readerSite)
	s.AssertFile("index.html",
		`<link rel="canonical" href="https://example.org/">`,
		`<link rel="alternate" hreflang="en" href="https://example.org/en/">`,
		`<link rel="alternate" hreflang="es" href="https://example.org/es/">`,
		`<link rel="alternate" hreflang="x-default" href="https://example.org/">`)
	s.AssertFile("en/index.html", `<link rel="alternate" hreflang="x-default" href="https://example.org/">`)
	s.AssertFile("es/index.html", `<link rel="alternate" hreflang="x-default" href="https://example.org/">`)
	// Other pages name their default-language version.
	s.AssertFile("es/eventos/webinar/index.html", `<link rel="alternate" hreflang="x-default" href="https://example.org/en/events/webinar/">`)
	s.AssertFile("es/sitemap.xml", `<url><loc>https://example.org/es/</loc>`,
		`<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/"/></url>`)
}

func TestFeedWithoutEntriesIsNotPublished(t *testing.T) {
	s := sitetest.Build(t, readerSite)
	s.AssertFile("en/events/index.xml", "<title>Webinar</title>")
	s.AssertNoFile("en/regions/index.xml")
	s.AssertFile("en/regions/index.html", `<link rel="alternate" type="application/atom+xml" href="/en/events/index.xml">`)
	if got := s.Read("en/regions/index.html"); strings.Contains(got, "regions/index.xml") {
		t.Errorf("en/regions/index.html advertises a feed with no entries:\n%s", got)
	}
}
