package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// fuzzPage is where the fuzzed file goes: an event, the kind with the most
// fields to check.
const fuzzPage = "content/events/fuzz.en.md"

// fuzzMaxSize bounds the fuzzed file: the limits tests cover big inputs,
// and small ones let the fuzzer try many more shapes.
const fuzzMaxSize = 64 << 10

// onePageSite is basic.txtar's site.yaml, layouts, UI strings and assets,
// without its content.
func onePageSite(t testing.TB) fstest.MapFS {
	b, err := os.ReadFile(filepath.Join("testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse(b).Files {
		if strings.HasPrefix(f.Name, "content/") {
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

func FuzzBuildOnePage(f *testing.F) {
	base := onePageSite(f)
	// Seeds: every content file of the broken corpus and of basic.txtar.
	names, _ := filepath.Glob(filepath.Join("testdata", "broken", "*.txtar"))
	names = append(names, filepath.Join("testdata", "basic.txtar"))
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		files, _, _ := parseCase(f, txtar.Parse(raw))
		for _, cf := range files {
			if strings.HasPrefix(cf.name, "content/") {
				f.Add(cf.data)
			}
		}
	}
	f.Add([]byte("---\ntitle: x\nstart: 2020-01-01\nattendance: online\n---\n" + strings.Repeat(">", 200) + " deep\n"))
	f.Add([]byte("---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxSize {
			t.Skip()
		}
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[fuzzPage] = &fstest.MapFile{Data: data, Mode: 0o644}

		done := make(chan struct{})
		var mine diag.List
		go func() {
			defer close(done)
			s, errs := build.Load(fsys, build.LoadOptions{Now: sitetest.Now})
			if !errs.HasErrors() {
				_, _, rerrs := build.Render(s, build.Discard{}, build.RenderOptions{})
				errs.Add(rerrs...)
			}
			for _, e := range errs {
				if e.Pos.File == fuzzPage {
					mine = append(mine, e)
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("build of a %d-byte page did not finish in 20s", len(data))
		}

		// Lines as an editor counts them: CRLF, LF and a lone CR each end a
		// line, and a final line without a line end still counts.
		crlf := bytes.Count(data, []byte("\r\n"))
		n := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - crlf + 1
		for _, e := range mine {
			if e.Pos.Line > n || e.Pos.Line < 0 || e.Pos.Col < 0 {
				t.Errorf("position outside the %d-line file: %s", n, e.Error())
			}
		}
	})
}
