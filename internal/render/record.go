package render

import (
	"fmt"
	"hash/maphash"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	texttemplate "github.com/puente-ssg/puente/internal/gotemplate/texttemplate"
	"github.com/puente-ssg/puente/internal/site"
)

// A Record is what rendering one page read of the model, as the template
// engine reported it (texttemplate.ReadObserver): the fields of pages it
// read, by the page's output path, the calls of model-reading template
// functions with their arguments and a fingerprint of their results, and
// the records of the cached partials it used. Serve keeps one per page so
// that after an edit it renders again only the pages whose reads changed
// (Renderer.Unchanged). A Record holds no value of the model it was
// recorded in, so that model can go.
type Record struct {
	lang string
	// reads are page fields, by the numbers of the page's output path
	// and of the field's name (readNumbers); the field "" stands for
	// every field of the page.
	reads []readKey
	calls []recordedCall
	// partials are the records of the cached partials the page used.
	partials []*Record
	// opaque is true when a call could not be recorded so that it can be
	// made again (an argument of a kind Record does not map to the next
	// model): the page is then always rendered again.
	opaque bool
	// body is true when the rendering showed a page's converted body
	// (Content, TOC, Embeds), which depends on its links' answers as well
	// as on its file.
	body bool
	// errs are the problems rendering the page found, reported again when
	// the page is not rendered again.
	errs diag.List
	// checked is the answer of the last check of the record, with the
	// change set's epoch (ChangeSet.epoch<<1 | 1 if unchanged).
	checked atomic.Uint64
	// indexed is a cached partial's record's place in the RecordIndex
	// that met it last.
	indexed indexSlot
}

// PageField is a field of a page, by the page's output path.
type PageField struct{ Page, Field string }

// recordedCall is one call of a model-reading template function.
type recordedCall struct {
	name string
	args []callArg
	// key is callKey(lang, name, args), made once.
	key    string
	result uint64
}

// callArg is an argument of a recorded call: a page (by output path) or
// a plain value.
type callArg struct {
	page  string
	value any
}

// modelFree are the template functions whose results depend on their
// arguments and on what a rebuild of the model leaves as it is (settings,
// UI strings, assets, images, the Renderer's options, whose edits render
// every page again) alone. Every other function, including builtins that
// a theme may shadow and functions added later, is recorded and made
// again: forgetting a name here costs time, never correctness.
var modelFree = map[string]bool{
	"T": true, "tIn": true, "date": true, "dateIn": true, "dateRange": true, "month": true, "isoDate": true,
	"langName": true, "langNameIn": true, "country": true, "asset": true, "download": true, "absURL": true,
	"relURL": true, "icons": true, "sectionURL": true, "safeHTML": true, "add": true, "dict": true,
	"upper": true, "hasPrefix": true, "liveReload": true,
	// Builtins compute from their arguments, which the template read.
	"and": true, "or": true, "not": true, "len": true, "index": true, "slice": true, "print": true,
	"printf": true, "println": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"html": true, "js": true, "urlquery": true,
}

// ofTheirPage are the template functions of one page whose results
// depend on that page's own fields (its file, title, summary, language,
// permalink, and its group by its pages' output paths, as diffModels
// compares them) and on what modelFree's depend on. A call of one is
// recorded as a read of all of its page, as a page's method is (see
// Call), rather than made again after every edit: on a large site these
// are most of the calls (socialImage, picture and eventJSONLD on every
// page). A function here must read no other page's fields but their
// output paths; leaving one out costs time, never correctness.
var ofTheirPage = map[string]bool{
	"picture": true, "socialImage": true, "eventJSONLD": true, "xdefault": true, "xdefaultURL": true,
}

// recorder is the ReadObserver of one execution.
type recorder struct {
	r   *Renderer
	rec *Record
	// seen dedupes reads: a list reads the same few fields of many pages.
	seen map[PageField]struct{}
}

var (
	sitePageType = reflect.TypeFor[site.Page]()
	viewType     = reflect.TypeFor[Page]()
)

