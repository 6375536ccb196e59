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

// Ref says what a field's value names beyond its type, for the checks and
// for the CMS widget that picks it.
type Ref int

// What a field's value can name.
const (
	RefNone    Ref = iota
	RefRegion      // region keys: the slugs of content/regions/ files
	RefTheme       // theme keys from site.yaml
	RefCountry     // ISO 3166-1 alpha-2 codes
	RefURL         // an absolute http(s) URL
	RefAsset       // a path of a file under assets/ (a download such as a PDF)
	RefImage       // a path of an image under assets/
	RefPath        // a path on this site (/old/url/)
)

// field is one front matter field that some kind of page knows: the one
// table that the decoder's checks and the CMS configuration read, so that a
// field added here reaches both.
type field struct {
	name string
	typ  fieldType
	// kinds that accept the field; nil means every kind.
	kinds []Kind
	// required lists the kinds that must have the field.
	required []Kind
	// shared fields hold one value for every translation of a page (dates,
	// regions, themes): a translator does not change them.
	shared bool
	ref    Ref
	// multiline text (a summary) rather than one line.
	multiline bool
	// options are the only values a text field may hold, when set.
	options []string
	// what a list holds, for messages: "region keys".
	items string
}

// fields lists every front matter field, in the order the contract gives
// them. Names are case sensitive.
var fields = []field{
	{name: "title", typ: typeText, required: allKinds},
	{name: "summary", typ: typeText, multiline: true},
	{name: "date", typ: typeDate, shared: true, required: []Kind{KindNewsletter}},
	{name: "lastmod", typ: typeDate},
	{name: "draft", typ: typeBool},
	{name: "slug", typ: typeText},
	{name: "translationKey", typ: typeText},
	{name: "regions", typ: typeList, items: "region keys", ref: RefRegion, shared: true},
	{name: "themes", typ: typeList, items: "theme keys", ref: RefTheme, shared: true},
	{name: "aliases", typ: typeList, items: "paths", ref: RefPath},
	{name: "weight", typ: typeInt, shared: true},
	{name: "image", typ: typeText, ref: RefImage, shared: true},
	{name: "imageAlt", typ: typeText},
	{name: "toc", typ: typeBool, shared: true},

	{name: "countries", typ: typeList, items: "country codes", ref: RefCountry, shared: true, kinds: []Kind{KindRegion}},
	{name: "programme", typ: typeText, shared: true, kinds: []Kind{KindRegion}},

	{name: "start", typ: typeDate, shared: true, required: []Kind{KindEvent}, kinds: []Kind{KindEvent}},
	{name: "end", typ: typeDate, shared: true, kinds: []Kind{KindEvent}},
	{name: "location", typ: typeText, kinds: []Kind{KindEvent}},
	{name: "venue", typ: typeText, kinds: []Kind{KindEvent}},
	{name: "registration", typ: typeText, ref: RefURL, kinds: []Kind{KindEvent}},
	{name: "attendance", typ: typeText, shared: true, options: []string{string(AttendanceInPerson), string(AttendanceOnline), string(AttendanceMixed)}, kinds: []Kind{KindEvent}},

	{name: "issue", typ: typeInt, shared: true, kinds: []Kind{KindNewsletter}},
	{name: "pdf", typ: typeText, ref: RefAsset, kinds: []Kind{KindNewsletter}},

	{name: "cities", typ: typeList, items: "city names", kinds: []Kind{KindCaseStudy}},
	{name: "partners", typ: typeList, items: "partner names", kinds: []Kind{KindCaseStudy}},
}

// allKinds are the kinds of page that come from content files.
var allKinds = []Kind{KindHome, KindSection, KindRegion, KindEvent, KindNewsletter, KindCaseStudy, KindPage}

// FieldType is the type of a front matter field's value.
type FieldType string

// Field types.
const (
	TypeText FieldType = "text"
	TypeInt  FieldType = "int"
	TypeBool FieldType = "bool"
	TypeDate FieldType = "date" // written 2006-01-02
	TypeList FieldType = "list" // a list of texts
)

