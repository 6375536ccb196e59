// This file is puente's addition to the fork: direct calls of the function
// types a site's layouts call most, instead of reflect.Value.Call (fastCall);
// plain strings run through html/template's escapers as strings
// (escapeString); and a memory of where a name was found on a type
// (lookupMember).

package template

import (
	"fmt"
	"maps"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/puente-ssg/puente/internal/gotemplate/texttemplate/parse"
)

// fastCalls is false only in tests that compare the direct paths of this
// file with the standard library's (see FastPaths).
var fastCalls = true

// FastPaths turns the direct calls and string forms of this file on or
// off and returns the previous setting. It is for tests that compare
// both, here and in htmltemplate; it must not be called while templates
// execute.
func FastPaths(on bool) (was bool) {
	was, fastCalls = fastCalls, on
	return was
}

// HasStringForm reports whether f has a registered string form; for tests.
func HasStringForm(f func(...any) string) bool {
	return stringForms[reflect.ValueOf(f).Pointer()] != nil
}

// HasStringFormNamed reports whether name stands for a function with a
// string form in t's functions, as escapeString finds it; for tests.
func HasStringFormNamed(t *Template, name string) bool {
	return t.stringForm(name) != nil
}

var (
	stringType = reflect.TypeFor[string]()
	timeType   = reflect.TypeFor[time.Time]()
	anyType    = reflect.TypeFor[any]()
)

