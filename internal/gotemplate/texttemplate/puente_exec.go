// This file is puente's, not Go's: the functions of exec.go that puente
// wraps (gen renames Go's to name+"Go"), each taking a cheaper path for
// the common case and leaving every other case, and every error, to Go's.

package template

import (
	"io"
	"reflect"

	"github.com/puente-ssg/puente/internal/gotemplate/texttemplate/parse"
)

// fastPaths is false only in tests that compare puente's paths with Go's
// (see FastPaths).
var fastPaths = true

// FastPaths turns puente's paths of the fork on or off and returns the
// previous setting. It is for tests that compare both, here and in
// htmltemplate; it must not be called while templates execute.
func FastPaths(on bool) (was bool) {
	was, fastPaths = fastPaths, on
	return was
}

// puenteState is what puente's paths keep for one execution (the state's
// puente field, made on first use).
type puenteState struct {
	args Args
	// strings are the blocks of boxed strings (see box); the last is
	// being filled.
	strings [][]string
	// obs hears what the execution reads (puente_reads.go), and recv is
	// the receiver of the method being called, if any.
	obs  ReadObserver
	recv reflect.Value
}

func (s *state) ext() *puenteState {
	if s.puente == nil {
		s.puente = new(puenteState)
	}
	return s.puente
}

var stringType = reflect.TypeFor[string]()

// evalFunction calls the functions of the types registered with
// RegisterCaller without reflect.Value.Call.
func (s *state) evalFunction(dot reflect.Value, node *parse.IdentifierNode, cmd parse.Node, args []parse.Node, final reflect.Value) reflect.Value {
	if s.observer() != nil {
		return s.observedFunction(func() reflect.Value { return s.evalFunctionFast(dot, node, cmd, args, final) })
	}
	return s.evalFunctionFast(dot, node, cmd, args, final)
}

func (s *state) evalFunctionFast(dot reflect.Value, node *parse.IdentifierNode, cmd parse.Node, args []parse.Node, final reflect.Value) reflect.Value {
	if fastPaths {
		s.at(node)
		name := node.Ident
		if fn, isBuiltin, ok := findFunction(name, s.tmpl); ok && !(isBuiltin && (name == "and" || name == "or" || name == "call")) {
			if v, ok := s.directCall(dot, fn, cmd, name, args, final); ok {
				return v
			}
		}
	}
	return s.evalFunctionGo(dot, node, cmd, args, final)
}

// evalCommand passes a plain string through an escaper of html/template
// as a string (see RegisterStringForm): html/template appends escapers to
// every action that prints, and each would box its input and output.
func (s *state) evalCommand(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value) reflect.Value {
	if fastPaths && len(cmd.Args) == 1 && final.IsValid() && final.Type() == stringType {
		if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
			if form := s.stringForm(id.Ident); form != nil {
				s.at(id)
				return s.ext().box(form(final.String()))
			}
		}
	}
	return s.evalCommandGo(dot, cmd, final)
}

// evalField reads methods and fields of structs, and entries of a
// map[string]any, by what lookupMember remembers instead of scanning the
// type (MethodByName, FieldByName) every time. Anything else, and every
// failure, goes the way of Go's evalField.
func (s *state) evalField(dot reflect.Value, fieldName string, node parse.Node, args []parse.Node, final, receiver reflect.Value) reflect.Value {
	if s.observer() != nil {
		return s.observedField(receiver, fieldName, func() reflect.Value { return s.evalFieldFast(dot, fieldName, node, args, final, receiver) })
	}
	return s.evalFieldFast(dot, fieldName, node, args, final, receiver)
}

func (s *state) evalFieldFast(dot reflect.Value, fieldName string, node parse.Node, args []parse.Node, final, receiver reflect.Value) reflect.Value {
	if fastPaths && receiver.IsValid() {
		if r, isNil := indirect(receiver); !isNil {
			hasArgs := len(args) > 1 || !isMissing(final)
			switch r.Kind() {
			case reflect.Struct:
				ptr := r
				if r.CanAddr() {
					ptr = r.Addr()
				}
				m := lookupMember(ptr.Type(), r.Type(), fieldName)
				if m.method >= 0 {
					return s.evalCall(dot, ptr.Method(m.method), false, node, fieldName, args, final)
				}
				if m.isField && m.field.IsExported() && !hasArgs {
					if field, err := r.FieldByIndexErr(m.field.Index); err == nil {
						return field
					}
				}
			case reflect.Map:
				if !hasArgs {
					if v, ok := dictEntry(r, fieldName); ok {
						return v
					}
				}
			}
		}
	}
	return s.evalFieldGo(dot, fieldName, node, args, final, receiver)
}

// validateType keeps a boxed string (see box) from being passed by its
// address to a parameter of type *string: Go's validateType takes the
// address of an addressable value, and the standard library's strings
// from functions are not addressable, so it refuses such a call.
func (s *state) validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if typ != nil && typ.Kind() == reflect.Pointer && value.IsValid() && value.CanAddr() && value.Type() == stringType && s.puente.boxed(value) {
		value = reflect.ValueOf(value.String())
	}
	return s.validateTypeGo(value, typ)
}

// printValue writes a plain string, which every html/template action ends
// in, as it is: fmt.Fprint would do the same, slower.
func (s *state) printValue(n parse.Node, v reflect.Value) {
	if fastPaths && v.IsValid() && v.Type() == stringType {
		s.at(n)
		if _, err := io.WriteString(s.wr, v.String()); err != nil {
			s.writeError(err)
		}
		return
	}
	s.printValueGo(n, v)
}
