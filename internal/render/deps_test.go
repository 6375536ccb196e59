package render

import (
	"go/build"
	"strings"
	"testing"
)

// TestModelKnowsNoTemplates holds the packages before render in the flow
// of data to what the package map says of them: none imports a template
// engine, directly or through another package. Layouts are render's.
func TestModelKnowsNoTemplates(t *testing.T) {
	const module = "github.com/puente-ssg/puente/"
	before := []string{"diag", "parallel", "config", "lang", "markdown", "content", "site", "assets"}
	engine := func(path string) bool {
		return path == "text/template" || path == "html/template" || strings.HasPrefix(path, module+"internal/gotemplate")
	}
	for _, name := range before {
		seen := map[string]bool{}
		var walk func(path, from string)
		walk = func(path, from string) {
			if seen[path] {
				return
			}
			seen[path] = true
			if engine(path) {
				t.Errorf("internal/%s imports %s (through %s)", name, path, from)
				return
			}
			pkg, err := build.Import(path, ".", 0)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if pkg.Goroot {
				return // the standard library's templates are named above
			}
			for _, imp := range pkg.Imports {
				walk(imp, path)
			}
		}
		walk(module+"internal/"+name, "")
	}
}
