package template

import (
	"strings"
	"testing"
	stdtemplate "text/template"
)

// nilField is read through a nil pointer and then through a good one:
// a type no other test reads, so that what the fork remembers of it comes
// from this test alone.
type nilField struct {
	Name string
	Next *nilField
}

// setter takes a pointer to a string, which the standard library passes
// only for a value it can take the address of, such as a field of a
// struct behind a pointer, never for a function's result.
func setter(p *string) string {
	old := *p
	*p = "changed"
	return old
}

// TestLikeTheStandardLibrary executes templates with the fork and with the
// standard library's text/template, in order, on shared data, and wants
// the same output or the same error from each.
func TestLikeTheStandardLibrary(t *testing.T) {
	funcs := map[string]any{"upper": strings.ToUpper, "setter": setter}
	cases := []struct {
		name  string
		texts []string
	}{
		// A field read through a nil pointer fails; that must not make
		// later reads of the field on that type fail.
		{"nil pointer, then a good one", []string{`{{.Next.Name}}`, `{{.Name}}`, `{{.Next.Next}}`, `{{.Next.Name}}`, `{{.Name}}`}},
		// The strings that functions return are not addressable.
		{"pointer to a result", []string{
			`{{setter (upper "x")}}`, `{{upper "x" | setter}}`, `{{$v := upper "x"}}{{setter $v}}{{$v}}`,
			`{{with upper "x"}}{{setter .}}{{end}}`, `{{setter "x"}}`, `{{setter (printf "%s" "x")}}`,
			// A field behind a pointer is, for both.
			`{{setter .Name}}{{.Name}}`,
		}},
	}
	for _, c := range cases {
		run := func(execute func(text string, data *nilField) (string, error)) string {
			data := &nilField{Name: "ana"}
			var b strings.Builder
			for _, text := range c.texts {
				out, err := execute(text, data)
				b.WriteString("|" + out)
				if err != nil {
					b.WriteString(" error: " + err.Error())
				}
			}
			return b.String()
		}
		std := run(func(text string, data *nilField) (string, error) {
			var b strings.Builder
			err := stdtemplate.Must(stdtemplate.New("t").Funcs(funcs).Parse(text)).Execute(&b, data)
			return b.String(), err
		})
		fork := run(func(text string, data *nilField) (string, error) {
			var b strings.Builder
			err := Must(New("t").Funcs(funcs).Parse(text)).Execute(&b, data)
			return b.String(), err
		})
		if std != fork {
			t.Errorf("%s:\n standard library: %s\n fork:             %s", c.name, std, fork)
		}
	}
}
