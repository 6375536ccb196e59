// This file is puente's, not Go's: an execution can tell an observer
// every value it reads from its data (fields, map entries) and every
// function and method it calls, with arguments and result, so that a
// caller can tell later whether executing it again would read the same.

package template

import (
	"io"
	"reflect"
)

// A ReadObserver hears what one execution reads. Its methods are called
// from the executing goroutine, in the order of evaluation; they must not
// keep a reflect.Value they cannot compare later (the values are those
// the template saw).
type ReadObserver interface {
	// Read reports that the template read name (a field, or a key of a
	// map) of receiver and got value.
	Read(receiver reflect.Value, name string, value reflect.Value)
	// Call reports a call: of a method name of receiver, or of the
	// function name (receiver invalid), with its arguments and result
	// (invalid when the call failed).
	Call(receiver reflect.Value, name string, args []reflect.Value, result reflect.Value)
}

// An Observed writer has an execution into it tell its observer what it
// reads. The observer is asked for once, when the execution starts.
type Observed interface {
	io.Writer
	ReadObserver() ReadObserver
}

// observedState is the puente state an execution into wr starts with:
// one that holds the observer if wr is Observed, else none (made on first
// use, see ext).
func observedState(wr io.Writer) *puenteState {
	if o, ok := wr.(Observed); ok {
		if obs := o.ReadObserver(); obs != nil {
			return &puenteState{obs: obs}
		}
	}
	return nil
}

// observer is the execution's observer, or nil.
func (s *state) observer() ReadObserver {
	if s.puente == nil {
		return nil
	}
	return s.puente.obs
}

// observedCall is safeCall, telling the observer of the call. The
// receiver is the one evalField has set for a method; a function's
// evaluation clears it (observedFunction).
func (s *state) observedCall(name string, fun reflect.Value, argv []reflect.Value) (reflect.Value, error) {
	v, err := safeCall(fun, argv)
	if obs := s.observer(); obs != nil {
		res := v
		if err != nil {
			res = zero
		}
		obs.Call(s.puente.recv, name, unwrapArgs(argv), res)
	}
	return v, err
}

// observedField evaluates a field, map entry or method of receiver with
// eval and tells the observer: a method as a call (observedCall, with the
// receiver set here), anything else as a read of its value.
func (s *state) observedField(receiver reflect.Value, name string, eval func() reflect.Value) reflect.Value {
	st := s.puente
	r, isNil := indirect(receiver)
	if isNil || !r.IsValid() {
		return eval()
	}
	if r.Kind() == reflect.Struct {
		ptr := r
		if r.CanAddr() {
			ptr = r.Addr()
		}
		if m := lookupMember(ptr.Type(), r.Type(), name); m.method >= 0 {
			saved := st.recv
			st.recv = r
			defer func() { st.recv = saved }()
			return eval()
		}
	}
	v := eval()
	st.obs.Read(r, name, v)
	return v
}

// observedFunction evaluates a call of a function with eval, with no
// receiver set: the call may be in the arguments of a method's call.
func (s *state) observedFunction(eval func() reflect.Value) reflect.Value {
	st := s.puente
	saved := st.recv
	st.recv = zero
	defer func() { st.recv = saved }()
	return eval()
}

// unwrapArgs returns argv with every argument that is a reflect.Value
// (what builtins such as len and index take) replaced by the value it
// holds, as the template saw it.
func unwrapArgs(argv []reflect.Value) []reflect.Value {
	for i, a := range argv {
		if a.IsValid() && a.Type() == reflectValueType {
			out := make([]reflect.Value, len(argv))
			copy(out, argv)
			for j := i; j < len(out); j++ {
				if out[j].IsValid() && out[j].Type() == reflectValueType {
					out[j], _ = reflect.TypeAssert[reflect.Value](out[j])
				}
			}
			return out
		}
	}
	return argv
}
