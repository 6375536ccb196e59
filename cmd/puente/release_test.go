package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReleaseScript runs scripts/release.sh for this machine's platform
// (the script builds all six by default; one is enough to show it works,
// and costs CI one build), twice: the binary prints the stamped version,
// checks a site, matches its checksum line, and is the same bytes both
// times.
func TestReleaseScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds puente twice; not with -short")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	name := "puente_v9.9.9-test_" + runtime.GOOS + "_" + runtime.GOARCH
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	var bins [2][]byte
	for i := range bins {
		out := t.TempDir()
		cmd := exec.Command("bash", filepath.Join("..", "..", "scripts", "release.sh"), "v9.9.9-test", out)
		cmd.Env = append(os.Environ(), "PLATFORMS="+platform)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("release.sh: %v\n%s", err, b)
		}
		bin := filepath.Join(out, name)
		v, err := exec.Command(bin, "version").Output()
		if err != nil || !strings.HasPrefix(string(v), "puente v9.9.9-test (") {
			t.Fatalf("%s version: %v: %q", name, err, v)
		}
		s := fixture(t)
		if b, err := exec.Command(bin, "check", "--source", s.Dir).CombinedOutput(); err != nil {
			t.Errorf("%s check: %v\n%s", name, err, b)
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if want := hex.EncodeToString(sum[:]) + "  " + name + "\n"; string(sums) != want {
			t.Errorf("SHA256SUMS is %q, want %q", sums, want)
		}
		bins[i] = data
	}
	if !bytes.Equal(bins[0], bins[1]) {
		t.Error("two builds of the same commit differ: the release is not reproducible")
	}
}
