package lang

import (
	"path"
	"strconv"
	"strings"
)

// FileSize writes a download's size as a reader of the language expects:
// "148 KB" in English, "148 kB" in Spanish and Portuguese, "1.2 MB" and
// "1,2 MB". Units are of 1,000 bytes, as file managers on phones show them.
func FileSize(n int64, code string) string {
	b, _, _ := strings.Cut(strings.ToLower(code), "-")
	kilo := "kB"
	if b == "en" {
		kilo = "KB"
	}
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 999_500:
		return strconv.FormatInt((n+500)/1000, 10) + " " + kilo
	}
	mb := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	if b != "en" {
		mb = strings.Replace(mb, ".", ",", 1)
	}
	return mb + " MB"
}

// FileFormat names a file's format by its extension, as readers know it:
// "PDF", "DOCX", "XLSX".
func FileFormat(name string) string {
	return strings.ToUpper(strings.TrimPrefix(path.Ext(name), "."))
}

// Download describes a file to download, before it is downloaded: its
// format and size, "PDF, 148 KB".
func Download(name string, size int64, code string) string {
	if f := FileFormat(name); f != "" {
		return f + ", " + FileSize(size, code)
	}
	return FileSize(size, code)
}
