package build_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/search"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// wellFormed fails unless doc parses as XML to the end.
func wellFormed(t *testing.T, name, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
			return
		}
	}
}

func TestSitemapsAndFeeds(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	for _, f := range s.Files() {
		if strings.HasSuffix(f, ".xml") {
			wellFormed(t, f, s.Read(f))
		}
	}
	s.AssertFile("sitemap.xml", "<loc>https://example.org/es/sitemap.xml</loc>")
	s.AssertFile("es/sitemap.xml",
		"<loc>https://example.org/es/eventos/arranque/</loc>",
		`<xhtml:link rel="alternate" hreflang="en" href="https://example.org/en/events/kickoff/"/>`,
		`<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/en/events/kickoff/"/>`)
	s.AssertFile("robots.txt", "Sitemap: https://example.org/sitemap.xml")
	s.AssertFile("es/eventos/index.xml", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es">`,
		"<id>https://example.org/es/eventos/arranque/</id>",
		`<entry xml:lang="en">`, "<published>2019-10-07T00:00:00Z</published>")
	s.AssertFile("en/index.xml", "<title>Closing bulletin</title>")
	// Feeds list only pages that exist.
	feed := s.Read("pt/index.xml")
	for _, m := range strings.Split(feed, "<id>https://example.org")[1:] {
		url := m[:strings.Index(m, "<")]
		if strings.HasSuffix(url, ".xml") {
			continue
		}
		if !s.Exists(strings.TrimPrefix(url, "/") + "index.html") {
			t.Errorf("feed entry %s is not a page", url)
		}
	}
}

func TestCalendars(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	one := s.Read("es/eventos/arranque/event.ics")
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "PRODID:", "BEGIN:VEVENT\r\n",
		"UID:events/kickoff/es@example.org\r\n", "DTSTART;VALUE=DATE:20191007\r\n",
		"DTEND;VALUE=DATE:20191011\r\n", "SUMMARY:Arranque\r\n", "LOCATION:Bruselas\r\n",
		"URL:https://example.org/es/eventos/arranque/\r\n", "END:VCALENDAR\r\n",
	} {
		if !strings.Contains(one, want) {
			t.Errorf("event.ics lacks %q:\n%s", want, one)
		}
	}
	all := s.Read("pt/eventos/calendar.ics")
	if n := strings.Count(all, "BEGIN:VEVENT"); n != 3 {
		t.Errorf("pt calendar has %d events, want 3 (kickoff and future in English, old in Portuguese)", n)
	}
	for _, f := range []string{"pt/eventos/calendar.ics", "es/eventos/arranque/event.ics", "en/events/calendar.ics"} {
		validICS(t, f, s.Read(f))
	}
	// UIDs are stable across builds.
	again := sitetest.Build(t, readFixture(t, "basic.txtar"))
	if again.Read("pt/eventos/calendar.ics") != all {
		t.Error("calendar differs between two builds")
	}
}

// validICS checks the rules of RFC 5545 that calendar clients trip on.
func validICS(t *testing.T, name, doc string) {
	t.Helper()
	if !strings.HasSuffix(doc, "\r\n") {
		t.Errorf("%s: does not end in CRLF", name)
	}
	var stack []string
	for i, line := range strings.Split(strings.TrimSuffix(doc, "\r\n"), "\r\n") {
		if strings.Contains(line, "\n") {
			t.Errorf("%s:%d: bare LF", name, i+1)
		}
		if len(line) > 75 {
			t.Errorf("%s:%d: %d octets, more than 75", name, i+1, len(line))
		}
		switch {
		case strings.HasPrefix(line, "BEGIN:"):
			stack = append(stack, line[6:])
		case strings.HasPrefix(line, "END:"):
			if len(stack) == 0 || stack[len(stack)-1] != line[4:] {
				t.Errorf("%s:%d: %s does not close %v", name, i+1, line, stack)
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("%s: unclosed %v", name, stack)
	}
	for _, ev := range strings.Split(doc, "BEGIN:VEVENT")[1:] {
		for _, prop := range []string{"UID:", "DTSTAMP:", "DTSTART"} {
			if !strings.Contains(ev, "\r\n"+prop) {
				t.Errorf("%s: an event lacks %s", name, prop)
			}
		}
	}
}

func TestSearchIndex(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	index, err := search.Load(func(name string) ([]byte, error) { return []byte(s.Read("es/" + name)), nil })
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, e := range index.Pages {
		found[e.URL] = true
		if e.URL == "/es/eventos/arranque/" {
			if strings.Join(e.Regions, ",") != "México–Guatemala" || strings.Join(e.Themes, ",") != "Cooperación transfronteriza,Innovación" {
				t.Errorf("arranque entry: %+v", e)
			}
		}
		if e.URL == "/en/case-studies/pilot/" && e.Lang != "en" {
			t.Errorf("fallback entry not marked: %+v", e)
		}
	}
	for _, u := range []string{"/es/eventos/arranque/", "/en/case-studies/pilot/", "/es/regiones/mexico-guatemala/", "/es/acerca-de/"} {
		if !found[u] {
			t.Errorf("search index lacks %s", u)
		}
	}
	if found["/es/"] {
		t.Error("search index lists the home page")
	}
}

func TestAliasesRedirect(t *testing.T) {
	src := readFixture(t, "basic.txtar")
	src = strings.Replace(src, "title: Pilot\n", "title: Pilot\naliases: [/old/pilot/, /legacy.html]\n", 1)
	s := sitetest.Build(t, src)
	s.AssertFile("old/pilot/index.html", `<meta http-equiv="refresh" content="0; url=/en/case-studies/pilot/">`,
		`<link rel="canonical" href="https://example.org/en/case-studies/pilot/">`, `<a href="/en/case-studies/pilot/">Pilot</a>`)
	s.AssertFile("legacy.html", `url=/en/case-studies/pilot/`)
}
