package template

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/gotemplate/texttemplate/parse"
)

// fastFuncs has one function of each type called directly (the standard
// library's shapes, and the ones init registers below as a program would),
// and some that fail or panic.
var fastFuncs = FuncMap{
	"join":  func(args ...any) string { return fmt.Sprint(args...) },
	"upper": strings.ToUpper,
	"day":   func(t time.Time) string { return t.Format("2006-01-02") },
	"span":  func(a, b time.Time) string { return a.Format("Jan 2") + "–" + b.Format("Jan 2") },
	"T": func(key string, args ...any) (string, error) {
		if key == "missing" {
			return "", errors.New("no such string")
		}
		return key + fmt.Sprint(args...), nil
	},
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("odd")
		}
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("key %v", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"partial": func(name string, data any, keys ...any) (any, error) {
		if name == "" {
			return nil, errors.New("no name")
		}
		return fmt.Sprintf("%s(%v)%v", name, data, keys), nil
	},
	"tIn": func(lang, key string, args ...any) (string, error) {
		if lang == "" {
			return "", errors.New("no language")
		}
		return lang + ":" + key + fmt.Sprint(args...), nil
	},
	"boom":     func(s string) string { panic("boom: " + s) },
	"boomErr":  func(...any) string { panic(errors.New("boom as an error")) },
	"nilPanic": func(t time.Time) string { var m map[string]int; m["x"] = 1; return "" },
}

// The shapes of fastFuncs that are not the standard library's, registered
// as a program registers its own functions' types.
func init() {
	RegisterCaller(reflect.TypeFor[func(string) string](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string) string](fn)
		return a.StringResult(f(a.String(0))), nil
	})
	RegisterCaller(reflect.TypeFor[func(time.Time) string](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(time.Time) string](fn)
		t, _ := reflect.TypeAssert[time.Time](a.Value(0))
		return a.StringResult(f(t)), nil
	})
	RegisterCaller(reflect.TypeFor[func(time.Time, time.Time) string](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(time.Time, time.Time) string](fn)
		t, _ := reflect.TypeAssert[time.Time](a.Value(0))
		u, _ := reflect.TypeAssert[time.Time](a.Value(1))
		return a.StringResult(f(t, u)), nil
	})
	RegisterCaller(reflect.TypeFor[func(string, ...any) (string, error)](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string, ...any) (string, error)](fn)
		s, err := f(a.String(0), a.Interfaces(1)...)
		return a.StringResult(s), err
	})
	RegisterCaller(reflect.TypeFor[func(string, string, ...any) (string, error)](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string, string, ...any) (string, error)](fn)
		s, err := f(a.String(0), a.String(1), a.Interfaces(2)...)
		return a.StringResult(s), err
	})
	RegisterCaller(reflect.TypeFor[func(...any) (map[string]any, error)](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(...any) (map[string]any, error)](fn)
		m, err := f(a.Interfaces(0)...)
		return reflect.ValueOf(m), err
	})
	RegisterCaller(reflect.TypeFor[func(string, any, ...any) (any, error)](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string, any, ...any) (any, error)](fn)
		out, err := f(a.String(0), a.Interface(1), a.Interfaces(2)...)
		return reflect.ValueOf(&out).Elem(), err
	})
}

type fastData struct {
	Name     string
	Names    []string
	When     time.Time
	Until    time.Time
	Count    int
	Any      any
	Nil      *fastData
	Map      map[string]any
	Embedded // fields and methods found through an embedded struct
}

type Embedded struct{ Inner string }

func (Embedded) Shout() string     { return "!" }
func (d *fastData) Greet() string  { return "hi " + d.Name }
func (d fastData) Twice(n int) int { return 2 * n }

