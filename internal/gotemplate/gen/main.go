// Command gen copies Go's text/template, text/template/parse, html/template
// and internal/fmtsort from the running toolchain's GOROOT into
// internal/gotemplate and rewrites them by the rules below. It is what
// `go generate ./internal/gotemplate` runs; run it after moving to a new
// Go release, and commit what it writes.
//
// Every file in the four folders is Go's, copied again on each run, except
// the files whose names start with "puente_": those are puente's and are
// never touched. Go's files are changed only by the rules in this file:
// import paths, the GODEBUG settings that cannot be read outside the
// standard library, a test that needs the standard library's internals,
// and the renaming of the few functions puente's files wrap. A rule that
// no longer matches Go's text stops the program, so a new Go release that
// moved the code is noticed rather than copied half-rewritten.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// module is the import path of the fork's parent folder.
const module = "github.com/puente-ssg/puente/internal/gotemplate"

// pkg is one copied package: its folder in GOROOT/src and in the fork.
type pkg struct {
	src, dst string
	// skip names files of Go's that the fork leaves out.
	skip map[string]bool
}

var pkgs = []pkg{
	// link_test.go builds a program with internal/testenv.
	{src: "text/template", dst: "texttemplate", skip: map[string]bool{"link_test.go": true}},
	{src: "text/template/parse", dst: "texttemplate/parse"},
	{src: "html/template", dst: "htmltemplate"},
	{src: "internal/fmtsort", dst: "fmtsort"},
}

// imports maps the standard library's import paths to the fork's, with
// the name the importing files use for them.
var imports = map[string]struct{ path, name string }{
	"text/template":       {module + "/texttemplate", "template"},
	"text/template/parse": {module + "/texttemplate/parse", ""},
	"html/template":       {module + "/htmltemplate", "template"},
	"internal/fmtsort":    {module + "/fmtsort", ""},
}

// rule replaces old with new in one file, exactly once.
type rule struct {
	file     string // relative to the fork's folder
	old, new string
}

// renamed lists the functions of Go's that puente's files wrap: Go's
// keeps its body under the new name, and puente's file defines the old
// name, calling it.
var renamed = []rule{
	{"texttemplate/exec.go", "func (s *state) evalFunction(", "func (s *state) evalFunctionGo("},
	{"texttemplate/exec.go", "func (s *state) evalCommand(", "func (s *state) evalCommandGo("},
	{"texttemplate/exec.go", "func (s *state) evalField(", "func (s *state) evalFieldGo("},
	{"texttemplate/exec.go", "func (s *state) validateType(", "func (s *state) validateTypeGo("},
	{"texttemplate/exec.go", "func (s *state) printValue(", "func (s *state) printValueGo("},
	{"htmltemplate/html.go", "func htmlReplacer(", "func htmlReplacerGo("},
}

// rules are the other changes to Go's files.
var rules = []rule{
	// puente's state of an execution, and of a family of templates
	// (puente_exec.go).
	{"texttemplate/exec.go",
		"\tdepth int        // the height of the stack of executing templates.\n}",
		"\tdepth int        // the height of the stack of executing templates.\n\tpuente *puenteState\n}"},
	// An execution whose writer asks to be told what it reads starts with
	// its observer (puente_reads.go).
	{"texttemplate/exec.go",
		"\t\tvars: []variable{{\"$\", value}},\n\t}\n",
		"\t\tvars: []variable{{\"$\", value}},\n\t}\n\tstate.puente = observedState(wr)\n"},
	// Every call of a function or method goes through observedCall, which
	// tells the observer, if any, its arguments and result.
	{"texttemplate/exec.go", "\tv, err := safeCall(fun, argv)\n", "\tv, err := s.observedCall(name, fun, argv)\n"},
	// html/template's two GODEBUG settings: internal/godebug cannot be
	// imported from outside the standard library. The fork keeps Go's
	// defaults (the settings' unset values).
	{"htmltemplate/escape.go", "\t\"internal/godebug\"\n", ""},
	{"htmltemplate/escape.go", "var debugAllowActionJSTmpl = godebug.New(\"jstmpllitinterp\")\n\n", ""},
	{"htmltemplate/escape.go", "var htmlmetacontenturlescape = godebug.New(\"htmlmetacontenturlescape\")\n\n", ""},
	{"htmltemplate/escape.go", `		if htmlmetacontenturlescape.Value() != "0" {
			s = append(s, "_html_template_urlfilter")
		} else {
			// We don't have a great place to increment this, since it's hard to
			// know if we actually escape any urls in _html_template_urlfilter,
			// since it has no information about what context it is being
			// executed in etc. This is probably the best we can do.
			htmlmetacontenturlescape.IncNonDefault()
		}
`, `		s = append(s, "_html_template_urlfilter") // GODEBUG htmlmetacontenturlescape's default
`},
}