func (o *recorder) addRead(page, field string) {
	k := PageField{page, field}
	if _, ok := o.seen[k]; ok {
		return
	}
	o.seen[k] = struct{}{}
	o.rec.reads = append(o.rec.reads, newReadKey(k))
}

// pageKey is the output path of the page a struct value is, or false.
func pageKey(v reflect.Value) (string, bool) {
	switch v.Type() {
	case sitePageType:
		return v.FieldByName("OutputPath").String(), true
	case viewType:
		p := v.Field(0)
		if p.IsNil() {
			return "", false
		}
		return p.Elem().FieldByName("OutputPath").String(), true
	}
	return "", false
}

// Read records fields of pages. Anything else a layout reads is reached
// through a page's field or a recorded call's result, and compared with
// them (see site's model diff in build).
func (o *recorder) Read(recv reflect.Value, name string, _ reflect.Value) {
	if key, ok := pageKey(recv); ok {
		if recv.Type() == viewType {
			switch name {
			case "Content", "TOC", "Embeds":
				// From the body, so from the file (and its links, which
				// Unchanged asks again).
				name = "File"
				o.rec.body = true
			}
		}
		o.addRead(key, name)
	}
}

// Call records calls of model-reading functions, and a method of a page
// as a read of all of the page (Switcher reads its group and languages).
func (o *recorder) Call(recv reflect.Value, name string, args []reflect.Value, result reflect.Value) {
	if recv.IsValid() {
		if key, ok := pageKey(recv); ok {
			o.addRead(key, "")
		}
		return
	}
	if name == "partialCached" {
		o.linkPartial(args)
		return
	}
	if ofTheirPage[name] && len(args) == 1 {
		if arg, ok := toCallArg(args[0]); ok && arg.page != "" {
			o.addRead(arg.page, "")
			return
		}
	}
	if modelFree[name] || strings.HasPrefix(name, "_html_template_") {
		// html/template's escapers work on their arguments alone.
		return
	}
	c := recordedCall{name: name, args: make([]callArg, len(args))}
	for i, a := range args {
		arg, ok := toCallArg(a)
		if !ok {
			o.rec.opaque = true
			return
		}
		c.args[i] = arg
	}
	key := callKey(o.rec.lang, name, c.args)
	c.key = key
	if fp, ok := o.r.callFPs.Load(key); ok {
		c.result = fp.(uint64)
	} else {
		c.result = fingerprint(result)
		o.r.callFPs.Store(key, c.result)
	}
	o.rec.calls = append(o.rec.calls, c)
}

func toCallArg(a reflect.Value) (callArg, bool) {
	for a.IsValid() && a.Kind() == reflect.Interface && !a.IsNil() {
		a = a.Elem()
	}
	if !a.IsValid() {
		return callArg{}, true
	}
	if a.Kind() == reflect.Pointer && !a.IsNil() {
		if key, ok := pageKey(a.Elem()); ok {
			return callArg{page: key}, true
		}
	}
	switch a.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
		if a.CanInterface() {
			return callArg{value: a.Interface()}, true
		}
	}
	return callArg{}, false
}

// linkPartial adds the record of the cached partial the call used.
func (o *recorder) linkPartial(args []reflect.Value) {
	if len(args) < 2 {
		o.rec.opaque = true
		return
	}
	keys := make([]any, 0, len(args)-2)
	for _, a := range args[2:] {
		if !a.IsValid() || !a.CanInterface() {
			keys = append(keys, nil)
			continue
		}
		keys = append(keys, a.Interface())
	}
	k, err := newPartialKey(o.rec.lang, args[0].String(), keys)
	if err != nil {
		o.rec.opaque = true
		return
	}
	o.r.cacheMu.RLock()
	pr := o.r.cachedRecs[k]
	o.r.cacheMu.RUnlock()
	if pr == nil {
		o.rec.opaque = true
		return
	}
	for _, have := range o.rec.partials {
		if have == pr {
			return
		}
	}
	o.rec.partials = append(o.rec.partials, pr)
}

// observedBuffer is an execution's writer that hands the engine a
// recorder.
type observedBuffer struct {
	io.Writer
	obs *recorder
}

