package lang

import "testing"

func TestDownload(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int64
		code string
		want string
	}{
		{"docs/n3.pdf", 148_000, "en", "PDF, 148 KB"},
		{"docs/n3.pdf", 148_000, "es", "PDF, 148 kB"},
		{"docs/n3.pdf", 148_000, "pt-BR", "PDF, 148 kB"},
		{"docs/plan.docx", 999, "en", "DOCX, 999 B"},
		{"docs/plan.docx", 999_499, "en", "DOCX, 999 KB"},
		{"docs/big.pdf", 999_500, "en", "PDF, 1.0 MB"},
		{"docs/big.pdf", 1_250_000, "es", "PDF, 1,2 MB"},
		{"docs/big.pdf", 12_345_678, "pt", "PDF, 12,3 MB"},
		{"docs/readme", 1_500, "en", "2 KB"},
	} {
		if got := Download(tc.name, tc.size, tc.code); got != tc.want {
			t.Errorf("Download(%q, %d, %q) = %q, want %q", tc.name, tc.size, tc.code, got, tc.want)
		}
	}
}
