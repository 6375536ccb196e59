// This file is puente's, not Go's: calls of template functions without
// reflect.Value.Call, for the function types registered with
// RegisterCaller, and the boxing of strings those calls return.

package template

import (
	"fmt"
	"reflect"

	"github.com/puente-ssg/puente/internal/gotemplate/texttemplate/parse"
)

// A Caller calls template functions of one type without
// reflect.Value.Call, which costs more than most template functions: it
// lays out a frame, makes a slice for variadic arguments and boxes every
// result. fn is the function; args are its arguments, evaluated and
// checked against its parameters' types as for Call. The Caller returns
// what Call would return as the function's first result, and the
// function's error if it has one. A panic in it is reported as Go's
// path reports a panic in the function.
type Caller func(fn reflect.Value, args *Args) (reflect.Value, error)

// callers are the registered Callers by function type. Writes happen in
// init functions only, before any execution.
var callers = map[reflect.Type]Caller{}

// RegisterCaller makes the template engine call functions of type typ
// with call. It must be called from an init function: the map it writes
// is read without a lock.
func RegisterCaller(typ reflect.Type, call Caller) {
	if typ.Kind() != reflect.Func {
		panic(fmt.Sprintf("RegisterCaller: %s is not a function type", typ))
	}
	callers[typ] = call
}

// maxDirectArgs is the most arguments a direct call passes; calls with
// more take Go's path.
const maxDirectArgs = 8

// Args are the arguments of a direct call (see Caller). They are valid
// until the Caller returns.
type Args struct {
	vals []reflect.Value
	st   *puenteState
	in   [maxDirectArgs]reflect.Value // vals's array
	val  [maxDirectArgs]reflect.Value // for Reflects
	anys [maxDirectArgs]any           // for Interfaces
}

// Len is the number of arguments.
func (a *Args) Len() int { return len(a.vals) }

// Value is the i'th argument as Call would get it.
func (a *Args) Value(i int) reflect.Value { return a.vals[i] }

// String is the i'th argument of a string parameter.
func (a *Args) String(i int) string { return a.vals[i].String() }

// Interface is the i'th argument of a parameter of interface type.
func (a *Args) Interface(i int) any { return a.vals[i].Interface() }

// Interfaces are the arguments from the i'th on of a variadic ...any
// parameter, as Call passes them, in a slice that the next direct call
// reuses: register Callers only for functions that do not keep it.
func (a *Args) Interfaces(i int) []any {
	out := a.anys[:len(a.vals)-i]
	for j, v := range a.vals[i:] {
		out[j] = v.Interface()
	}
	return out
}

// Reflect is the i'th argument of a reflect.Value parameter, as the
// function gets it.
func (a *Args) Reflect(i int) reflect.Value {
	v, _ := reflect.TypeAssert[reflect.Value](a.vals[i])
	return v
}

// Reflects are the arguments from the i'th on of a variadic
// ...reflect.Value parameter, as the function gets them, in a slice that
// the next direct call reuses.
func (a *Args) Reflects(i int) []reflect.Value {
	out := a.val[:len(a.vals)-i]
	for j := range out {
		out[j] = a.Reflect(i + j)
	}
	return out
}

// StringResult is the value of a string result, as Call would return it.
func (a *Args) StringResult(s string) reflect.Value { return a.st.box(s) }

