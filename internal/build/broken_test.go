package build_test

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/broken/*.txtar")

// A broken case is a txtar archive holding only the files that differ from
// basic.txtar, plus:
//
//	-- want --     the exact problem lines check and build report, sorted
//	-- delete --   basic.txtar files to remove, one a line (optional)
//
// A file name may end in options that make bytes a txtar cannot hold well:
// "(crlf)" turns line ends into CRLF, "(cr)" into lone CRs (old Mac files), "(bom)" puts a byte-order mark first,
// "(escaped)" unquotes \xHH, \t and \r escapes, "(noeol)" drops the final
// line end.
const (
	wantSection   = "want"
	deleteSection = "delete"
)

// caseFile is one file of a broken case, its bytes already made.
type caseFile struct {
	name string
	data []byte
}

// parseCase splits a broken case into its files, the files it deletes and
// its want lines.
func parseCase(t testing.TB, a *txtar.Archive) (files []caseFile, deletes, want []string) {
	t.Helper()
	for _, f := range a.Files {
		switch f.Name {
		case wantSection:
			want = nonEmptyLines(string(f.Data))
			continue
		case deleteSection:
			deletes = nonEmptyLines(string(f.Data))
			continue
		}
		name, data := f.Name, f.Data
		for {
			i := strings.LastIndex(name, " (")
			if i < 0 || !strings.HasSuffix(name, ")") {
				break
			}
			opt := name[i+2 : len(name)-1]
			name = name[:i]
			switch opt {
			case "crlf":
				data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			case "cr":
				data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r"))
			case "bom":
				data = append([]byte("\xef\xbb\xbf"), data...)
			case "noeol":
				data = bytes.TrimSuffix(data, []byte("\n"))
			case "escaped":
				data = unescape(t, data)
			default:
				t.Fatalf("file %q: unknown option %q", f.Name, opt)
			}
		}
		files = append(files, caseFile{name, data})
	}
	return files, deletes, want
}

// unescape turns \xHH, \t, \r and \\ into bytes; everything else is kept.
func unescape(t testing.TB, b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		switch b[i+1] {
		case 't':
			out = append(out, '\t')
			i++
		case 'r':
			out = append(out, '\r')
			i++
		case '\\':
			out = append(out, '\\')
			i++
		case 'x':
			v, err := strconv.ParseUint(string(b[i+2:i+4]), 16, 8)
			if err != nil {
				t.Fatalf("bad escape %q", b[i:i+4])
			}
			out = append(out, byte(v))
			i += 3
		default:
			out = append(out, b[i])
		}
	}
	return out
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, strings.TrimRight(l, " \r"))
		}
	}
	return out
}

// problemLines prints a list the way check's text format does, sorted.
func problemLines(l diag.List) []string {
	var out []string
	for _, e := range l.Sorted() {
		out = append(out, e.Error())
	}
	return out
}

// snapshot hashes every file under dir by its slash path.
func snapshot(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return out
}

func sameTree(t testing.TB, what string, got, want map[string][32]byte) {
	t.Helper()
	var diffs []string
	for n, h := range want {
		if g, ok := got[n]; !ok {
			diffs = append(diffs, "missing "+n)
		} else if g != h {
			diffs = append(diffs, "changed "+n)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			diffs = append(diffs, "added "+n)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s: public/ differs from the previous build:\n%s", what, strings.Join(diffs, "\n"))
	}
}

func TestBrokenSites(t *testing.T) {
	basic := txtar.Parse([]byte(readFixture(t, "basic.txtar")))
	names, err := filepath.Glob(filepath.Join("testdata", "broken", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 45 {
		t.Errorf("%d broken cases, want at least 45", len(names))
	}
	// Every case starts from basic.txtar built once: its files and public/
	// are copied, which is much cheaper than a build per case.
	base := sitetest.Write(t, string(txtar.Format(basic))).Build()
	before := snapshot(t, filepath.Join(base.Dir, "public"))
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			a := txtar.Parse(raw)
			files, deletes, want := parseCase(t, a)

			s := &sitetest.Site{T: t, Dir: t.TempDir()}
			if err := os.CopyFS(s.Dir, os.DirFS(base.Dir)); err != nil {
				t.Fatal(err)
			}
			for _, d := range deletes {
				s.Remove(d)
			}
			for _, f := range files {
				p := filepath.Join(s.Dir, filepath.FromSlash(f.name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			// check's path: load, then render into nothing.
			site, problems := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
			if !problems.HasErrors() {
				_, _, rerrs := build.Render(site, build.Discard{}, build.RenderOptions{})
				problems.Add(rerrs...)
			}
			checked := problemLines(problems)

			// build's path.
			_, warns, berr := build.Build(s.Options())
			var built diag.List
			built.Add(warns...)
			if berr != nil {
				l, ok := berr.(diag.List)
				if !ok {
					t.Fatalf("build failed with a non-positioned error: %v", berr)
				}
				built.Add(l...)
			}
			if got := problemLines(built); strings.Join(got, "\n") != strings.Join(checked, "\n") {
				t.Errorf("build and check disagree\nbuild:\n%s\ncheck:\n%s", strings.Join(got, "\n"), strings.Join(checked, "\n"))
			}
			if berr != nil {
				sameTree(t, "after the failed build", snapshot(t, filepath.Join(s.Dir, "public")), before)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(s.Dir, ".public.*")); len(leftovers) > 0 {
				t.Errorf("left behind: %v", leftovers)
			}

			if *update {
				writeWant(t, name, a, checked)
				return
			}
			if strings.Join(checked, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems differ\ngot:\n%s\nwant:\n%s", strings.Join(checked, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// writeWant rewrites the want section of a case with got.
func writeWant(t *testing.T, name string, a *txtar.Archive, got []string) {
	data := []byte(strings.Join(got, "\n"))
	if len(got) > 0 {
		data = append(data, '\n')
	}
	found := false
	for i := range a.Files {
		if a.Files[i].Name == wantSection {
			a.Files[i].Data = data
			found = true
		}
	}
	if !found {
		a.Files = append(a.Files, txtar.File{Name: wantSection, Data: data})
	}
	if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "updated %s\n", name)
}
