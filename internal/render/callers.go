package render

import (
	"reflect"
	"time"

	texttemplate "github.com/puente-ssg/puente/internal/gotemplate/texttemplate"
)

// The template engine calls functions of these types, the types of most
// of langFuncs' calls, without reflect.Value.Call (see
// texttemplate.RegisterCaller): lists call T, dict and partialCached once
// per entry. None of the functions keeps its variadic arguments' slice.
func init() {
	register := func(example any, call texttemplate.Caller) {
		texttemplate.RegisterCaller(reflect.TypeOf(example), call)
	}
	register(func(string) string { return "" }, func(fn reflect.Value, a *texttemplate.Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string) string](fn)
		return a.StringResult(f(a.String(0))), nil
	})
	register(func(time.Time) string { return "" }, func(fn reflect.Value, a *texttemplate.Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(time.Time) string](fn)
		t, _ := reflect.TypeAssert[time.Time](a.Value(0))
		return a.StringResult(f(t)), nil
	})
	register(func(time.Time, time.Time) string { return "" }, func(fn reflect.Value, a *texttemplate.Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(time.Time, time.Time) string](fn)
		t, _ := reflect.TypeAssert[time.Time](a.Value(0))
		u, _ := reflect.TypeAssert[time.Time](a.Value(1))
		return a.StringResult(f(t, u)), nil
	})
	// T
	register(func(string, ...any) (string, error) { return "", nil }, func(fn reflect.Value, a *texttemplate.Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string, ...any) (string, error)](fn)
		s, err := f(a.String(0), a.Interfaces(1)...)
		return a.StringResult(s), err
	})
	// tIn
	register(func(string, string, ...any) (string, error) { return "", nil }, func(fn reflect.Value, a *texttemplate.Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string, string, ...any) (string, error)](fn)
		s, err := f(a.String(0), a.String(1), a.Interfaces(2)...)
		return a.StringResult(s), err
	})
	// dict
	register(func(...any) (map[string]any, error) { return nil, nil }, func(fn reflect.Value, a *texttemplate.Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(...any) (map[string]any, error)](fn)
		m, err := f(a.Interfaces(0)...)
		return reflect.ValueOf(m), err
	})
	// partialCached: its HTML comes back as a value of interface type, as
	// reflect.Value.Call returns it.
	register(func(string, any, ...any) (any, error) { return nil, nil }, func(fn reflect.Value, a *texttemplate.Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string, any, ...any) (any, error)](fn)
		out, err := f(a.String(0), a.Interface(1), a.Interfaces(2)...)
		return reflect.ValueOf(&out).Elem(), err
	})
}
