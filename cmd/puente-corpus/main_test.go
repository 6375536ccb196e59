package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var out, errb bytes.Buffer
	if code := run([]string{"-groups", "40", "-seed", "2", "-out", dir, "-layouts", "", "-assets", ""}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "site.yaml")); err != nil {
		t.Error(err)
	}
	if code := run([]string{"-groups", "40"}, &out, &errb); code != 2 {
		t.Errorf("without -out: exit %d, want 2", code)
	}
	if code := run([]string{"-groups", "40", "-out", dir, "-layouts", ""}, &out, &errb); code != 1 {
		t.Errorf("into an existing site: exit %d, want 1", code)
	}
}
