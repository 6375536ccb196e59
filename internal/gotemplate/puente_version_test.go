package gotemplate

import (
	"runtime"
	"testing"
)

// TestGoVersion fails when the toolchain is not the Go release the fork
// was copied from: a newer release may carry fixes (html/template has had
// security fixes in point releases) that the fork would otherwise miss.
func TestGoVersion(t *testing.T) {
	if v := runtime.Version(); v != GoVersion {
		t.Fatalf("the template fork was copied from %s and the toolchain is %s: run `go generate ./internal/gotemplate`, then go test ./internal/gotemplate/... and commit what changed", GoVersion, v)
	}
}