// directCall calls fun, a function of a registered type, as evalCall
// would: it checks the number of arguments, evaluates them in the same
// order with the same checks, and reports an error or a panic of the
// function the same way. ok is false, with nothing evaluated, for any
// other type or number of arguments: then Go's path takes the call, with
// its errors.
func (s *state) directCall(dot, fun reflect.Value, node parse.Node, name string, args []parse.Node, final reflect.Value) (v reflect.Value, ok bool) {
	typ := fun.Type()
	call := callers[typ]
	if call == nil {
		return zero, false
	}
	if args != nil {
		args = args[1:] // Zeroth arg is the function's name.
	}
	numIn := len(args)
	if !isMissing(final) {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return zero, false
		}
	} else if numIn != typ.NumIn() {
		return zero, false
	}
	if numIn > maxDirectArgs {
		return zero, false
	}
	// The arguments go to a local array first: evaluating one may make
	// another direct call, which uses the execution's Args.
	var argv [maxDirectArgs]reflect.Value
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		argv[i] = s.evalArg(dot, typ.In(i), args[i])
	}
	if typ.IsVariadic() {
		argType := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			argv[i] = s.evalArg(dot, argType, args[i])
		}
	}
	if !isMissing(final) {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		argv[i] = s.validateType(final, t)
	}
	st := s.ext()
	a := &st.args
	a.st = st
	a.vals = a.in[:copy(a.in[:], argv[:numIn])]
	err := protect(func() (err error) { v, err = call(fun, a); return })
	if obs := st.obs; obs != nil {
		res := v
		if err != nil {
			res = zero
		}
		obs.Call(st.recv, name, a.vals, res)
	}
	a.vals = nil
	clear(a.in[:]) // let the arguments go
	clear(a.anys[:])
	clear(a.val[:])
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", name, err)
	}
	if v.IsValid() && v.Type() == reflectValueType {
		v, _ = reflect.TypeAssert[reflect.Value](v)
	}
	return v, true
}

// protect runs call and returns its error, or a panic in it as an error,
// as safeCall does.
func protect(call func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	return call()
}

// The callers of the types of the standard library's own functions: the
// escapers html/template appends to every action, printf, and the
// comparisons.
func init() {
	RegisterCaller(reflect.TypeFor[func(...any) string](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(...any) string](fn)
		return a.StringResult(f(a.Interfaces(0)...)), nil
	})
	RegisterCaller(reflect.TypeFor[func(string, ...any) string](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(string, ...any) string](fn)
		return a.StringResult(f(a.String(0), a.Interfaces(1)...)), nil
	})
	RegisterCaller(reflect.TypeFor[func(reflect.Value, ...reflect.Value) (bool, error)](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(reflect.Value, ...reflect.Value) (bool, error)](fn)
		b, err := f(a.Reflect(0), a.Reflects(1)...)
		return reflect.ValueOf(b), err
	})
	RegisterCaller(reflect.TypeFor[func(reflect.Value, reflect.Value) (bool, error)](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(reflect.Value, reflect.Value) (bool, error)](fn)
		b, err := f(a.Reflect(0), a.Reflect(1))
		return reflect.ValueOf(b), err
	})
	RegisterCaller(reflect.TypeFor[func(reflect.Value) bool](), func(fn reflect.Value, a *Args) (reflect.Value, error) {
		f, _ := reflect.TypeAssert[func(reflect.Value) bool](fn)
		return reflect.ValueOf(f(a.Reflect(0))), nil
	})
}

// box returns a reflect.Value of str, of type string, as reflect.ValueOf
// does, but without an allocation of its own: reflect.ValueOf copies the
// string into a new 16-byte object every time, and the functions and
// escapers of a page's actions return a few hundred strings. box puts it
// in the next free slot of a block and returns the slot's value. A slot
// is written once, and a full block is left to the values that point
// into it, never reused, so a value stays what it was for as long as
// anything holds it, variables included. The value is addressable where
// reflect.ValueOf's is not; validateType sees to it that nothing takes
// its address.
func (st *puenteState) box(str string) reflect.Value {
	n := len(st.strings)
	if n == 0 || len(st.strings[n-1]) == cap(st.strings[n-1]) {
		// Blocks grow, from a size that a small partial fills.
		size := 4
		if n > 0 {
			size = min(2*cap(st.strings[n-1])+4, 64)
		}
		st.strings = append(st.strings, make([]string, 0, size))
		n++
	}
	block := append(st.strings[n-1], str)
	st.strings[n-1] = block
	return reflect.ValueOf(&block[len(block)-1]).Elem()
}

// boxed reports whether v, an addressable string, is one box made.
func (st *puenteState) boxed(v reflect.Value) bool {
	if st == nil {
		return false
	}
	p := v.Addr().Pointer()
	for _, block := range st.strings {
		if len(block) > 0 {
			first := reflect.ValueOf(&block[0]).Pointer()
			last := reflect.ValueOf(&block[len(block)-1]).Pointer()
			if first <= p && p <= last {
				return true
			}
		}
	}
	return false
}
