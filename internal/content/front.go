package content

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/lang"
)

type fieldType int

const (
	typeText fieldType = iota
	typeInt
	typeBool
	typeDate
	typeList
)

// field is one front matter field that some kind of page knows.
type field struct {
	name string
	typ  fieldType
	// kinds that accept the field; nil means every kind.
	kinds []Kind
	// what a list holds, for messages: "region keys".
	items string
}

// fields lists every front matter field, in the order the contract gives
// them. Names are case sensitive.
var fields = []field{
	{name: "title", typ: typeText},
	{name: "summary", typ: typeText},
	{name: "date", typ: typeDate},
	{name: "lastmod", typ: typeDate},
	{name: "draft", typ: typeBool},
	{name: "slug", typ: typeText},
	{name: "translationKey", typ: typeText},
	{name: "regions", typ: typeList, items: "region keys"},
	{name: "themes", typ: typeList, items: "theme keys"},
	{name: "aliases", typ: typeList, items: "paths"},
	{name: "weight", typ: typeInt},
	{name: "toc", typ: typeBool},

	{name: "countries", typ: typeList, items: "country codes", kinds: []Kind{KindRegion}},
	{name: "programme", typ: typeText, kinds: []Kind{KindRegion}},

	{name: "start", typ: typeDate, kinds: []Kind{KindEvent}},
	{name: "end", typ: typeDate, kinds: []Kind{KindEvent}},
	{name: "location", typ: typeText, kinds: []Kind{KindEvent}},
	{name: "venue", typ: typeText, kinds: []Kind{KindEvent}},
	{name: "registration", typ: typeText, kinds: []Kind{KindEvent}},
	{name: "attendance", typ: typeText, kinds: []Kind{KindEvent}},

	{name: "issue", typ: typeInt, kinds: []Kind{KindNewsletter}},
	{name: "pdf", typ: typeText, kinds: []Kind{KindNewsletter}},

	{name: "cities", typ: typeList, items: "city names", kinds: []Kind{KindCaseStudy}},
	{name: "partners", typ: typeList, items: "partner names", kinds: []Kind{KindCaseStudy}},
}

// Required returns the front matter fields a kind of page must have.
func Required(k Kind) []string {
	switch k {
	case KindEvent:
		return []string{"title", "start"}
	case KindNewsletter:
		return []string{"title", "date"}
	}
	return []string{"title"}
}

// Fields returns the names of the front matter fields a kind of page accepts,
// in the contract's order.
func Fields(k Kind) []string {
	var names []string
	for _, f := range fields {
		if f.kinds == nil || slices.Contains(f.kinds, k) {
			names = append(names, f.name)
		}
	}
	return names
}

func lookupField(name string) (field, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

func allFieldNames() []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

// kindPlural names pages of a kind in messages ("not events").
func kindPlural(k Kind) string {
	switch k {
	case KindHome:
		return "the home page"
	case KindSection:
		return "section intros"
	case KindRegion:
		return "regions"
	case KindEvent:
		return "events"
	case KindNewsletter:
		return "newsletters"
	case KindCaseStudy:
		return "case studies"
	}
	return "pages"
}

// dateLayouts are the accepted spellings of a date; times without a zone
// are UTC so that builds do not depend on the machine's zone.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
}

// ParseDate reads a front matter date in any accepted spelling.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var (
	keyRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	countryRE = regexp.MustCompile(`^[A-Z]{2}$`)
)

