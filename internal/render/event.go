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
	ev := jsonLDEvent{
		Context:    "https://schema.org",
		Type:       "Event",
		Name:       p.Title,
		URL:        p.Permalink,
		StartDate:  fr.Start.Format("2006-01-02"),
		InLanguage: p.Lang,
	}
	if !fr.End.IsZero() {
		ev.EndDate = fr.End.Format("2006-01-02")
	}
	ev.Description = p.Summary
	att := fr.Attendance
	if att == "" {
		att = content.AttendanceInPerson
	}
	ev.AttendanceMode = attendanceModes[att]
	var places []any
	if fr.Location != "" {
		name := fr.Location
		if fr.Venue != "" {
			name = fr.Venue
		}
		places = append(places, jsonLDPlace{Type: "Place", Name: name, Address: fr.Location})
	}
	if att != content.AttendanceInPerson {
		u := fr.Registration
		if u == "" {
			u = p.Permalink
		}
		places = append(places, jsonLDVirtual{Type: "VirtualLocation", URL: u})
	}
	switch len(places) {
	case 1:
		ev.Location = places[0]
	case 2:
		ev.Location = places
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

// The JSON-LD of an event, as structs rather than maps, which
// encoding/json would sort at every call: the fields are in the order of
// their names so that the output is what sorted maps gave.
type jsonLDEvent struct {
	Context        string `json:"@context"`
	Type           string `json:"@type"`
	Description    string `json:"description,omitempty"`
	EndDate        string `json:"endDate,omitempty"`
	AttendanceMode string `json:"eventAttendanceMode"`
	InLanguage     string `json:"inLanguage"`
	Location       any    `json:"location,omitempty"`
	Name           string `json:"name"`
	StartDate      string `json:"startDate"`
	URL            string `json:"url"`
}

type jsonLDPlace struct {
	Type    string `json:"@type"`
	Address string `json:"address"`
	Name    string `json:"name"`
}

type jsonLDVirtual struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
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