func (b *observedBuffer) ReadObserver() texttemplate.ReadObserver { return b.obs }

func (b *observedBuffer) WriteString(s string) (int, error) { return io.WriteString(b.Writer, s) }

// startRecord returns the writer that records an execution into w, and
// its record, when the Renderer records (Options.Record); else w itself.
func (r *Renderer) startRecord(w io.Writer, lang string) (io.Writer, *Record) {
	if !r.opts.Record {
		return w, nil
	}
	rec := &Record{lang: lang}
	return &observedBuffer{Writer: w, obs: &recorder{r: r, rec: rec, seen: map[PageField]struct{}{}}}, rec
}

// keepRecord keeps a page's record, with the problems its rendering found.
func (r *Renderer) keepRecord(p *site.Page, rec *Record, errs diag.List) {
	if rec == nil {
		return
	}
	rec.errs = errs
	// Page itself reads its page beyond what layouts read (a draft's
	// banner, the layout for its kind, its body's checks): any change of
	// the page renders it again.
	rec.reads = append(rec.reads, newReadKey(PageField{Page: p.OutputPath}))
	r.recMu.Lock()
	r.records[p.OutputPath] = rec
	r.recMu.Unlock()
}

// ForgetCalls drops what r knows of its calls' results: after the pages
// of its model were given new values in place, a call may return
// something else.
func (r *Renderer) ForgetCalls() { r.callFPs.Clear() }

// Records returns the records of the pages this Renderer rendered, by
// output path, when it records, since the last TakeRecords.
func (r *Renderer) Records() map[string]*Record {
	r.recMu.Lock()
	defer r.recMu.Unlock()
	return r.records
}

// TakeRecords returns what Records returns, and starts a new map: the
// records it returns are the caller's.
func (r *Renderer) TakeRecords() map[string]*Record {
	r.recMu.Lock()
	defer r.recMu.Unlock()
	recs := r.records
	r.records = map[string]*Record{}
	return recs
}

// Errs are the problems the recorded rendering found.
func (rec *Record) Errs() diag.List { return rec.errs }

// CheckMemo keeps what one goroutine's Unchanged calls worked out: the
// fingerprints of the results of calls of plain values, in the model of
// the one Renderer it is used with. It is not safe for concurrent use:
// each worker has its own, so that checking a large site's records takes
// no lock. (The answers for cached partials' records, shared by many
// pages, are kept on the records, by change set: see Record.checked.)
type CheckMemo struct {
	changes *ChangeSet
	calls   map[string]uint64
}

// NewCheckMemo returns an empty CheckMemo for checking records against
// changes.
func NewCheckMemo(changes *ChangeSet) *CheckMemo {
	return &CheckMemo{changes: changes}
}

// Unchanged reports whether rendering p with r would read what rec
// recorded, in a model that differs from the recorded one by memo's changes: no
// page field it read changed, every call it made returns the same, every
// cached partial it used is unchanged too, and its body's links get the
// same answers.
func (r *Renderer) Unchanged(p *site.Page, rec *Record, memo *CheckMemo) bool {
	// A page's own record is checked once; only the partials' records it
	// shares with other pages are worth remembering in memo.
	if !r.checkRec(rec, memo) {
		return false
	}
	return memo.changes.BodiesHold || r.KeepBody(p)
}

// unchangedRec is checkRec, asked once per change set: a cached
// partial's record is shared by thousands of pages (a list's entries,
// every page's header). Two workers may work out the same answer at
// once; either stores it.
func (r *Renderer) unchangedRec(rec *Record, memo *CheckMemo) bool {
	epoch := memo.changes.epoch
	if v := rec.checked.Load(); v>>1 == epoch {
		return v&1 == 1
	}
	ok := r.checkRec(rec, memo)
	v := epoch << 1
	if ok {
		v |= 1
	}
	rec.checked.Store(v)
	return ok
}