// TestFastCallsMatchReflection runs each template with and without the
// direct calls of puente_call.go and wants the same output or the same error.
func TestFastCallsMatchReflection(t *testing.T) {
	when := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	data := &fastData{
		Name: "Ana", Names: []string{"a", "b"}, When: when, Until: when.AddDate(0, 0, 2),
		Count: 3, Any: "any", Map: map[string]any{"k": "v", "t": when},
		Embedded: Embedded{Inner: "in"},
	}
	templates := []string{
		// func(...any) string, with 0 to 5 arguments and a pipeline value
		`{{join}}`, `{{join .Name}}`, `{{join .Name .Count "x" 1.5}}`, `{{join 1 2 3 4 5}}`,
		`{{.Name | join}}`, `{{.Name | join "a"}}`, `{{join .Nil}}`, `{{join nil}}`, `{{join .Any}}`,
		`{{join .Map.k .Map.missing}}`, `{{join (join .Name) (upper .Name)}}`, `{{join .Names}}`,
		// func(string) string
		`{{upper .Name}}`, `{{.Name | upper}}`, `{{upper}}`, `{{upper .Name .Name}}`, `{{upper .Count}}`,
		`{{upper .Any}}`, `{{upper .Map.k}}`, `{{upper nil}}`, `{{upper .Nil}}`,
		// func(time.Time) string and func(time.Time, time.Time) string
		`{{day .When}}`, `{{.When | day}}`, `{{day .Name}}`, `{{day}}`, `{{day .Map.t}}`,
		`{{span .When .Until}}`, `{{.Until | span .When}}`, `{{span .When}}`, `{{span .When .Name}}`,
		// func(string, ...any) (string, error)
		`{{T "k"}}`, `{{T "k" 1 "two"}}`, `{{"k" | T}}`, `{{1 | T "k"}}`, `{{T}}`, `{{T "missing"}}`,
		`{{T .Count}}`, `{{T "k" 1 2 3 4}}`, `{{T "k" 1 2 3}}`,
		// comparisons and not
		`{{eq .Name "Ana"}}`, `{{eq .Name "x" "Ana"}}`, `{{eq .Count 3}}`, `{{eq .Count "3"}}`, `{{eq}}`,
		`{{eq .Nil nil}}`, `{{eq .Names .Names}}`, `{{.Name | eq "Ana"}}`, `{{eq 1 2 3 4 5 1}}`,
		`{{ne .Name "Ana"}}`, `{{ne 1}}`, `{{lt .Count 4}}`, `{{lt .Count "4"}}`, `{{ge 2 2}}`,
		`{{not .Name}}`, `{{not ""}}`, `{{not}}`, `{{not 1 2}}`, `{{.Nil | not}}`,
		// func(...any) (map[string]any, error) and func(string, any, ...any) (any, error)
		`{{(dict "a" 1 "b" .Name).b}}`, `{{dict}}`, `{{dict "a"}}`, `{{dict 1 2}}`, `{{.Name | dict "a"}}`,
		`{{(dict "a" 1 "b" 2 "c" 3 "d" 4 "e" 5).e}}`, `{{with dict "x" .When}}{{day .x}}{{end}}`,
		`{{partial "p" .Name}}`, `{{partial "p" .Name 1 "k" .Count}}`, `{{partial "p"}}`, `{{partial "" 1}}`,
		`{{partial "p" . 1 2 3 4 5}}`, `{{if partial "p" 1}}yes{{end}}`, `{{.Count | partial "p"}}`,
		`{{partial "p" (dict "a" (partial "q" 1 2)) 3}}`,
		// entries of a dict (dictEntry), of every kind, missing and nil
		`{{if (dict "a" "").a}}yes{{else}}no{{end}}`, `{{with (dict "a" 0).a}}{{.}}{{else}}none{{end}}`,
		`{{range (dict "l" .Names).l}}{{.}}{{end}}`, `{{(dict "a" .Nil).a}}`, `{{(dict "a" nil).a}}`,
		`{{(dict "a" 1).missing}}`, `{{printf "%T %v" (dict "a" 1).a (dict "a" .Any).a}}`,
		`{{(dict "d" .).d.Name}} {{(dict "d" .).d.Greet}}`, `{{(dict "a" 1).a 2}}`, `{{eq (dict "a" "x").a "x"}}`,
		`{{(dict "a" .When).a.Year}}`, `{{upper (dict "a" "x").a}}`, `{{.Map.k}} {{.Map.t.Year}} {{.Map.nope}}`,
		`{{(dict "a" (dict "b" "c")).a.b}}`, `{{$d := dict "a" "v"}}{{$d.a}}{{$d.b}}`,
		// func(string, ...any) string (printf) and func(string, string, ...any) (string, error)
		`{{printf "%s-%d" .Name .Count}}`, `{{printf "x"}}`, `{{printf}}`, `{{printf .Count}}`, `{{.Name | printf "%q"}}`,
		`{{printf "%v%v%v%v" 1 2 3 4}}`, `{{printf "%d" (len .Names)}}`,
		`{{tIn "es" "k"}}`, `{{tIn "es" "k" 1 2}}`, `{{tIn "" "k"}}`, `{{tIn "es"}}`, `{{"k" | tIn "es"}}`, `{{tIn 1 "k"}}`,
		// panics become errors
		`{{boom "x"}}`, `{{boomErr 1}}`, `{{nilPanic .When}}`,
		// errors in evaluating an argument are the template's, not the call's
		`{{upper .NoSuchField}}`, `{{join .Nil.Name}}`, `{{T "k" (T "missing")}}`,
		// fields and methods, found again through lookupMember's memory
		`{{.Name}} {{.Greet}} {{.Inner}} {{.Shout}} {{.Twice 4}} {{.Twice}} {{.NoSuch}}`,
		`{{range .Names}}{{.}}{{end}} {{.Nil.Name}}`, `{{.Map.k}} {{.Embedded.Inner}}`,
	}
	run := func(text string, fast bool) string {
		defer FastPaths(FastPaths(fast))
		tmpl, err := New("t").Funcs(fastFuncs).Parse(text)
		if err != nil {
			return "parse: " + err.Error()
		}
		var b strings.Builder
		// Run it twice: the second run uses what lookupMember remembered.
		for range 2 {
			b.WriteString("|")
			if err := tmpl.Execute(&b, data); err != nil {
				b.WriteString("error: " + err.Error())
			}
		}
		return b.String()
	}
	for _, text := range templates {
		slow, fast := run(text, false), run(text, true)
		if slow != fast {
			t.Errorf("%s:\n reflection: %s\n direct:     %s", text, slow, fast)
		}
	}
}