// fastCall calls a template function (never a method) directly when its
// type is one the layouts call most: html/template's escapers
// (func(...any) string, called on every action), the comparison builtins,
// printf, one- and two-argument string and date functions, and puente's
// T, tIn, dict and partialCached. reflect.Value.Call costs far more than
// most of these functions: it lays out a frame, makes a slice for variadic
// arguments and boxes every result.
//
// ok is false for any other type, or when the number of arguments is not
// one the function takes: then evalCall takes over, with its errors.
// Arguments are evaluated and checked by evalArg and validateType exactly
// as evalCall does, in the same order, and a panic in the function becomes
// an error as in safeCall, so a template behaves the same on either path.
func (s *state) fastCall(dot, fun reflect.Value, node parse.Node, name string, args []parse.Node, final reflect.Value) (v reflect.Value, ok bool) {
	if !fastCalls {
		return zero, false
	}
	if args != nil {
		args = args[1:] // Zeroth arg is the function's name.
	}
	n := len(args)
	if !isMissing(final) {
		n++
	}
	if n > maxFastArgs {
		return zero, false
	}
	// arg evaluates the i'th argument, the pipeline's value last.
	arg := func(i int, typ reflect.Type) reflect.Value {
		if i < len(args) {
			return s.evalArg(dot, typ, args[i])
		}
		return s.validateType(final, typ)
	}
	str := func(i int) string {
		if i < len(args) {
			if c, ok := args[i].(*parse.StringNode); ok {
				s.at(c)
				return c.Text // a constant, as evalString would make it
			}
		}
		return arg(i, stringType).String()
	}
	date := func(i int) time.Time { t, _ := reflect.TypeAssert[time.Time](arg(i, timeType)); return t }
	value := func(i int) reflect.Value {
		if i < len(args) {
			return s.valueArg(dot, args[i])
		}
		v, _ := reflect.TypeAssert[reflect.Value](s.validateType(final, reflectValueType))
		return v
	}
	// rest evaluates the arguments from the i'th on into the scratch,
	// after the ones before it: an argument may be a direct call itself,
	// which uses the scratch while it is evaluated.
	var scratch []any
	rest := func(i int) []any {
		var argv [maxFastArgs]reflect.Value
		for j := i; j < n; j++ {
			argv[j] = arg(j, anyType)
		}
		scratch = s.scratch.anys(argv[i:n])
		return scratch
	}
	var err error
	switch f := fun.Interface().(type) {
	case func(...any) string: // escapers
		vals := rest(0)
		v, err = s.stringResult(func() (string, error) { return f(vals...), nil })
	case func(string) string:
		if n != 1 {
			return zero, false
		}
		a := str(0)
		v, err = s.stringResult(func() (string, error) { return f(a), nil })
	case func(time.Time) string:
		if n != 1 {
			return zero, false
		}
		a := date(0)
		v, err = s.stringResult(func() (string, error) { return f(a), nil })
	case func(time.Time, time.Time) string:
		if n != 2 {
			return zero, false
		}
		a, b := date(0), date(1)
		v, err = s.stringResult(func() (string, error) { return f(a, b), nil })
	case func(string, ...any) string: // printf
		if n < 1 {
			return zero, false
		}
		format, vals := str(0), rest(1)
		v, err = s.stringResult(func() (string, error) { return f(format, vals...), nil })
	case func(string, ...any) (string, error): // a UI string
		if n < 1 {
			return zero, false
		}
		key, vals := str(0), rest(1)
		v, err = s.stringResult(func() (string, error) { return f(key, vals...) })
	case func(string, string, ...any) (string, error): // a UI string in a language
		if n < 2 {
			return zero, false
		}
		a, b, vals := str(0), str(1), rest(2)
		v, err = s.stringResult(func() (string, error) { return f(a, b, vals...) })
	case func(...any) (map[string]any, error): // a dict of pairs
		vals := rest(0)
		v, err = result(func() (map[string]any, error) { return f(vals...) })
	case func(string, any, ...any) (any, error): // a partial, its data and keys
		if n < 2 {
			return zero, false
		}
		partial, data, vals := str(0), arg(1, anyType).Interface(), rest(2)
		var out any
		err = protect(func() (e error) { out, e = f(partial, data, vals...); return })
		// As evalCall returns it: a value of the interface type.
		v = reflect.ValueOf(&out).Elem()
	case func(reflect.Value, ...reflect.Value) (bool, error): // eq
		if n < 1 {
			return zero, false
		}
		first := value(0)
		var argv [maxFastArgs]reflect.Value
		for i := 1; i < n; i++ {
			argv[i] = value(i)
		}
		others := s.scratch.values(argv[1:n])
		v, err = result(func() (bool, error) { return f(first, others...) })
		clear(others)
	case func(reflect.Value, reflect.Value) (bool, error): // ne, lt, le, gt, ge
		if n != 2 {
			return zero, false
		}
		a, b := value(0), value(1)
		v, err = result(func() (bool, error) { return f(a, b) })
	case func(reflect.Value) bool: // not
		if n != 1 {
			return zero, false
		}
		a := value(0)
		v, err = result(func() (bool, error) { return f(a), nil })
	default:
		return zero, false
	}
	clear(scratch) // let the arguments go
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", name, err)
	}
	return v, true
}

// stringForms maps a func(...any) string, by its code's address, to a
// function that does what it does to one plain string. html/template
// registers its escapers' forms when it starts (RegisterStringForm), and
// nothing writes the map after that.
var stringForms = map[uintptr]func(string) string{}

// RegisterStringForm records that form(s) == f(s) for every plain string
// s, so that a pipeline can pass a string through f without boxing it.
// Only html/template calls it, from its init.
func RegisterStringForm(f func(...any) string, form func(string) string) {
	stringForms[reflect.ValueOf(f).Pointer()] = form
}

// escapeString passes a plain string, the value of a pipeline so far,
// through the commands after it for as long as each is a function with a
// string form and no arguments of its own: the escapers html/template
// appends to every action, two or three of them in an attribute's URL.
// It returns the result and how many commands it took (0: none, and the
// pipeline goes on as usual). Each escaper would otherwise box its input
// and its output, and go through evalCommand.
func (s *state) escapeString(str string, cmds []*parse.CommandNode) (string, int) {
	if !fastCalls {
		return str, 0
	}
	n := 0
	for _, cmd := range cmds {
		if len(cmd.Args) != 1 {
			break
		}
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok {
			break
		}
		form := s.tmpl.stringForm(id.Ident)
		if form == nil {
			break
		}
		str = form(str)
		n++
	}
	return str, n
}