func (r *Renderer) checkRec(rec *Record, memo *CheckMemo) bool {
	if rec.opaque {
		return false
	}
	for _, rd := range rec.reads {
		if memo.changes.changed(rd) {
			return false
		}
	}
	for _, pr := range rec.partials {
		if !r.unchangedRec(pr, memo) {
			return false
		}
	}
	if len(rec.calls) == 0 {
		return true
	}
	funcs := r.funcsOf(rec.lang)
	for _, c := range rec.calls {
		// A call of a page (socialImage .) is mostly its page's own, and
		// remembering it would cost more than the rare second ask; a call
		// of plain values (sectionFeed "events") is shared by many pages.
		shared := !c.ofPage()
		fp, ok := uint64(0), false
		if shared {
			fp, ok = memo.calls[c.key]
		}
		if !ok {
			fn, found := funcs[c.name]
			if !found {
				return false
			}
			res, ok := r.callAgain(fn, c.args)
			if !ok {
				return false
			}
			fp = fingerprint(res)
			if shared {
				// Made on the first call: a memo is made for each
				// partial taken over, and most records call nothing.
				if memo.calls == nil {
					memo.calls = map[string]uint64{}
				}
				memo.calls[c.key] = fp
			}
		}
		if fp != c.result {
			return false
		}
	}
	return true
}

// ofPage reports whether a page is among the call's arguments.
func (c *recordedCall) ofPage() bool {
	for _, a := range c.args {
		if a.page != "" {
			return true
		}
	}
	return false
}

// funcsOf returns the template functions of a language, made once.
func (r *Renderer) funcsOf(code string) template.FuncMap {
	r.recMu.Lock()
	defer r.recMu.Unlock()
	if f, ok := r.funcs[code]; ok {
		return f
	}
	f := r.langFuncs(code)
	r.funcs[code] = f
	return f
}

// callAgain calls a template function with recorded arguments, pages
// taken from this Renderer's model.
func (r *Renderer) callAgain(fn any, args []callArg) (res reflect.Value, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	fv := reflect.ValueOf(fn)
	t := fv.Type()
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		var pt reflect.Type
		if t.IsVariadic() && i >= t.NumIn()-1 {
			pt = t.In(t.NumIn() - 1).Elem()
		} else if i < t.NumIn() {
			pt = t.In(i)
		} else {
			return reflect.Value{}, false
		}
		var v reflect.Value
		switch {
		case a.page != "":
			p := r.pageAt(a.page)
			if p == nil {
				return reflect.Value{}, false
			}
			v = reflect.ValueOf(p)
		case a.value == nil:
			v = reflect.Zero(pt)
		default:
			v = reflect.ValueOf(a.value)
		}
		if !v.Type().AssignableTo(pt) {
			if !v.Type().ConvertibleTo(pt) {
				return reflect.Value{}, false
			}
			v = v.Convert(pt)
		}
		in[i] = v
	}
	out := fv.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		// An error: the template stopped there; render to report it.
		return reflect.Value{}, false
	}
	return out[0], true
}

// KeepBody reports whether p's converted body, kept from an earlier
// Renderer, still holds: its links get the same answers (true for a page
// without a body). It marks the body as used, as rendering the page would
// (Bodies.Sweep).
func (r *Renderer) KeepBody(p *site.Page) bool {
	if p.File == nil {
		return true
	}
	b := r.opts.Bodies
	if b == nil {
		return false
	}
	key := bodyKey{p.File, p.URL, p.Lang}
	set := r.bodySettingOnce()
	b.mu.RLock()
	var old *body
	if set == b.setting {
		old = b.entries[key]
	}
	b.mu.RUnlock()
	if old == nil {
		return false
	}
	old.used.Store(true)
	return r.sameAnswers(p, old)
}

var fpSeed = maphash.MakeSeed()

// fingerprint hashes a value all the way down, a page by its output path
// (its fields are reads of their own when a layout reads them).
func fingerprint(v reflect.Value) uint64 {
	var h maphash.Hash
	h.SetSeed(fpSeed)
	writeFP(&h, v, map[uintptr]bool{})
	return h.Sum64()
}