// TestFastCallsAreTaken checks that directCall takes the calls of the
// function types registered, rather than leaving them all to evalCall.
func TestFastCallsAreTaken(t *testing.T) {
	when := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, text := range []string{
		`{{join .Name 1}}`, `{{upper .Name}}`, `{{day .When}}`, `{{span .When .When}}`,
		`{{T "k" 1}}`, `{{eq .Name "x" "y"}}`, `{{ne .Count 1}}`, `{{not .Name}}`,
		`{{dict "a" 1}}`, `{{partial "p" . 1 2}}`, `{{printf "%s" .Name}}`, `{{tIn "es" "k" 1}}`,
	} {
		tmpl := Must(New("t").Funcs(fastFuncs).Parse(text))
		s := &state{tmpl: tmpl}
		data := reflect.ValueOf(&fastData{Name: "Ana", When: when, Count: 1})
		cmd := tmpl.Root.Nodes[0].(*parse.ActionNode).Pipe.Cmds[0]
		fn, _, _ := findFunction(cmd.Args[0].String(), tmpl)
		if _, ok := s.directCall(data, fn, cmd, cmd.Args[0].String(), cmd.Args, missingVal); !ok {
			t.Errorf("%s: not called directly", text)
		}
	}
}

type raceData struct {
	A, B, C, D string
	N          int
}

func (r raceData) Sum() int { return r.N + len(r.A) }

