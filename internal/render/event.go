package render

import (
	"bytes"
	"encoding/json"

	"github.com/puente-ssg/puente/internal/content"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/site"
)

// Schema.org's attendance modes, by the attendance field's values; an
// event with a location and no attendance is attended in person.
var attendanceModes = map[content.Attendance]string{
	content.AttendanceInPerson: "https://schema.org/OfflineEventAttendanceMode",
	content.AttendanceOnline:   "https://schema.org/OnlineEventAttendanceMode",
	content.AttendanceMixed:    "https://schema.org/MixedEventAttendanceMode",
}

// eventJSONLD is an event page's schema.org Event as JSON-LD, for the
// <script type="application/ld+json"> of its head: what search engines
// read for their event listings, with the attendance mode and, for online
// and mixed events, a VirtualLocation whose URL is the registration link,
// else the page.
func (r *Renderer) eventJSONLD(p *site.Page) (template.JS, error) {
	f := p.File
	if f == nil || f.Kind != content.KindEvent || f.Front.Start.IsZero() {
		return "", nil
	}
	fr := f.Front
	ev := map[string]any{
		"@context":   "https://schema.org",
		"@type":      "Event",
		"name":       p.Title,
		"url":        p.Permalink,
		"startDate":  fr.Start.Format("2006-01-02"),
		"inLanguage": p.Lang,
	}
	if !fr.End.IsZero() {
		ev["endDate"] = fr.End.Format("2006-01-02")
	}
	if p.Summary != "" {
		ev["description"] = p.Summary
	}
	att := fr.Attendance
	if att == "" {
		att = content.AttendanceInPerson
	}
	ev["eventAttendanceMode"] = attendanceModes[att]
	var places []any
	if fr.Location != "" {
		name := fr.Location
		if fr.Venue != "" {
			name = fr.Venue
		}
		places = append(places, map[string]any{"@type": "Place", "name": name, "address": fr.Location})
	}
	if att != content.AttendanceInPerson {
		u := fr.Registration
		if u == "" {
			u = p.Permalink
		}
		places = append(places, map[string]any{"@type": "VirtualLocation", "url": u})
	}
	switch len(places) {
	case 1:
		ev["location"] = places[0]
	case 2:
		ev["location"] = places
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// Escaping <, > and & keeps the JSON from closing its script element.
	enc.SetEscapeHTML(true)
	if err := enc.Encode(ev); err != nil {
		return "", err
	}
	return template.JS(bytes.TrimSpace(b.Bytes())), nil
}

// xDefaultURL is the address hreflang="x-default" names for p: the
// language chooser at the root for a home page (the chooser is the page
// for visitors of no site language), else the page's translation in the
// default language, else p itself.
func (r *Renderer) xDefaultURL(p *site.Page) string {
	if p.Kind == string(content.KindHome) {
		return site.AbsURL(r.model.Config.BaseURL, "/")
	}
	return r.model.XDefault(p).Permalink
}