func writeFP(b *maphash.Hash, v reflect.Value, seen map[uintptr]bool) {
	if !v.IsValid() {
		b.WriteString("!")
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		if key, ok := pageKey(v.Elem()); ok {
			b.WriteString("P:" + key + ";")
			return
		}
		if seen[v.Pointer()] {
			b.WriteString("^")
			return
		}
		seen[v.Pointer()] = true
		writeFP(b, v.Elem(), seen)
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString(v.Elem().Type().String())
		writeFP(b, v.Elem(), seen)
	case reflect.Struct:
		if key, ok := pageKey(v); ok {
			b.WriteString("P:" + key + ";")
			return
		}
		b.WriteString("{")
		for i := range v.NumField() {
			writeFP(b, v.Field(i), seen)
			b.WriteString(",")
		}
		b.WriteString("}")
	case reflect.Slice, reflect.Array:
		b.WriteString("[")
		for i := range v.Len() {
			writeFP(b, v.Index(i), seen)
			b.WriteString(",")
		}
		b.WriteString("]")
	case reflect.Map:
		b.WriteString("map")
		// In no order: the sum of the entries' hashes.
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			var e maphash.Hash
			e.SetSeed(fpSeed)
			writeFP(&e, it.Key(), seen)
			writeFP(&e, it.Value(), seen)
			sum += e.Sum64()
		}
		b.WriteString(strconv.FormatUint(sum, 16))
	case reflect.String:
		b.WriteString(strconv.Itoa(v.Len()))
		b.WriteByte(':')
		b.WriteString(v.String())
	case reflect.Bool:
		if v.Bool() {
			b.WriteString("t")
		} else {
			b.WriteString("f")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		b.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		// Functions, channels: compared by nothing they could show.
		b.WriteString(v.Kind().String())
	}
}

// recState is a Renderer's records (see Options.Record).
type recState struct {
	// heir, while set, is where partialCached finds outputs to take
	// over (InheritPartials).
	heir       *heir
	recMu      sync.Mutex
	records    map[string]*Record
	funcs      map[string]template.FuncMap
	cachedRecs map[partialKey]*Record
	// byOutput finds the model's pages by output path, made once.
	byOutput     map[string]*site.Page
	byOutputOnce sync.Once
	// callFPs are the fingerprints of the results of calls in this
	// Renderer's model, by callKey: every page calls the same few.
	callFPs sync.Map
}

// callKey names a call by the language of the page that made it, its
// function and its arguments: a function of one name is another in each
// language (sectionFeed "events" is each language's feed).
func callKey(lang, name string, args []callArg) string {
	var b strings.Builder
	b.WriteString(lang)
	b.WriteByte(0)
	b.WriteString(name)
	for _, a := range args {
		b.WriteByte(0)
		if a.page != "" {
			b.WriteString("P:" + a.page)
			continue
		}
		if str, ok := a.value.(string); ok {
			b.WriteString("s:" + str)
			continue
		}
		fmt.Fprintf(&b, "%T:%v", a.value, a.value)
	}
	return b.String()
}

func newRecState() recState {
	return recState{records: map[string]*Record{}, funcs: map[string]template.FuncMap{}, cachedRecs: map[partialKey]*Record{}}
}

// pageAt finds a page of the model by its output path. Every entry of
// a list taken over from the last Renderer asks, from every worker: the
// index is made once and then read without a lock.
func (r *Renderer) pageAt(out string) *site.Page {
	r.byOutputOnce.Do(func() {
		r.byOutput = make(map[string]*site.Page, len(r.model.Pages))
		for _, p := range r.model.Pages {
			r.byOutput[p.OutputPath] = p
		}
	})
	return r.byOutput[out]
}

// Reads are the page fields the rendering read; for tests.
func (rec *Record) Reads() []PageField {
	out := make([]PageField, len(rec.reads))
	for i, rd := range rec.reads {
		out[i] = PageField{readNumbers.pages.name(rd.page), readNumbers.fields.name(rd.field)}
	}
	return out
}

// Calls are the names of the model-reading functions it called; for tests.
func (rec *Record) Calls() []string {
	var names []string
	for _, c := range rec.calls {
		names = append(names, c.name)
	}
	return names
}

// Partials are the records of the cached partials it used; for tests.
func (rec *Record) Partials() []*Record { return rec.partials }