// decodeFront turns the generic entries of any format into p.file.Front,
// checking every field and collecting every problem.
func (p *parser) decodeFront(entries []entry) {
	f := p.file
	fr := &f.Front
	seen := map[string]entry{}
	dates := map[string]string{} // field -> text, for end-before-start
	all := allFieldNames()

	fr.Lines = make(Lines, 0, 2*len(entries))
	for _, e := range entries {
		at := p.pos(e.line, e.col)
		if prev, dup := seen[e.key]; dup {
			p.errs.Errorf(at, "duplicate field %q (first on line %d)", e.key, prev.line)
			continue
		}
		seen[e.key] = e
		fr.Lines = append(fr.Lines, FieldLine{Field: e.key, Item: -1, Line: int32(e.line)})

		fd, known := lookupField(e.key)
		if !known {
			p.errs.Errorf(at, "unknown field %q%s", e.key, diag.Suggest(e.key, all))
			continue
		}
		if fd.kinds != nil && !slices.Contains(fd.kinds, f.Kind) {
			names := make([]string, len(fd.kinds))
			for i, k := range fd.kinds {
				names[i] = kindPlural(k)
			}
			p.errs.Errorf(at, "field %q is for %s, not %s", e.key, strings.Join(names, " and "), kindPlural(f.Kind))
			continue
		}
		v := e.val
		vat := p.pos(v.line, v.col)
		if v.kind == nodeNull {
			if slices.Contains(Required(f.Kind), e.key) {
				p.errs.Errorf(at, "%s: must not be empty", e.key)
			}
			continue
		}

		switch fd.typ {
		case typeText:
			if v.kind != nodeScalar {
				p.errs.Errorf(vat, "%s: want text, not %s", e.key, v.describe())
				continue
			}
			p.setText(fd.name, v)
		case typeInt:
			n, ok := intValue(v)
			if !ok {
				p.errs.Errorf(vat, "%s: %s is not a whole number", e.key, v.describe())
				continue
			}
			switch fd.name {
			case "weight":
				fr.Weight = n
			case "issue":
				if n < 1 {
					p.errs.Errorf(vat, "issue: %s must be 1 or more", v.describe())
					continue
				}
				fr.Issue = n
			}
		case typeBool:
			b, ok := boolValue(v)
			if !ok {
				p.errs.Errorf(vat, "%s: %s is not true or false", e.key, v.describe())
				continue
			}
			switch fd.name {
			case "draft":
				fr.Draft = b
			case "toc":
				if b {
					fr.TOC = TOCOn
				} else {
					fr.TOC = TOCOff
				}
			}
		case typeDate:
			t, ok := dateValue(v)
			if !ok {
				p.errs.Errorf(vat, "%s: %s is not a date (want 2006-01-02)", e.key, v.describe())
				continue
			}
			dates[fd.name] = v.text
			switch fd.name {
			case "date":
				fr.Date = t
			case "lastmod":
				fr.Lastmod = t
			case "start":
				fr.Start = t
			case "end":
				fr.End = t
			}
		case typeList:
			p.setList(fd, v)
		}
	}

	for _, name := range Required(f.Kind) {
		if _, ok := seen[name]; !ok {
			p.errs.Errorf(p.pos(p.openLine, 0), "missing required field %q", name)
		}
	}
	if f.Kind == KindEvent && fr.Location == "" {
		if _, ok := seen["attendance"]; !ok {
			p.errs.Errorf(p.pos(p.openLine, 0), `missing field "attendance": an event without a location needs one (online, or mixed)`)
		} else if fr.Attendance == AttendanceInPerson {
			e := seen["attendance"]
			p.errs.Errorf(p.pos(e.val.line, e.val.col), `attendance: "in-person" needs a location`)
		}
	}
	if _, ok := dates["end"]; ok {
		if _, ok := dates["start"]; ok && fr.End.Before(fr.Start) {
			e := seen["end"]
			p.errs.Errorf(p.pos(e.val.line, e.val.col), "end: %q is before start %q", dates["end"], dates["start"])
		}
	}
}

func (p *parser) setText(name string, v node) {
	fr := &p.file.Front
	at := p.pos(v.line, v.col)
	s := v.text
	switch name {
	case "title":
		if strings.TrimSpace(s) == "" {
			p.errs.Errorf(at, "title: must not be empty")
			return
		}
		fr.Title = s
	case "summary":
		fr.Summary = s
	case "slug":
		if !ValidSlug(s) {
			p.errs.Errorf(at, "%s", notURLSafe("slug:", s))
			return
		}
		fr.Slug = s
	case "translationKey":
		fr.TranslationKey = s
	case "programme":
		fr.Programme = s
	case "location":
		fr.Location = s
	case "venue":
		fr.Venue = s
	case "registration":
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.errs.Errorf(at, "registration: %q is not an absolute http(s) URL, like https://example.org/register", s)
			return
		}
		fr.Registration = s
	case "pdf":
		fr.PDF = s
	case "attendance":
		switch Attendance(s) {
		case AttendanceInPerson, AttendanceOnline, AttendanceMixed:
			fr.Attendance = Attendance(s)
		default:
			p.errs.Errorf(at, "attendance: %q is not one of in-person, online, mixed%s", s, diag.Suggest(s, []string{"in-person", "online", "mixed"}))
		}
	}
}

