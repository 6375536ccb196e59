// Package content owns the files under content/: walking the tree, reading a
// file name as section, slug and language, decoding front matter (YAML, TOML
// or JSON) into typed fields per page kind with the line of each field, the
// checks a single file can make on its own, and what `puente new` scaffolds.
// It knows nothing about URLs, indexes or templates.
package content

import "time"

// Dir is the content folder, relative to the site root.
const Dir = "content"

// Kind is the kind of page a content file makes.
type Kind string

// Page kinds that come from content files.
const (
	KindHome       Kind = "home"       // content/_index.<lang>.md
	KindSection    Kind = "section"    // content/<section>/_index.<lang>.md
	KindRegion     Kind = "region"     // content/regions/<slug>.<lang>.md
	KindEvent      Kind = "event"      // content/events/<slug>.<lang>.md
	KindNewsletter Kind = "newsletter" // content/newsletters/<slug>.<lang>.md
	KindCaseStudy  Kind = "case-study" // content/case-studies/<slug>.<lang>.md
	KindPage       Kind = "page"       // content/<slug>.<lang>.md, or any other section
)

// Sections maps each section folder with a page kind of its own to that kind.
var Sections = map[string]Kind{
	"regions":      KindRegion,
	"events":       KindEvent,
	"newsletters":  KindNewsletter,
	"case-studies": KindCaseStudy,
}

// File is one source file under content/, decoded.
type File struct {
	// Path is relative to the site root, with forward slashes.
	Path string
	// Section is the folder under content/ ("events"), "" for the root.
	Section string
	Kind    Kind
	// Slug is the file name without language suffix and extension
	// ("kickoff" for content/events/kickoff.es.md, "_index" for an index).
	Slug string
	// Lang is the language code from the suffix, or the default language.
	Lang string
	// Format is the front matter format: "yaml", "toml", "json" or "" if none.
	Format string
	Front  Front
	// Body is the Markdown after the front matter.
	Body []byte
	// BodyLine is the line of the file on which Body starts.
	BodyLine int
	// Blank is true for a file with front matter and nothing below it.
	Blank bool
	// BodyOffset is the byte offset of Body in the file once a byte-order
	// mark and CR line ends are normalized (see BodyFrom).
	BodyOffset int
	// Hash is a hash of the file's bytes, for caches and change detection.
	Hash [32]byte
}

// Front is the typed front matter of every kind. Fields that a kind does not
// use are errors in files of other kinds (an event has no issue number).
type Front struct {
	Title          string
	Summary        string
	Date           time.Time
	Lastmod        time.Time
	Draft          bool
	Slug           string
	TranslationKey string
	Regions        []string
	Themes         []string
	Aliases        []string
	Weight         int
	// Image is the page's picture and social card, a path inside
	// assets/; ImageAlt says what it shows.
	Image    string
	ImageAlt string

	// Region
	Countries []string
	Programme string

	// Event
	Start        time.Time
	End          time.Time
	Location     string
	Venue        string
	Registration string
	Attendance   Attendance

	// TOC forces a page's table of contents on or off; TOCAuto leaves it
	// to the number of second-level headings.
	TOC TOC

	// Newsletter
	Issue int
	PDF   string

	// Case study
	Cities   []string
	Partners []string

	// Lines gives the line of each field present, and of each item of a
	// list field, for messages about them.
	Lines Lines
}

// Attendance is how an event is attended: the schema.org
// eventAttendanceMode of its page.
type Attendance string

// The values of an event's attendance field.
const (
	AttendanceInPerson Attendance = "in-person"
	AttendanceOnline   Attendance = "online"
	AttendanceMixed    Attendance = "mixed"
)

// TOC is a page's toc field.
type TOC int8

// The values of TOC: no toc field, toc: true, toc: false.
const (
	TOCAuto TOC = iota
	TOCOn
	TOCOff
)

// Lines are the lines of a file's front matter fields, in the order read.
// A slice rather than a map: every page of a site keeps its own, and on a
// large site the maps and their "regions.0" keys cost the collector more
// than the few lookups an error message makes.
type Lines []FieldLine

// FieldLine is the line of a field (Item -1) or of one item of a list field.
type FieldLine struct {
	Field string
	Item  int32
	Line  int32
}

// Of returns the line of a field.
func (l Lines) Of(field string) (int, bool) { return l.OfItem(field, -1) }

// OfItem returns the line of item i of a list field.
func (l Lines) OfItem(field string, i int) (int, bool) {
	for _, fl := range l {
		if fl.Field == field && int(fl.Item) == i {
			return int(fl.Line), true
		}
	}
	return 0, false
}

// Line returns the line of a front matter field, or the first line of the
// front matter when the field is absent. Lines.OfItem gives the line of an
// item of a list field.
func (f *File) Line(field string) int {
	if l, ok := f.Front.Lines.Of(field); ok {
		return l
	}
	return 1
}
