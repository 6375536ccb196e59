package lang

import (
	"fmt"
	"strconv"
	"time"
)

// dateStyle is how one language writes dates. Months are lower case in
// Spanish and Portuguese, as their academies prescribe.
type dateStyle struct {
	months [12]string
	// of joins day, month and year: " de " in es and pt, " " in en.
	of string
}

var dateStyles = map[string]dateStyle{
	"en": {
		months: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		of: " ",
	},
	"es": {
		months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio",
			"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		of: " de ",
	},
	"pt": {
		months: [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho",
			"julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		of: " de ",
	},
}

// rangeDash separates the ends of a range. Within a month it stands closed up
// between the two days ("7–10"), as English and Spanish style guides and
// CLDR's interval formats write it; across months or years, where each end has
// spaces inside it, it takes a space on each side ("30 September – 2 October").
const rangeDash = "–"

func style(code string) (dateStyle, bool) {
	if s, ok := dateStyles[code]; ok {
		return s, true
	}
	s, ok := dateStyles[base(code)]
	return s, ok
}

// MonthName returns the name of m in the language of code, as it is written
// inside a date: "October", "octubre", "outubro". Languages without a table
// get the English name; a month outside January to December gives "".
func MonthName(m time.Month, code string) string {
	if m < time.January || m > time.December {
		return ""
	}
	s, ok := style(code)
	if !ok {
		s = dateStyles["en"]
	}
	return s.months[m-1]
}

// FormatDate writes the calendar date of t (in t's own location) the way the
// language of code writes it: "7 October 2019" (en), "7 de octubre de 2019"
// (es), "7 de outubro de 2019" (pt). Languages without a table get ISO 8601
// (2019-10-07). The zero time gives "", so templates can print optional dates.
func FormatDate(t time.Time, code string) string {
	if t.IsZero() {
		return ""
	}
	s, ok := style(code)
	if !ok {
		return t.Format("2006-01-02")
	}
	y, m, d := t.Date()
	return strconv.Itoa(d) + s.of + s.months[m-1] + s.of + strconv.Itoa(y)
}

// FormatMonth writes a month of a year: "October 2019", "octubre de 2019",
// "outubro de 2019". Languages without a table, and months outside January to
// December, get ISO 8601 (2019-10).
func FormatMonth(year int, month time.Month, code string) string {
	s, ok := style(code)
	if !ok || month < time.January || month > time.December {
		return fmt.Sprintf("%04d-%02d", year, int(month))
	}
	return s.months[month-1] + s.of + strconv.Itoa(year)
}

// FormatRange writes the dates of an event from start to end, naming the
// month and year once when both ends share them:
//
//	same day     7 October 2019           7 de octubre de 2019
//	same month   7–10 October 2019        7–10 de octubre de 2019
//	same year    30 September – 2 October 2019
//	             30 de septiembre – 2 de octubre de 2019
//	other years  30 December 2019 – 2 January 2020
//	             30 de diciembre de 2019 – 2 de enero de 2020
//
// Portuguese follows Spanish with its own months ("7–10 de outubro de 2019",
// "30 de setembro – 2 de outubro de 2019"). Brazilian prose also says
// "7 a 10 de outubro", but that reads best after a preposition ("de 7 a 10");
// the dash form stands alone as a label, matches CLDR's pt interval format and
// keeps the three languages alike. The dash is an en dash, closed up between
// two days and spaced between longer ends.
//
// A zero end, or an end on the same calendar day, gives FormatDate(start).
// Languages without a table get ISO dates: "2019-10-07 – 2019-10-10".
// The ends are written as given; checking that end is not before start is the
// content's job.
func FormatRange(start, end time.Time, code string) string {
	if end.IsZero() || start.IsZero() {
		// A range needs both ends; with one, show the one there is.
		if start.IsZero() {
			return FormatDate(end, code)
		}
		return FormatDate(start, code)
	}
	sy, sm, sd := start.Date()
	ey, em, ed := end.Date()
	if sy == ey && sm == em && sd == ed {
		return FormatDate(start, code)
	}
	s, ok := style(code)
	if !ok {
		return FormatDate(start, code) + " " + rangeDash + " " + FormatDate(end, code)
	}
	switch {
	case sy == ey && sm == em:
		return strconv.Itoa(sd) + rangeDash + strconv.Itoa(ed) + s.of + s.months[em-1] + s.of + strconv.Itoa(ey)
	case sy == ey:
		return fmt.Sprintf("%d%s%s %s %d%s%s%s%d",
			sd, s.of, s.months[sm-1], rangeDash, ed, s.of, s.months[em-1], s.of, ey)
	default:
		return FormatDate(start, code) + " " + rangeDash + " " + FormatDate(end, code)
	}
}
