package lang

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestFormatDate(t *testing.T) {
	kickoff := day(2019, time.October, 7)
	for _, tc := range []struct {
		t    time.Time
		code string
		want string
	}{
		{kickoff, "en", "7 October 2019"},
		{kickoff, "es", "7 de octubre de 2019"},
		{kickoff, "pt", "7 de outubro de 2019"},
		{day(2020, time.March, 31), "pt", "31 de março de 2020"},
		{day(2020, time.September, 1), "es", "1 de septiembre de 2020"},
		{kickoff, "es-MX", "7 de octubre de 2019"},
		{kickoff, "pt-BR", "7 de outubro de 2019"},
		{kickoff, "fr", "2019-10-07"},
		{kickoff, "", "2019-10-07"},
		{kickoff, "not a tag", "2019-10-07"},
		{time.Time{}, "en", ""},
		{time.Time{}, "fr", ""},
		// The date is the one in t's own location, not UTC's.
		{time.Date(2019, 10, 7, 23, 30, 0, 0, time.FixedZone("CST", -6*3600)), "en", "7 October 2019"},
	} {
		if got := FormatDate(tc.t, tc.code); got != tc.want {
			t.Errorf("FormatDate(%v, %q) = %q, want %q", tc.t, tc.code, got, tc.want)
		}
	}
}

func TestFormatRange(t *testing.T) {
	for _, tc := range []struct {
		start, end time.Time
		code       string
		want       string
	}{
		// same day, also at different times of that day
		{day(2019, 10, 7), day(2019, 10, 7), "en", "7 October 2019"},
		{day(2019, 10, 7), day(2019, 10, 7).Add(9 * time.Hour), "es", "7 de octubre de 2019"},
		{day(2019, 10, 7), day(2019, 10, 7), "pt", "7 de outubro de 2019"},
		// no end
		{day(2019, 10, 7), time.Time{}, "en", "7 October 2019"},
		{day(2019, 10, 7), time.Time{}, "es", "7 de octubre de 2019"},
		{day(2019, 10, 7), time.Time{}, "pt", "7 de outubro de 2019"},
		{time.Time{}, time.Time{}, "en", ""},
		{time.Time{}, day(2019, 10, 10), "en", "10 October 2019"},
		// same month
		{day(2019, 10, 7), day(2019, 10, 10), "en", "7–10 October 2019"},
		{day(2019, 10, 7), day(2019, 10, 10), "es", "7–10 de octubre de 2019"},
		{day(2019, 10, 7), day(2019, 10, 10), "pt", "7–10 de outubro de 2019"},
		// across months
		{day(2019, 9, 30), day(2019, 10, 2), "en", "30 September – 2 October 2019"},
		{day(2019, 9, 30), day(2019, 10, 2), "es", "30 de septiembre – 2 de octubre de 2019"},
		{day(2019, 9, 30), day(2019, 10, 2), "pt", "30 de setembro – 2 de outubro de 2019"},
		// across years
		{day(2019, 12, 30), day(2020, 1, 2), "en", "30 December 2019 – 2 January 2020"},
		{day(2019, 12, 30), day(2020, 1, 2), "es", "30 de diciembre de 2019 – 2 de enero de 2020"},
		{day(2019, 12, 30), day(2020, 1, 2), "pt", "30 de dezembro de 2019 – 2 de janeiro de 2020"},
		// same month of different years is across years
		{day(2019, 10, 7), day(2020, 10, 10), "en", "7 October 2019 – 10 October 2020"},
		// unknown language
		{day(2019, 10, 7), day(2019, 10, 10), "fr", "2019-10-07 – 2019-10-10"},
		{day(2019, 10, 7), day(2019, 10, 7), "fr", "2019-10-07"},
		// regional tags use their base language
		{day(2019, 10, 7), day(2019, 10, 10), "es-419", "7–10 de octubre de 2019"},
	} {
		if got := FormatRange(tc.start, tc.end, tc.code); got != tc.want {
			t.Errorf("FormatRange(%s, %s, %q) = %q, want %q",
				tc.start.Format(time.DateOnly), tc.end.Format(time.DateOnly), tc.code, got, tc.want)
		}
	}
}

func TestFormatMonth(t *testing.T) {
	for _, tc := range []struct {
		year  int
		month time.Month
		code  string
		want  string
	}{
		{2019, time.October, "en", "October 2019"},
		{2019, time.October, "es", "octubre de 2019"},
		{2019, time.October, "pt", "outubro de 2019"},
		{2020, time.March, "pt", "março de 2020"},
		{2019, time.October, "fr", "2019-10"},
		{2019, 0, "en", "2019-00"},
		{2019, 13, "es", "2019-13"},
	} {
		if got := FormatMonth(tc.year, tc.month, tc.code); got != tc.want {
			t.Errorf("FormatMonth(%d, %d, %q) = %q, want %q", tc.year, tc.month, tc.code, got, tc.want)
		}
	}
}

func TestMonthName(t *testing.T) {
	for _, tc := range []struct {
		m    time.Month
		code string
		want string
	}{
		{time.January, "en", "January"},
		{time.January, "es", "enero"},
		{time.January, "pt", "janeiro"},
		{time.September, "es", "septiembre"},
		{time.September, "pt", "setembro"},
		{time.December, "pt", "dezembro"},
		{time.May, "fr", "May"},
		{0, "en", ""},
		{13, "pt", ""},
	} {
		if got := MonthName(tc.m, tc.code); got != tc.want {
			t.Errorf("MonthName(%d, %q) = %q, want %q", tc.m, tc.code, got, tc.want)
		}
	}
	// Every table is complete.
	for code, s := range dateStyles {
		for i, m := range s.months {
			if m == "" {
				t.Errorf("%s: month %d has no name", code, i+1)
			}
		}
	}
}
