package config

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics, always returns a usable Config,
// and points every problem at a line that exists.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(head))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, errs := Parse(data)
		if cfg == nil || cfg.BaseURL == nil || len(cfg.Languages) == 0 || cfg.Pagination <= 0 || cfg.Lines == nil {
			t.Fatalf("unusable config %+v", cfg)
		}
		n := bytes.Count(data, []byte("\n")) + 1
		for _, e := range errs {
			if e.Pos.File != File {
				t.Errorf("error in file %q: %v", e.Pos.File, e)
			}
			if e.Pos.Line < 0 || e.Pos.Line > n {
				t.Errorf("line %d outside 1..%d: %v", e.Pos.Line, n, e)
			}
		}
		for _, l := range cfg.Languages {
			if cfg.Segment("events", l.Code) == "" {
				t.Errorf("no events segment for %s", l.Code)
			}
		}
	})
}
