package build_test

import (
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// readerSiteText is a small two-language site for what a visitor meets beyond
// the text: event JSON-LD, x-default, feeds, calendars, downloads,
// contents, embeds and callouts. Its layouts print what the template
// functions give.
const readerSiteText = `
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
-- content/guide.en.md --
---
title: Guide
---
## First

> [!WARNING]
> Register by *10 May*.

## Second

[The annual report](/assets/docs/report.pdf) and [a page](/en/guide/).

https://youtu.be/dQw4w9WgXcQ

### Detail

## Third
-- content/guide.es.md --
---
title: Guía
---
## Primero

> [!WARNING]
> Inscríbase antes del *10 de mayo*.

## Segundo

[El informe anual](/assets/docs/report.pdf).

[La reunión de Lima](https://vimeo.com/76979871)

## Tercero
-- content/short.en.md --
---
title: Short
---
## One

## Two
-- content/asked.en.md --
---
title: Asked
toc: true
---
## Only
-- content/refused.en.md --
---
title: Refused
toc: false
---
## A

## B

## C
-- content/newsletters/n3.en.md --
---
title: Issue 3
date: 2020-12-01
pdf: docs/report.pdf
---
-- content/newsletters/n3.es.md --
---
title: Número 3
date: 2020-12-01
pdf: docs/report.pdf
---
-- layouts/single.html --
{{ define "main" }}{{ with .TOC }}<nav aria-labelledby="toc_label">
{{ range . }}toc {{ .ID }} {{ .Text }}{{ range .Children }} [{{ .ID }} {{ .Text }}]{{ end }}
{{ end }}</nav>
{{ end }}{{ .Content }}{{ if .Embeds }}script embed.js{{ end }}{{ end }}
-- layouts/newsletter.html --
{{ define "main" }}pdf {{ download .File.Front.PDF }}{{ end }}
-- layouts/event.html --
{{ define "main" }}calendar {{ relURL (printf "%sevent.ics" .URL) }}{{ end }}
-- layouts/list.html --
{{ define "main" }}{{ .Title }}{{ end }}
-- layouts/i18n/en.yaml --
x: x
callout_warning: Warning
video_watch: Watch the video
-- layouts/i18n/es.yaml --
x: x
callout_warning: Advertencia
video_watch: Ver el vídeo
`

// readerSite is readerSiteText with a 148,000-byte PDF in assets/.
func readerSite() string {
	return readerSiteText + "-- assets/docs/report.pdf --\n" + strings.Repeat("%", 147_999) + "\n"
}

func TestEventJSONLDHasAttendanceAndVirtualLocation(t *testing.T) {
	s := sitetest.Build(t, readerSite())
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
	s := sitetest.Build(t, readerSite())
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
	s := sitetest.Build(t, readerSite())
	s.AssertFile("en/events/index.xml", "<title>Webinar</title>")
	s.AssertNoFile("en/regions/index.xml")
	s.AssertFile("en/regions/index.html", `<link rel="alternate" type="application/atom+xml" href="/en/events/index.xml">`)
	if got := s.Read("en/regions/index.html"); strings.Contains(got, "regions/index.xml") {
		t.Errorf("en/regions/index.html advertises a feed with no entries:\n%s", got)
	}
}

func TestContents(t *testing.T) {
	s := sitetest.Build(t, readerSite())
	s.AssertFile("en/guide/index.html", `<nav aria-labelledby="toc_label">
toc first First
toc second Second [detail Detail]
toc third Third
</nav>`, `<h2 id="first">First</h2>`)
	s.AssertFile("es/guide/index.html", "toc primero Primero\n")
	s.AssertFile("en/asked/index.html", "toc only Only\n")
	for _, page := range []string{"en/short/index.html", "en/refused/index.html"} {
		if strings.Contains(s.Read(page), "toc_label") {
			t.Errorf("%s has a table of contents", page)
		}
	}
}

func TestCalloutsAndEmbeds(t *testing.T) {
	s := sitetest.Build(t, readerSite())
	s.AssertFile("en/guide/index.html",
		"<aside class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<p>Register by <em>10 May</em>.</p>\n</aside>",
		`<p class="embed embed-youtube"><a class="embed-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"><span class="embed-play" aria-hidden="true"></span><span class="embed-title">Watch the video</span> <span class="embed-site">(YouTube)</span></a></p>`,
		"script embed.js")
	s.AssertFile("es/guide/index.html",
		`<p class="callout-title">Advertencia</p>`,
		`<span class="embed-title">La reunión de Lima</span> <span class="embed-site">(Vimeo)</span>`)
	if strings.Contains(s.Read("en/short/index.html"), "embed.js") {
		t.Error("a page without a video loads the video script")
	}
}

func TestDownloadsShowFormatAndSize(t *testing.T) {
	s := sitetest.Build(t, readerSite())
	s.AssertFile("en/guide/index.html",
		`<a href="/assets/docs/report.pdf">The annual report <span class="download-meta">(PDF, 148 KB)</span></a>`,
		`<a href="/en/guide/">a page</a>`)
	s.AssertFile("es/guide/index.html", `<a href="/assets/docs/report.pdf">El informe anual <span class="download-meta">(PDF, 148 kB)</span></a>`)
	s.AssertFile("en/newsletters/n3/index.html", "pdf PDF, 148 KB")
	s.AssertFile("es/newsletters/n3/index.html", "pdf PDF, 148 kB")
}

func TestEventsLinkTheirCalendars(t *testing.T) {
	s := sitetest.Build(t, readerSite())
	s.AssertFile("en/events/webinar/index.html", "calendar /en/events/webinar/event.ics")
	s.AssertFile("en/events/webinar/event.ics", "BEGIN:VCALENDAR", "SUMMARY:Webinar")
	s.AssertFile("es/eventos/calendar.ics", "SUMMARY:Seminario web")
}
