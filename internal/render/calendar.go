package render

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/site"
)

// EventCalendarName is the file name of an event's own calendar, beside its
// index.html; CalendarName is the name of a language's calendar of all
// events, in its events section.
const (
	EventCalendarName = "event.ics"
	CalendarName      = "calendar.ics"
)

// EventCalendar renders one event as an iCalendar (RFC 5545) file.
func (r *Renderer) EventCalendar(w io.Writer, p *site.Page) {
	r.calendar(w, p.Lang, p.Title, []*site.Page{p})
}

// Calendar renders every event of a language, translations where they
// exist and the default language's version where they do not.
func (r *Renderer) Calendar(w io.Writer, lv *site.Lang, events []*site.Page) {
	r.calendar(w, lv.Code, lv.Title, events)
}

func (r *Renderer) calendar(w io.Writer, code, name string, events []*site.Page) {
	c := &icsWriter{w: w}
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//puente//" + strings.ToUpper(code) + "//" + strings.ToUpper(code))
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	c.prop("X-WR-CALNAME", name)
	for _, p := range events {
		if p.File == nil || p.File.Kind != content.KindEvent {
			continue
		}
		f := p.File.Front
		c.line("BEGIN:VEVENT")
		// The UID names the event and the language of the entry, so that it
		// stays the same across builds and calendar clients update entries
		// instead of duplicating them.
		c.line("UID:" + icsEscape(p.Group.Key+"/"+p.Lang) + "@" + r.host())
		stamp := p.Lastmod
		if stamp.IsZero() {
			stamp = f.Start
		}
		c.line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		start, end := f.Start, f.End
		if end.IsZero() {
			end = start
		}
		if allDay(start) && allDay(end) {
			// All-day events: DTEND is exclusive, the day after the last day.
			c.line("DTSTART;VALUE=DATE:" + start.Format("20060102"))
			c.line("DTEND;VALUE=DATE:" + end.AddDate(0, 0, 1).Format("20060102"))
		} else {
			c.line("DTSTART:" + start.UTC().Format("20060102T150405Z"))
			if !f.End.IsZero() {
				c.line("DTEND:" + end.UTC().Format("20060102T150405Z"))
			}
		}
		c.prop("SUMMARY", p.Title)
		if loc := strings.Join(nonEmpty(f.Venue, f.Location), ", "); loc != "" {
			c.prop("LOCATION", loc)
		}
		desc := p.Summary
		if desc == "" {
			desc = lang.FormatRange(f.Start, f.End, p.Lang)
		}
		c.prop("DESCRIPTION", desc)
		c.line("URL:" + p.Permalink)
		if p.Lang != code {
			c.line("X-PUENTE-LANGUAGE:" + p.Lang)
		}
		c.line("END:VEVENT")
	}
	c.line("END:VCALENDAR")
}

func (r *Renderer) host() string {
	if r.model.Config.BaseURL != nil && r.model.Config.BaseURL.Host != "" {
		return r.model.Config.BaseURL.Host
	}
	return "puente.invalid"
}

func allDay(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// icsWriter writes content lines with CRLF ends, folded at 75 octets
// without splitting a UTF-8 character (RFC 5545, 3.1).
type icsWriter struct{ w io.Writer }

func (c *icsWriter) prop(name, value string) { c.line(name + ":" + icsEscape(value)) }

func (c *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit // not UTF-8: fold at the limit
		}
		io.WriteString(c.w, s[:cut])
		io.WriteString(c.w, "\r\n ")
		s = s[cut:]
		limit = 74 // after the folded line's leading space
	}
	io.WriteString(c.w, s)
	io.WriteString(c.w, "\r\n")
}

// icsEscaper is built once: a Replacer builds its lookup tables on first
// use, which cost more than the escaping when made for every value.
var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// icsEscape escapes a TEXT value.
func icsEscape(s string) string {
	return icsEscaper.Replace(s)
}