// FieldSpec describes one front matter field of a kind of page, for
// programs that write front matter (the CMS configuration).
type FieldSpec struct {
	Name     string
	Type     FieldType
	Ref      Ref
	Required bool
	// Shared is true when every translation of a page holds the same value.
	Shared    bool
	Multiline bool
	// Options are the only values the field may hold, when not nil.
	Options []string
}

// Schema returns the front matter fields a kind of page accepts, in the
// contract's order, as the decoder checks them.
func Schema(k Kind) []FieldSpec {
	types := map[fieldType]FieldType{typeText: TypeText, typeInt: TypeInt, typeBool: TypeBool, typeDate: TypeDate, typeList: TypeList}
	var out []FieldSpec
	for _, f := range fields {
		if f.kinds == nil || slices.Contains(f.kinds, k) {
			out = append(out, FieldSpec{Name: f.name, Type: types[f.typ], Ref: f.ref,
				Required: slices.Contains(f.required, k), Shared: f.shared, Multiline: f.multiline, Options: f.options})
		}
	}
	return out
}

// Required returns the front matter fields a kind of page must have.
func Required(k Kind) []string {
	var names []string
	for _, f := range fields {
		if slices.Contains(f.required, k) {
			names = append(names, f.name)
		}
	}
	return names
}

// Fields returns the names of the front matter fields a kind of page accepts,
// in the contract's order.
func Fields(k Kind) []string {
	var names []string
	for _, f := range Schema(k) {
		names = append(names, f.Name)
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
			p.setText(fd, v)
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
	if e, ok := seen["image"]; ok && fr.Image != "" && strings.TrimSpace(fr.ImageAlt) == "" {
		p.errs.Errorf(p.pos(e.line, e.col), "image %s has no imageAlt: add imageAlt: with what it shows", fr.Image)
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

func (p *parser) setText(fd field, v node) {
	fr := &p.file.Front
	at := p.pos(v.line, v.col)
	s := v.text
	if fd.options != nil && !slices.Contains(fd.options, s) {
		p.errs.Errorf(at, "%s: %q is not one of %s%s", fd.name, s, strings.Join(fd.options, ", "), diag.Suggest(s, fd.options))
		return
	}
	if fd.ref == RefURL {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.errs.Errorf(at, "%s: %q is not an absolute http(s) URL, like https://example.org/register", fd.name, s)
			return
		}
	}
	switch fd.name {
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
		fr.Registration = s
	case "pdf":
		fr.PDF = s
	case "image":
		fr.Image = s
	case "imageAlt":
		fr.ImageAlt = s
	case "attendance":
		fr.Attendance = Attendance(s)
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
		switch fd.ref {
		case RefRegion, RefTheme:
			if !keyRE.MatchString(s) {
				msg := fmt.Sprintf("%s: %q is not a key (want lowercase words joined by hyphens", fd.name, s)
				if k := Slugify(s); k != "" {
					msg += fmt.Sprintf(", like %q", k)
				}
				p.errs.Errorf(at, "%s)", msg)
				continue
			}
		case RefCountry:
			if !countryRE.MatchString(s) {
				like := "MX"
				if len(s) == 2 && countryRE.MatchString(strings.ToUpper(s)) {
					like = strings.ToUpper(s)
				}
				p.errs.Errorf(at, "%s: %q is not an ISO 3166-1 alpha-2 code like %q", fd.name, s, like)
				continue
			}
			if !lang.ValidCountry(s) {
				p.errs.Errorf(at, "%s: %q is not an assigned ISO 3166-1 country code (Mexico is MX, Guatemala GT, the United Kingdom GB)", fd.name, s)
				continue
			}
		case RefPath:
			if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.Contains(s, "..") ||
				strings.Contains(s, "://") || strings.ContainsAny(s, " \t\n\\") {
				p.errs.Errorf(at, "%s: %q must be a path on this site, like /old/url/", fd.name, s)
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