func (p *parser) setList(fd field, v node) {
	fr := &p.file.Front
	items := v.items
	switch v.kind {
	case nodeScalar:
		// A single value where a list is wanted is a one-item list.
		items = []node{v}
	case nodeMap:
		p.errs.Errorf(p.pos(v.line, v.col), "%s: want a list of %s", fd.name, fd.items)
		return
	}
	var out []string
	seen := map[string]bool{}
	for i, it := range items {
		at := p.pos(it.line, it.col)
		fr.Lines = append(fr.Lines, FieldLine{Field: fd.name, Item: int32(i), Line: int32(it.line)})
		if it.kind != nodeScalar {
			p.errs.Errorf(at, "%s: want a list of %s", fd.name, fd.items)
			continue
		}
		s := it.text
		switch {
		case strings.TrimSpace(s) == "":
			p.errs.Errorf(at, "%s: item %d is empty", fd.name, i+1)
			continue
		case seen[s]:
			p.errs.Errorf(at, "%s: %q is listed twice", fd.name, s)
			continue
		}
		seen[s] = true
		switch fd.name {
		case "regions", "themes":
			if !keyRE.MatchString(s) {
				msg := fmt.Sprintf("%s: %q is not a key (want lowercase words joined by hyphens", fd.name, s)
				if k := Slugify(s); k != "" {
					msg += fmt.Sprintf(", like %q", k)
				}
				p.errs.Errorf(at, "%s)", msg)
				continue
			}
		case "countries":
			if !countryRE.MatchString(s) {
				like := "MX"
				if len(s) == 2 && countryRE.MatchString(strings.ToUpper(s)) {
					like = strings.ToUpper(s)
				}
				p.errs.Errorf(at, "countries: %q is not an ISO 3166-1 alpha-2 code like %q", s, like)
				continue
			}
			if !lang.ValidCountry(s) {
				p.errs.Errorf(at, "countries: %q is not an assigned ISO 3166-1 country code (Mexico is MX, Guatemala GT, the United Kingdom GB)", s)
				continue
			}
		case "aliases":
			if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.Contains(s, "..") ||
				strings.Contains(s, "://") || strings.ContainsAny(s, " \t\n\\") {
				p.errs.Errorf(at, "aliases: %q must be a path on this site, like /old/url/", s)
				continue
			}
		}
		out = append(out, s)
	}
	switch fd.name {
	case "regions":
		fr.Regions = out
	case "themes":
		fr.Themes = out
	case "aliases":
		fr.Aliases = out
	case "countries":
		fr.Countries = out
	case "cities":
		fr.Cities = out
	case "partners":
		fr.Partners = out
	}
}

func intValue(v node) (int, bool) {
	if v.kind != nodeScalar || v.tag == "bool" || v.tag == "time" {
		return 0, false
	}
	s := strings.ReplaceAll(strings.TrimSpace(v.text), "_", "")
	n, err := strconv.ParseInt(s, 10, 0)
	if err != nil {
		return 0, false
	}
	return int(n), true
}

func boolValue(v node) (bool, bool) {
	if v.kind != nodeScalar {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(v.text)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

func dateValue(v node) (time.Time, bool) {
	if v.kind != nodeScalar {
		return time.Time{}, false
	}
	if !v.time.IsZero() {
		return v.time, true
	}
	if v.tag != "str" && v.tag != "time" {
		return time.Time{}, false
	}
	return ParseDate(v.text)
}
