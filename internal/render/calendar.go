package render

import (
	"io"
	"strings"
	"sync"
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
	c := icsWriters.Get().(*icsWriter)
	defer icsWriters.Put(c)
	c.b = c.b[:0]
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//puente//" + strings.ToUpper(code) + "//" + strings.ToUpper(code))
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	c.prop("X-WR-CALNAME", name)
	host := r.host()
	for _, p := range events {
		if p.File == nil || p.File.Kind != content.KindEvent {
			continue
		}
		f := p.File.Front
		c.line("BEGIN:VEVENT")
		// The UID names the event and the language of the entry, so that it
		// stays the same across builds and calendar clients update entries
		// instead of duplicating them.
		c.cur = appendICSEscaped(append(c.cur[:0], "UID:"...), p.Group.Key)
		c.cur = append(appendICSEscaped(append(c.cur, '/'), p.Lang), '@')
		c.cur = append(c.cur, host...)
		c.end()
		stamp := p.Lastmod
		if stamp.IsZero() {
			stamp = f.Start
		}
		c.time("DTSTAMP:", stamp.UTC(), "20060102T150405Z")
		start, end := f.Start, f.End
		if end.IsZero() {
			end = start
		}
		if allDay(start) && allDay(end) {
			// All-day events: DTEND is exclusive, the day after the last day.
			c.time("DTSTART;VALUE=DATE:", start, "20060102")
			c.time("DTEND;VALUE=DATE:", end.AddDate(0, 0, 1), "20060102")
		} else {
			c.time("DTSTART:", start.UTC(), "20060102T150405Z")
			if !f.End.IsZero() {
				c.time("DTEND:", end.UTC(), "20060102T150405Z")
			}
		}
		c.prop("SUMMARY", p.Title)
		switch venue, location := strings.TrimSpace(f.Venue), strings.TrimSpace(f.Location); {
		case venue != "" && location != "":
			c.prop("LOCATION", venue+", "+location)
		case venue != "" || location != "":
			c.prop("LOCATION", venue+location)
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
	w.Write(c.b)
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

// icsWriter gathers content lines with CRLF ends, folded at 75 octets
// without splitting a UTF-8 character (RFC 5545, 3.1). A line is made in
// cur and folded into b, which a large site's calendar of every event
// grows by appending rather than by a write and a string per field.
type icsWriter struct{ b, cur []byte }

// icsWriters keep the buffers of calendars written, for the next: a build
// writes one for every event.
var icsWriters = sync.Pool{New: func() any { return &icsWriter{} }}

// line writes a whole content line.
func (c *icsWriter) line(s string) {
	c.cur = append(c.cur[:0], s...)
	c.end()
}

// prop writes a property with a TEXT value.
func (c *icsWriter) prop(name, value string) {
	c.cur = appendICSEscaped(append(append(c.cur[:0], name...), ':'), value)
	c.end()
}

// time writes a property whose value is t in layout; name ends in ':'.
func (c *icsWriter) time(name string, t time.Time, layout string) {
	c.cur = t.AppendFormat(append(c.cur[:0], name...), layout)
	c.end()
}

// end folds the line made in cur into b.
func (c *icsWriter) end() {
	s, limit := c.cur, 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit // not UTF-8: fold at the limit
		}
		c.b = append(append(c.b, s[:cut]...), "\r\n "...)
		s = s[cut:]
		limit = 74 // after the folded line's leading space
	}
	c.b = append(append(c.b, s...), "\r\n"...)
}

// appendICSEscaped appends a TEXT value escaped: backslashes, semicolons
// and commas escaped, and each line break (CRLF, LF or CR) as \n.
func appendICSEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b = append(b, '\\', c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b = append(b, '\\', 'n')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return b
}
