// Package translations owns the translators' view of a site: per language,
// which pages have no translation and which translations are older than
// their source. Both `puente translations` and serve's report page read it.
// It knows nothing about how the site model was built.
package translations

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/puente-ssg/puente/internal/site"
)

// Entry is one page missing or stale in a language.
type Entry struct {
	// Section is the page's section key, "" for standalone pages.
	Section string `json:"section"`
	// Title is the source page's title.
	Title string `json:"title"`
	// Source is the file translated from: the default language's file
	// where there is one.
	Source     string    `json:"source"`
	SourceURL  string    `json:"sourceURL"`
	SourceDate time.Time `json:"sourceDate,omitzero"`
	// File is the stale translation (empty for a missing one).
	File string    `json:"file,omitempty"`
	URL  string    `json:"url,omitempty"`
	Date time.Time `json:"date,omitzero"`
	// Admin is the page's entry in the browser editor (/admin/).
	Admin string `json:"admin,omitempty"`
	// Changes are the source's changes since the translation was last
	// updated (AddChanges; stale translations only).
	Changes *Changes `json:"changes,omitempty"`
}

// Language is the report of one language.
type Language struct {
	Lang string `json:"lang"`
	// Pages is the number of content pages; Translated how many exist in
	// this language.
	Pages      int     `json:"pages"`
	Translated int     `json:"translated"`
	Missing    []Entry `json:"missing"`
	Stale      []Entry `json:"stale"`
	// Sections has the same counts per section key.
	Sections []Section `json:"sections"`
}

// Section is the coverage of one section in one language.
type Section struct {
	Key        string `json:"key"`
	Pages      int    `json:"pages"`
	Translated int    `json:"translated"`
}

// Result is the whole report.
type Result struct {
	Languages []Language `json:"languages"`
}

// Report compares every translation group of m. dates gives a file's last
// commit date (nil outside Git); without one a page's lastmod is used.
func Report(m *site.Model, dates map[string]time.Time) *Result {
	when := func(p *site.Page) time.Time {
		if d, ok := dates[p.File.Path]; ok {
			return d
		}
		return p.Lastmod
	}
	res := &Result{}
	for _, l := range m.Config.Languages {
		lr := Language{Lang: l.Code, Missing: []Entry{}, Stale: []Entry{}}
		secIndex := map[string]int{}
		for _, g := range m.Groups {
			if len(g.Pages) == 0 {
				continue
			}
			src := g.In(m.Config.DefaultLanguage)
			if src == nil {
				src = g.Pages[0]
			}
			i, ok := secIndex[g.Section]
			if !ok {
				i = len(lr.Sections)
				secIndex[g.Section] = i
				lr.Sections = append(lr.Sections, Section{Key: g.Section})
			}
			lr.Pages++
			lr.Sections[i].Pages++
			e := Entry{Section: g.Section, Title: src.Title, Source: src.File.Path, SourceURL: src.URL, SourceDate: when(src), Admin: adminURL(src)}
			p := g.In(l.Code)
			if p == nil {
				lr.Missing = append(lr.Missing, e)
				continue
			}
			lr.Translated++
			lr.Sections[i].Translated++
			if p == src {
				continue
			}
			if d := when(p); !d.IsZero() && !e.SourceDate.IsZero() && d.Before(e.SourceDate) {
				e.File, e.URL, e.Date = p.File.Path, p.URL, d
				lr.Stale = append(lr.Stale, e)
			}
		}
		res.Languages = append(res.Languages, lr)
	}
	return res
}

// Complete reports whether nothing is missing or stale.
func (r *Result) Complete() bool { return r.MissingCount() == 0 && r.StaleCount() == 0 }

// MissingCount is the number of missing translations in all languages.
func (r *Result) MissingCount() int {
	n := 0
	for _, l := range r.Languages {
		n += len(l.Missing)
	}
	return n
}

// StaleCount is the number of stale translations in all languages.
func (r *Result) StaleCount() int {
	n := 0
	for _, l := range r.Languages {
		n += len(l.Stale)
	}
	return n
}

// WriteChanges prints, for each stale translation with changes (see
// AddChanges), its source's changed paragraphs with [-removed-] and
// {+added+} words.
func (r *Result) WriteChanges(w io.Writer) {
	for _, l := range r.Languages {
		for _, e := range l.Stale {
			if e.Changes == nil {
				continue
			}
			fmt.Fprintf(w, "\n%s: %s changed since %s (%s, %s)\n", e.File, e.Source, e.Changes.Commit, day(e.Changes.Date), "the translation's last commit")
			if e.Changes.Note != "" {
				fmt.Fprintf(w, "  (%s)\n", e.Changes.Note)
			}
			for _, p := range e.Changes.Paragraphs {
				where := "removed"
				if p.Line > 0 {
					where = fmt.Sprintf("line %d", p.Line)
				}
				fmt.Fprintf(w, "  %s: %s\n", where, p.Text())
			}
			if e.Admin != "" {
				fmt.Fprintf(w, "  edit: %s\n", e.Admin)
			}
		}
	}
}

// WriteText prints the report as a table per language.
func (r *Result) WriteText(w io.Writer) {
	for i, l := range r.Languages {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: %d of %d pages translated, %d missing, %d stale\n", l.Lang, l.Translated, l.Pages, len(l.Missing), len(l.Stale))
		if len(l.Missing)+len(l.Stale) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  STATE\tSOURCE\tTRANSLATION\tSOURCE DATE\tTRANSLATION DATE")
		for _, e := range l.Missing {
			fmt.Fprintf(tw, "  missing\t%s\t-\t%s\t-\n", e.Source, day(e.SourceDate))
		}
		for _, e := range l.Stale {
			fmt.Fprintf(tw, "  stale\t%s\t%s\t%s\t%s\n", e.Source, e.File, day(e.SourceDate), day(e.Date))
		}
		tw.Flush()
	}
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}
