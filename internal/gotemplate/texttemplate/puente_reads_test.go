package template

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type heard struct {
	strings.Builder
	log []string
}

func (h *heard) ReadObserver() ReadObserver { return h }

func (h *heard) Read(recv reflect.Value, name string, v reflect.Value) {
	h.log = append(h.log, fmt.Sprintf("read %s.%s=%v", recv.Type(), name, v))
}

func (h *heard) Call(recv reflect.Value, name string, args []reflect.Value, res reflect.Value) {
	on := "func"
	if recv.IsValid() {
		on = recv.Type().String()
	}
	var as []string
	for _, a := range args {
		as = append(as, fmt.Sprint(a))
	}
	h.log = append(h.log, fmt.Sprintf("call %s.%s(%s)=%v", on, name, strings.Join(as, ","), res))
}

type readsPage struct {
	Title  string
	hidden int
	Params map[string]any
}

func (p *readsPage) Twice(s string) string { return s + s }

// TestObserverHearsEveryRead runs one template with both paths of the
// fork (puente's and Go's) and checks that the observer hears every field,
// map entry, method and function, with arguments and results, and a
// method's receiver even when the call is in a function's arguments.
func TestObserverHearsEveryRead(t *testing.T) {
	for _, fast := range []bool{true, false} {
		was := FastPaths(fast)
		tmpl := Must(New("t").Funcs(FuncMap{"up": strings.ToUpper, "join": func(a, b string) string { return a + b }}).Parse(
			`{{.Title}} {{.Params.k}} {{.Twice "x"}} {{up (.Twice .Title)}} {{join "a" (up "b")}} {{len .Params}}`))
		h := &heard{}
		p := &readsPage{Title: "T", Params: map[string]any{"k": "v"}}
		if err := tmpl.Execute(h, p); err != nil {
			t.Fatal(err)
		}
		FastPaths(was)
		if got, want := h.String(), "T v xx TT aB 1"; got != want {
			t.Errorf("fast %v: output %q, want %q", fast, got, want)
		}
		want := []string{
			"read template.readsPage.Title=T",
			"read template.readsPage.Params=map[k:v]",
			"read map[string]interface {}.k=v",
			"call template.readsPage.Twice(x)=xx",
			"read template.readsPage.Title=T",
			"call template.readsPage.Twice(T)=TT",
			"call func.up(TT)=TT",
			"call func.up(b)=B",
			"call func.join(a,B)=aB",
			"read template.readsPage.Params=map[k:v]",
			"call func.len(map[k:v])=1",
		}
		if !slices.Equal(h.log, want) {
			t.Errorf("fast %v: heard\n%s\nwant\n%s", fast, strings.Join(h.log, "\n"), strings.Join(want, "\n"))
		}
		// A writer that is not Observed is told nothing, and the template
		// runs as before.
		var b strings.Builder
		if err := tmpl.Execute(&b, p); err != nil || b.String() != "T v xx TT aB 1" {
			t.Errorf("unobserved: %q, %v", b.String(), err)
		}
	}
}