// maxFastArgs is the most arguments fastCall passes; calls with more take
// the general path.
const maxFastArgs = 8

// callScratch holds the variadic arguments of a direct call. A
// slice of a local array would escape to the heap, since the callee is not
// known at compile time; one scratch per execution is enough because
// arguments are all evaluated (perhaps by other direct calls) before it
// is filled, and a template function cannot walk back into the execution
// calling it (a partial is an execution of its own).
type callScratch struct {
	any   [maxFastArgs]any
	value [maxFastArgs]reflect.Value
	// strings holds the strings box has handed out; see box.
	strings []string
}

// box returns a reflect.Value of str, of type string, as reflect.ValueOf
// does, but without an allocation of its own: reflect.ValueOf copies the
// string into a new 16-byte object every time, and the functions and
// escapers of a page's actions return a few hundred strings. box puts it
// in the next free slot of a block and returns the slot's value (which is
// addressable where reflect.ValueOf's is not; nothing in an execution sets
// a value it did not make). A slot is written once, and a full block is
// left to the values that point into it, never reused, so a value stays
// what it was for as long as anything holds it, variables included.
func (c *callScratch) box(str string) reflect.Value {
	if len(c.strings) == cap(c.strings) {
		// Blocks grow, from a size that a small partial fills.
		c.strings = make([]string, 0, min(2*cap(c.strings)+4, 64))
	}
	c.strings = append(c.strings, str)
	return reflect.ValueOf(&c.strings[len(c.strings)-1]).Elem()
}

// stringNodeValue is the value of a string constant.
func stringNodeValue(n *parse.StringNode) reflect.Value {
	if n.Value.IsValid() {
		return n.Value
	}
	return reflect.ValueOf(n.Text)
}

// anys fills the scratch with the arguments as interfaces, as
// reflect.Value.Call passes them to a ...any parameter.
func (c *callScratch) anys(args []reflect.Value) []any {
	vals := c.any[:len(args)]
	for i, a := range args {
		vals[i] = a.Interface()
	}
	return vals
}

// values fills the scratch with the arguments as they are.
func (c *callScratch) values(args []reflect.Value) []reflect.Value {
	vals := c.value[:len(args)]
	copy(vals, args)
	return vals
}

// stringResult is result for functions that return a string, boxed in
// the scratch (see callScratch.box).
func (s *state) stringResult(call func() (string, error)) (reflect.Value, error) {
	var out string
	err := protect(func() (e error) { out, e = call(); return })
	return s.scratch.box(out), err
}

// valueArg evaluates an argument for a reflect.Value parameter (the
// comparison builtins) as evalArg and validateType do, without boxing the
// value in a reflect.Value of its own and unboxing it again.
func (s *state) valueArg(dot reflect.Value, n parse.Node) reflect.Value {
	s.at(n)
	v, ok := s.evalArgValue(dot, n)
	if !ok {
		if _, isNil := n.(*parse.NilNode); isNil {
			// A reflect.Value parameter takes nil as the zero Value.
			inner, _ := reflect.TypeAssert[reflect.Value](s.evalArg(dot, reflectValueType, n))
			return inner
		}
		// A constant, as evalArg makes it before it boxes it.
		return s.evalEmptyInterface(dot, n)
	}
	if !v.IsValid() || v.Type() == reflectValueType {
		// validateType's error, or a reflect.Value passed as it is.
		inner, _ := reflect.TypeAssert[reflect.Value](s.validateType(v, reflectValueType))
		return inner
	}
	return v
}

