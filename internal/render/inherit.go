package render

import (
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/site"
)

// CachedPartials are the outputs a Renderer cached with partialCached,
// with their records, taken from it (TakePartials) for the Renderer of
// the next model to inherit.
type CachedPartials struct {
	from    *Renderer
	outputs map[partialKey]template.HTML
	recs    map[partialKey]*Record
}

// TakePartials empties r's partial cache and returns what it held.
func (r *Renderer) TakePartials() *CachedPartials {
	r.cacheMu.Lock()
	defer r.cacheMu.Unlock()
	c := &CachedPartials{from: r, outputs: r.cached, recs: r.cachedRecs}
	r.cached, r.cachedRecs = map[partialKey]template.HTML{}, map[partialKey]*Record{}
	return c
}

// heir is what a Renderer takes cached partials over from: those of the
// Renderer of the model before an edit, and what the edit changed.
type heir struct {
	partials *CachedPartials
	changes  *ChangeSet
}

// InheritPartials lets partialCached take over the outputs in partials,
// taken from the Renderer of the model that changes turn into r's: an
// output whose record still holds (Unchanged's check), from a partial
// that showed no page's body, is what r would render. After a title
// edit the lists that show the page are rendered again, each entry of
// their thousands a cached partial; only the edited page's is made
// anew. Nil partials end it, so that r does not hold on to the last
// Renderer.
func (r *Renderer) InheritPartials(partials *CachedPartials, changes *ChangeSet) {
	if partials == nil || changes == nil || !r.opts.Record {
		r.heir = nil
		return
	}
	r.heir = &heir{partials: partials, changes: changes}
}

// inherited takes over the output cached for key, translated to the
// earlier model, when its record still holds. The partials inherited
// from are no longer written, so they are read without a lock.
func (r *Renderer) inherited(key partialKey) (template.HTML, bool) {
	h := r.heir
	if h == nil {
		return "", false
	}
	old, ok := h.partials.from.keyIn(key)
	if !ok {
		return "", false
	}
	out, cached := h.partials.outputs[old]
	rec := h.partials.recs[old]
	if !cached || rec == nil || rec.showsBody() || !r.unchangedRec(rec, NewCheckMemo(h.changes)) {
		return "", false
	}
	r.cacheMu.Lock()
	r.cached[key] = out
	r.cachedRecs[key] = rec
	r.cacheMu.Unlock()
	return out, true
}

// showsBody reports whether a record or one of its partials' showed a
// page's body.
func (rec *Record) showsBody() bool {
	if rec.body {
		return true
	}
	for _, pr := range rec.partials {
		if pr.showsBody() {
			return true
		}
	}
	return false
}

// keyIn translates a partial key to r's model: its pages (alone or in
// a list entry) to r's pages at their output paths. Keys of other kinds
// that hold a pointer are not translated.
func (r *Renderer) keyIn(k partialKey) (partialKey, bool) {
	for i := range k.n {
		switch v := k.keys[i].(type) {
		case nil, string, bool, int, int64, float64:
		case *site.Page:
			p := r.pageAt(v.OutputPath)
			if p == nil {
				return k, false
			}
			k.keys[i] = p
		case site.Item:
			p := r.pageAt(v.Page.OutputPath)
			if p == nil {
				return k, false
			}
			v.Page = p
			k.keys[i] = v
		default:
			return k, false
		}
	}
	return k, true
}
