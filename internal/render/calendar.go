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
// exist and the default language's version where they do not. A Renderer
// that records (serve) keeps each event's entry, by what it shows, for
// the language's next calendar: after an edit of one event, the others'
// entries are copied rather than written again, a few megabytes on a
// large site.
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
	var kept, next map[vevent][]byte
	if r.opts.Record && len(events) > 1 {
		r.veventsMu.Lock()
		kept = r.vevents[code]
		r.veventsMu.Unlock()
		next = make(map[vevent][]byte, len(events))
	}
	for _, p := range events {
		if p.File == nil || p.File.Kind != content.KindEvent {
			continue
		}
		e := veventOf(p, host)
		if next == nil {
			c.vevent(e, code)
			continue
		}
		entry, ok := kept[e]
		if ok {
			c.b = append(c.b, entry...)
		} else {
			start := len(c.b)
			c.vevent(e, code)
			entry = c.b[start:len(c.b):len(c.b)]
			entry = append([]byte(nil), entry...)
		}
		next[e] = entry
	}
	if next != nil {
		r.veventsMu.Lock()
		if r.vevents == nil {
			r.vevents = map[string]map[vevent][]byte{}
		}
		r.vevents[code] = next
		r.veventsMu.Unlock()
	}
	c.line("END:VCALENDAR")
	w.Write(c.b)
}

// vevent is what an event's entry in a calendar shows, all of it: entries
// are kept by it.
type vevent struct {
	uid, lang                    string
	stamp, start, end            time.Time
	title, venue, location, desc string
	url                          string
}

func veventOf(p *site.Page, host string) vevent {
	f := p.File.Front
	stamp := p.Lastmod
	if stamp.IsZero() {
		stamp = f.Start
	}
	return vevent{
		uid: p.Group.Key + "/" + p.Lang + "@" + host, lang: p.Lang,
		stamp: stamp, start: f.Start, end: f.End,
		title: p.Title, venue: f.Venue, location: f.Location, desc: p.Summary,
		url: p.Permalink,
	}
}

// vevent writes an event's entry in a calendar of language code.
func (c *icsWriter) vevent(e vevent, code string) {
	c.line("BEGIN:VEVENT")
	// The UID names the event and the language of the entry, so that it
	// stays the same across builds and calendar clients update entries
	// instead of duplicating them.
	c.prop("UID", e.uid)
	c.time("DTSTAMP:", e.stamp.UTC(), "20060102T150405Z")
	start, end := e.start, e.end
	if end.IsZero() {
		end = start
	}
	if allDay(start) && allDay(end) {
		// All-day events: DTEND is exclusive, the day after the last day.
		c.time("DTSTART;VALUE=DATE:", start, "20060102")
		c.time("DTEND;VALUE=DATE:", end.AddDate(0, 0, 1), "20060102")
	} else {
		c.time("DTSTART:", start.UTC(), "20060102T150405Z")
		if !e.end.IsZero() {
			c.time("DTEND:", end.UTC(), "20060102T150405Z")
		}
	}
	c.prop("SUMMARY", e.title)
	switch venue, location := strings.TrimSpace(e.venue), strings.TrimSpace(e.location); {
	case venue != "" && location != "":
		c.prop("LOCATION", venue+", "+location)
	case venue != "" || location != "":
		c.prop("LOCATION", venue+location)
	}
	desc := e.desc
	if desc == "" {
		desc = lang.FormatRange(e.start, e.end, e.lang)
	}
	c.prop("DESCRIPTION", desc)
	c.line("URL:" + e.url)
	if e.lang != code {
		c.line("X-PUENTE-LANGUAGE:" + e.lang)
	}
	c.line("END:VEVENT")
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