// TestFastPathsConcurrently executes one template from many goroutines at
// once, as a build does, on a type no other test uses, so that the first
// lookups of its names race each other (run it with -race).
func TestFastPathsConcurrently(t *testing.T) {
	tmpl := Must(New("t").Funcs(fastFuncs).Parse(`{{.A}}{{.B}}{{.C}}{{.D}}{{.Sum}}{{join .A .N}}{{T "k" .B}}{{eq .N 1}}`))
	want := "abcd2a1kbtrue"
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 16 {
		wg.Go(func() {
			for range 50 {
				var b strings.Builder
				if err := tmpl.Execute(&b, raceData{A: "a", B: "b", C: "c", D: "d", N: 1}); err != nil || b.String() != want {
					errs <- fmt.Sprintf("got %q, %v; want %q", b.String(), err, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestBoxedStringsKeepTheirValues holds strings that functions returned
// in variables while an execution boxes hundreds more (box
// fills blocks of slots and starts new ones), and wants every variable to
// keep its value, on both paths.
func TestBoxedStringsKeepTheirValues(t *testing.T) {
	names := make([]string, 300)
	var want strings.Builder
	want.WriteString("ANA|")
	for i := range names {
		names[i] = fmt.Sprintf("n%d", i)
		fmt.Fprintf(&want, "%s,k%d;", strings.ToUpper(names[i]), i)
	}
	want.WriteString("|ANA|N150|N299|k0")
	text := `{{$first := upper .Name}}{{$mid := ""}}{{$last := ""}}{{$k := T "k" 0}}{{$first}}|` +
		`{{range $i, $n := .Names}}{{$u := upper $n}}{{if eq $i 150}}{{$mid = $u}}{{end}}{{$last = $u}}{{$u}},{{T "k" $i}};{{end}}` +
		`|{{$first}}|{{$mid}}|{{$last}}|{{$k}}`
	for _, fast := range []bool{false, true} {
		was := FastPaths(fast)
		tmpl := Must(New("t").Funcs(fastFuncs).Parse(text))
		var b strings.Builder
		err := tmpl.Execute(&b, &fastData{Name: "Ana", Names: names})
		FastPaths(was)
		if err != nil || b.String() != want.String() {
			t.Errorf("fast paths %v: got %q, %v\nwant %q", fast, b.String(), err, want.String())
		}
	}
}

// TestInvokedTemplatesSeeOnlyTheirOwnVariables: an invoked template must
// neither see nor change its caller's variables, and the caller's must be
// as they were when it returns, also after a range inside it, with
// direct calls and boxed strings among them.
func TestInvokedTemplatesSeeOnlyTheirOwnVariables(t *testing.T) {
	text := `{{define "inner"}}{{$x := "inner"}}{{$x}}/{{$}}/{{range $i, $x := .}}{{$x}}{{end}}{{$x = "changed"}}{{$x}}{{end}}` +
		`{{define "deep"}}[{{template "inner" .}}]{{$}}{{end}}` +
		`{{$x := "outer"}}{{$y := upper .Name}}{{template "inner" .Names}} {{$x}} {{$y}} {{template "deep" .Names}} {{$x}} {{$.Name}}` +
		`{{range .Names}}{{template "inner" $.Names}}{{$x}}{{end}}`
	want := "inner/[a b]/abchanged outer ANA [inner/[a b]/abchanged][a b] outer Ana" +
		"inner/[a b]/abchangedouterinner/[a b]/abchangedouter"
	tmpl := Must(New("t").Funcs(fastFuncs).Parse(text))
	var b strings.Builder
	if err := tmpl.Execute(&b, &fastData{Name: "Ana", Names: []string{"a", "b"}}); err != nil || b.String() != want {
		t.Errorf("got %q, %v\nwant %q", b.String(), err, want)
	}
}

type manyA struct{ Name string }
type manyB struct {
	X    int
	Name string
}
type manyC struct{}

func (manyC) Name() string { return "c" }

// TestOneNodeManyTypes reads one field node and one variable node from
// values of four types in turn (a field at two different indexes, a
// method, a map key), twice, on both paths: what lookupMember remembers of
// one type must not be used for another.
func TestOneNodeManyTypes(t *testing.T) {
	values := []any{manyA{"a"}, &manyB{1, "b"}, manyC{}, map[string]any{"Name": "m"}}
	data := append(append([]any{}, values...), values...)
	text := `{{range .}}{{.Name}},{{end}}|{{range $v := .}}{{$v.Name}};{{end}}`
	want := "a,b,c,m,a,b,c,m,|a;b;c;m;a;b;c;m;"
	for _, fast := range []bool{true, false} {
		was := FastPaths(fast)
		tmpl := Must(New("t").Parse(text))
		for range 2 {
			var b strings.Builder
			err := tmpl.Execute(&b, data)
			if err != nil || b.String() != want {
				t.Errorf("fast paths %v: got %q, %v; want %q", fast, b.String(), err, want)
			}
		}
		FastPaths(was)
	}
}