// removedFuncs are top-level functions taken out of Go's files: tests of
// the settings the fork does not have.
var removedFuncs = []rule{
	{file: "htmltemplate/escape_test.go", old: "TestMetaContentEscapeGODEBUG"},
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gotemplate/gen: ")
	root, err := goroot()
	if err != nil {
		log.Fatal(err)
	}
	// go generate runs in the package's folder, internal/gotemplate.
	fork, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	if filepath.Base(fork) != "gotemplate" {
		log.Fatalf("run from internal/gotemplate (go generate ./internal/gotemplate), not %s", fork)
	}
	files, err := generate(root)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range pkgs {
		if err := clean(filepath.Join(fork, p.dst)); err != nil {
			log.Fatal(err)
		}
	}
	for name, data := range files {
		path := filepath.Join(fork, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Fprintf(os.Stderr, "gotemplate/gen: wrote %d files from %s\n", len(files), root)
}

// goroot is the toolchain's GOROOT.
func goroot() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %v", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// generate returns Go's files as the fork has them, by their paths
// relative to internal/gotemplate.
func generate(root string) (map[string][]byte, error) {
	version, err := goVersion(root)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, p := range pkgs {
		if err := collect(files, filepath.Join(root, "src", p.src), p); err != nil {
			return nil, err
		}
	}
	license, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	if err != nil {
		return nil, err
	}
	files["LICENSE"] = license
	for _, rs := range [][]rule{renamed, rules} {
		for _, r := range rs {
			if err := apply(files, r); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range removedFuncs {
		if err := removeFunc(files, r.file, r.old); err != nil {
			return nil, err
		}
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".go") {
			out, err := rewriteImports(name, data)
			if err != nil {
				return nil, err
			}
			files[name] = append([]byte(header), out...)
		}
	}
	files["version.go"], err = versionFile(version)
	return files, err
}

// header marks Go's files as generated, so that nobody edits them by hand.
const header = "// Code generated by internal/gotemplate/gen from the Go distribution's sources; DO NOT EDIT.\n\n"

// goVersion reads the toolchain's version, go1.X.Y, from GOROOT/VERSION.
func goVersion(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "VERSION"))
	if err != nil {
		return "", fmt.Errorf("reading the Go version: %v", err)
	}
	v, _, _ := strings.Cut(string(data), "\n")
	if !strings.HasPrefix(v, "go1.") {
		return "", fmt.Errorf("%s/VERSION: %q is not a release version", root, v)
	}
	return v, nil
}

func versionFile(version string) ([]byte, error) {
	src := fmt.Sprintf(`%spackage gotemplate

// GoVersion is the Go release the fork was copied from (gen reads it from
// GOROOT/VERSION); TestGoVersion wants it to be the toolchain's.
const GoVersion = %q
`, header, version)
	return format.Source([]byte(src))
}

// isPuentes reports whether a file is puente's own, kept as it is.
func isPuentes(name string) bool { return strings.HasPrefix(name, "puente_") }

// clean removes Go's files from one package folder of the fork (not from
// the folders of other packages inside it), keeping puente's.
func clean(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch {
		case e.Name() == "testdata":
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		case e.IsDir(), isPuentes(e.Name()):
		default:
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// collect reads one package's files: its .go files and testdata.
func collect(files map[string][]byte, src string, p pkg) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && name == "testdata":
			err := filepath.WalkDir(filepath.Join(src, name), func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, err := filepath.Rel(src, path)
				if err != nil {
					return err
				}
				data, err := os.ReadFile(path)
				files[filepath.ToSlash(filepath.Join(p.dst, rel))] = data
				return err
			})
			if err != nil {
				return err
			}
		case e.IsDir(), p.skip[name], !strings.HasSuffix(name, ".go"):
		case isPuentes(name):
			return fmt.Errorf("%s/%s: Go has a file named like puente's own", src, name)
		default:
			data, err := os.ReadFile(filepath.Join(src, name))
			if err != nil {
				return err
			}
			files[p.dst+"/"+name] = data
		}
	}
	return nil
}

// apply applies one rule, which must match exactly once.
func apply(files map[string][]byte, r rule) error {
	data, ok := files[r.file]
	if !ok {
		return fmt.Errorf("%s: no such file in Go's sources", r.file)
	}
	if n := bytes.Count(data, []byte(r.old)); n != 1 {
		return fmt.Errorf("%s: %q found %d times, want once: Go's code moved, update the rule in gen/main.go", r.file, r.old, n)
	}
	files[r.file] = bytes.Replace(data, []byte(r.old), []byte(r.new), 1)
	return nil
}

// removeFunc removes a top-level function and its doc comment.
func removeFunc(files map[string][]byte, file, name string) error {
	data, ok := files[file]
	if !ok {
		return fmt.Errorf("%s: no such file in Go's sources", file)
	}
	re := regexp.MustCompile(`(?ms)^(//[^\n]*\n)*func ` + regexp.QuoteMeta(name) + `\(.*?\n}\n\n`)
	if n := len(re.FindAllIndex(data, -1)); n != 1 {
		return fmt.Errorf("%s: func %s found %d times, want once: update gen/main.go", file, name, n)
	}
	files[file] = re.ReplaceAll(data, nil)
	return nil
}

// rewriteImports points the imports of the standard library's packages at
// the fork, naming them as Go's files do, and formats the file (which
// sorts the imports again and drops ones a rule emptied). The paths are
// replaced in the text, at the positions the parser found them, so that
// the rest of the file stays byte for byte Go's.
func rewriteImports(name string, data []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, data, parser.ImportsOnly)
	if err != nil {
		return nil, fmt.Errorf("%s after the rules: %v", name, err)
	}
	var out []byte
	last := 0
	for _, spec := range f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return nil, err
		}
		to, ok := imports[path]
		if !ok {
			if strings.HasPrefix(path, "internal/") {
				return nil, fmt.Errorf("%s imports %s, which only the standard library can: add a rule", name, path)
			}
			continue
		}
		repl := strconv.Quote(to.path)
		if spec.Name == nil && to.name != "" {
			repl = to.name + " " + repl
		}
		start := fset.Position(spec.Path.Pos()).Offset
		end := fset.Position(spec.Path.End()).Offset
		out = append(append(out, data[last:start]...), repl...)
		last = end
	}
	out = append(out, data[last:]...)
	formatted, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return formatted, nil
}
