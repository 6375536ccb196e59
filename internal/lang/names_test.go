package lang

import "testing"

func TestValidCode(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"en", true}, {"es", true}, {"pt", true}, {"pt-BR", true}, {"pt-br", true},
		{"es-419", true}, {"zh-Hant", true},
		{"", false}, {"und", false}, {"xx", false}, {"english", false}, {"en_US", false},
		{"es/pt", false}, {"-", false},
	} {
		if got := ValidCode(tc.code); got != tc.want {
			t.Errorf("ValidCode(%q) = %v, want %v", tc.code, got, tc.want)
		}
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"en", "English"},
		{"es", "Español"},
		{"pt", "Português"},
		{"fr", "Français"},
		{"de", "Deutsch"},
		{"xx", "xx"},
		{"", ""},
		{"und", "und"},
	} {
		if got := Name(tc.code); got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

func TestNameIn(t *testing.T) {
	for _, tc := range []struct{ code, in, want string }{
		{"en", "es", "inglés"},
		{"en", "pt", "inglês"},
		{"es", "en", "Spanish"},
		{"es", "pt", "espanhol"},
		{"pt", "es", "portugués"},
		{"pt", "en", "Portuguese"},
		{"es", "es", "español"},
		{"es-MX", "en", "Mexican Spanish"},
		{"es", "xx", "Spanish"}, // unknown "in": English
		{"xx", "en", "xx"},      // unknown code: as given
	} {
		if got := NameIn(tc.code, tc.in); got != tc.want {
			t.Errorf("NameIn(%q, %q) = %q, want %q", tc.code, tc.in, got, tc.want)
		}
	}
}

func TestCountryName(t *testing.T) {
	for _, tc := range []struct{ iso2, code, want string }{
		{"MX", "es", "México"},
		{"MX", "pt", "México"},
		{"MX", "en", "Mexico"},
		{"BR", "es", "Brasil"},
		{"BR", "en", "Brazil"},
		{"DE", "es", "Alemania"},
		{"DE", "pt", "Alemanha"},
		{"GT", "es", "Guatemala"},
		{"MX", "xx", "Mexico"}, // unknown language: English
		{"MX", "", "Mexico"},
		{"ZZ", "es", "ZZ"},
		{"mx", "es", "mx"},
		{"EU", "es", "EU"},
		{"", "es", ""},
		{"MEX", "es", "MEX"},
	} {
		if got := CountryName(tc.iso2, tc.code); got != tc.want {
			t.Errorf("CountryName(%q, %q) = %q, want %q", tc.iso2, tc.code, got, tc.want)
		}
	}
}

func TestValidCountry(t *testing.T) {
	for _, tc := range []struct {
		iso2 string
		want bool
	}{
		{"MX", true}, {"BR", true}, {"GT", true}, {"GB", true}, {"AQ", true}, {"TW", true},
		{"mx", false}, {"Mx", false}, {"", false}, {"M", false}, {"MEX", false}, {"484", false},
		{"419", false}, {"UK", false}, {"BU", false}, {"SU", false}, {"YU", false},
		{"AN", false}, {"CS", false}, {"AC", false}, {"IC", false}, {"EA", false},
		{"EU", false}, {"UN", false}, {"EZ", false}, {"ZZ", false}, {"QO", false},
		{"XK", false}, {"AA", false}, {"M1", false}, {"ÑA", false},
	} {
		if got := ValidCountry(tc.iso2); got != tc.want {
			t.Errorf("ValidCountry(%q) = %v, want %v", tc.iso2, got, tc.want)
		}
	}
	// ISO 3166-1 assigns 249 alpha-2 codes.
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if ValidCountry(string([]rune{a, b})) {
				n++
			}
		}
	}
	if n != 249 {
		t.Errorf("ValidCountry accepts %d codes, want the 249 of ISO 3166-1", n)
	}
}

func TestQuotes(t *testing.T) {
	for _, tc := range []struct {
		code string
		want [4]string
	}{
		{"en", [4]string{"“", "”", "‘", "’"}},
		{"es", [4]string{"«", "»", "“", "”"}},
		{"es-MX", [4]string{"«", "»", "“", "”"}},
		{"pt", [4]string{"“", "”", "‘", "’"}},
		{"pt-BR", [4]string{"“", "”", "‘", "’"}},
		{"pt-PT", [4]string{"«", "»", "“", "”"}},
		{"pt-pt", [4]string{"«", "»", "“", "”"}},
		{"fr", [4]string{"“", "”", "‘", "’"}},
		{"", [4]string{"“", "”", "‘", "’"}},
	} {
		ld, rd, ls, rs := Quotes(tc.code)
		if got := [4]string{ld, rd, ls, rs}; got != tc.want {
			t.Errorf("Quotes(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}