// result runs call, protected, and returns what it returns as a value of
// its type, as reflect.Value.Call would.
func result[T any](call func() (T, error)) (reflect.Value, error) {
	var out T
	err := protect(func() (e error) { out, e = call(); return })
	return reflect.ValueOf(out), err
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

// member is where evalField finds a name on a type: a method of the
// pointer (or value) type, else a field of the struct type.
type member struct {
	method  int // index in the method set, or -1
	field   reflect.StructField
	isField bool
}

// noMember is what evalField uses when it does not look a name up.
var noMember = member{method: -1}

// typeMembers is what lookupMember knows of one type.
type typeMembers struct {
	typ   reflect.Type
	names map[string]*member // shared, never written: a member is large
}

// members remembers lookupMember's answers, copied on write: types and
// names come from the program and the parsed layouts, so after the first
// pages every lookup is a read. A layout reads fields of a dozen types, so
// the type is found by a scan of a short list (comparing interfaces is a
// pointer comparison), and the name in a map with string keys; one map
// keyed by type and name together hashed its keys the generic way, and a
// sync.Map cost more still.
var (
	members   atomic.Pointer[[]*typeMembers]
	membersMu sync.Mutex // serializes writers
)

// lookupMember finds name on ptr's method set, else as a field of
// receiver when it is a struct: what evalField does with MethodByName and
// FieldByName, which scan the type each time. ptr is receiver's type or a
// pointer to it, never an interface.
func lookupMember(ptr, receiver reflect.Type, name string) *member {
	if known := members.Load(); known != nil {
		for _, tm := range *known {
			if tm.typ == ptr {
				if m, ok := tm.names[name]; ok {
					return m
				}
				break
			}
		}
	}
	m := &member{method: -1}
	if meth, ok := ptr.MethodByName(name); ok {
		m.method = meth.Index
	} else if receiver.Kind() == reflect.Struct {
		m.field, m.isField = receiver.FieldByName(name)
	}
	membersMu.Lock()
	defer membersMu.Unlock()
	var next []*typeMembers
	added := false
	if known := members.Load(); known != nil {
		next = make([]*typeMembers, 0, len(*known)+1)
		for _, tm := range *known {
			if tm.typ == ptr {
				names := make(map[string]*member, len(tm.names)+1)
				maps.Copy(names, tm.names)
				names[name] = m
				tm = &typeMembers{typ: ptr, names: names}
				added = true
			}
			next = append(next, tm)
		}
	}
	if !added {
		next = append(next, &typeMembers{typ: ptr, names: map[string]*member{name: m}})
	}
	members.Store(&next)
	return m
}

// memberAt is lookupMember through the site of the identifier being read,
// when it has one: most sites only ever see one type, and comparing it
// costs less than looking the name up.
func memberAt(site *parse.FieldSite, ptr, receiver reflect.Type, name string) *member {
	if site == nil || !fastCalls {
		return lookupMember(ptr, receiver, name)
	}
	found := site.Load()
	if found != nil && found.Type == ptr {
		if m, ok := found.Found.(*member); ok {
			return m
		}
	}
	m := lookupMember(ptr, receiver, name)
	if found == nil {
		site.StoreFirst(&parse.FieldFound{Type: ptr, Found: m})
	}
	return m
}

// mapOfAny is the type of the maps dict makes, which layouts read with
// .Key more than any other map.
var mapOfAny = reflect.TypeFor[map[string]any]()

// dictEntry is evalField's lookup of a key in a map[string]any, without
// the two allocations of reflect: a reflect.Value of the key, and a copy
// of the entry (an interface, which MapIndex copies into a new object). It
// returns the value inside the entry, which every use of the field's value
// unwraps anyway, and ok false when the map is not a map[string]any or the
// entry is missing or nil: MapIndex tells those apart from other values,
// so evalField does them itself.
func dictEntry(receiver reflect.Value, key string) (reflect.Value, bool) {
	if !fastCalls || receiver.Type() != mapOfAny {
		return zero, false
	}
	m, _ := reflect.TypeAssert[map[string]any](receiver)
	v, ok := m[key]
	if !ok || v == nil {
		return zero, false
	}
	return reflect.ValueOf(v), true
}
