// This file is puente's, not Go's: a memory of where a name was found on
// a type (lookupMember), the plain map lookup of a dict's entries
// (dictEntry), and the string forms of html/template's escapers.

package template

import (
	"maps"
	"reflect"
	"sync"
	"sync/atomic"
)

// member is where evalField finds a name on a struct type: a method of
// the pointer (or value) type, else a field.
type member struct {
	method  int // index in the method set, or -1
	field   reflect.StructField
	isField bool
}

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

// lookupMember finds name in the method set of ptr, else as a field of
// receiver: what evalField does with MethodByName and FieldByName, which
// scan the type each time. receiver is a struct type and ptr is receiver
// or a pointer to it, so the answer depends on ptr alone.
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
	} else {
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

// mapOfAny is the type of the maps a dict function makes, which layouts
// read with .Key more than any other map.
var mapOfAny = reflect.TypeFor[map[string]any]()

// dictEntry is evalField's lookup of a key in a map[string]any, without
// the two allocations of reflect: a reflect.Value of the key, and a copy
// of the entry (an interface, which MapIndex copies into a new object). It
// returns the value inside the entry, which every use of the field's value
// unwraps anyway, and ok false when the map is not a map[string]any or the
// entry is missing or nil: MapIndex tells those apart from other values,
// so Go's evalField does them.
func dictEntry(receiver reflect.Value, key string) (reflect.Value, bool) {
	if receiver.Type() != mapOfAny {
		return zero, false
	}
	m, _ := reflect.TypeAssert[map[string]any](receiver)
	v, ok := m[key]
	if !ok || v == nil {
		return zero, false
	}
	return reflect.ValueOf(v), true
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

// stringForm is the string form of the function name stands for in the
// executing template, or nil.
func (s *state) stringForm(name string) func(string) string {
	fn, _, ok := findFunction(name, s.tmpl)
	if !ok || fn.Kind() != reflect.Func {
		return nil
	}
	return stringForms[fn.Pointer()]
}

// HasStringForm reports whether f has a registered string form; for tests.
func HasStringForm(f func(...any) string) bool {
	return stringForms[reflect.ValueOf(f).Pointer()] != nil
}

// HasStringFormNamed reports whether name stands for a function with a
// string form in t's functions, as an execution of t finds it; for tests.
func HasStringFormNamed(t *Template, name string) bool {
	return (&state{tmpl: t}).stringForm(name) != nil
}
