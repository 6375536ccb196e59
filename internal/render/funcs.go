package render

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/assets"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/site"
)

// funcNames are the template functions; placeholderFuncs gives them to the
// parser, and langFuncs binds them to a language before execution.
func placeholderFuncs() template.FuncMap {
	fm := template.FuncMap{}
	for name := range (&Renderer{}).langFuncs("") {
		fm[name] = func(...any) (any, error) { return nil, errors.New("template function used before binding") }
	}
	return fm
}

// langFuncs are the template functions of one language. See doc.go.
func (r *Renderer) langFuncs(code string) template.FuncMap {
	return template.FuncMap{
		"T": func(key string, args ...any) (string, error) {
			if r.strings == nil {
				return "", fmt.Errorf("no UI string %q for language %q: add layouts/i18n/%s.yaml", key, code, code)
			}
			return r.strings.T(code, key, args...)
		},
		"tIn": func(lang, key string, args ...any) (string, error) {
			if r.strings == nil {
				return "", fmt.Errorf("no UI string %q for language %q", key, lang)
			}
			return r.strings.T(lang, key, args...)
		},
		"date":      func(t time.Time) string { return lang.FormatDate(t, code) },
		"dateIn":    func(l string, t time.Time) string { return lang.FormatDate(t, l) },
		"dateRange": func(a, b time.Time) string { return lang.FormatRange(a, b, code) },
		"month":     func(t time.Time) string { return lang.FormatMonth(t.Year(), t.Month(), code) },
		"isoDate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"langName": func(c string) string { return r.memo("name|"+c, func() string { return lang.Name(c) }) },
		"langNameIn": func(other string) string {
			return r.memo("in|"+other+"|"+code, func() string { return lang.NameIn(other, code) })
		},
		"country": func(iso string) string {
			return r.memo("country|"+iso+"|"+code, func() string { return lang.CountryName(iso, code) })
		},
		"asset": func(name string) (assets.Entry, error) {
			if r.assets != nil {
				if e, ok := r.assets.Lookup(name); ok {
					return e, nil
				}
			}
			return assets.Entry{}, fmt.Errorf("asset %q does not exist in assets/", name)
		},
		"download": func(name string) (string, error) {
			if r.assets != nil {
				if e, ok := r.assets.Lookup(name); ok {
					return lang.Download(e.Name, int64(len(e.Data)), code), nil
				}
			}
			return "", fmt.Errorf("asset %q does not exist in assets/", name)
		},
		"absURL": func(p string) string {
			if r.model == nil {
				return p
			}
			return site.AbsURL(r.model.Config.BaseURL, p)
		},
		"relURL":  func(p string) string { return r.relURL(p) },
		"picture": func(p site.PageRef) template.HTML { return r.pagePicture(pageOf(p)) },
		"socialImage": func(p site.PageRef) *SocialImage {
			if si, ok := r.socialImage(pageOf(p)); ok {
				return &si
			}
			return nil
		},
		"icons":       r.iconLinks,
		"sectionURL":  func(key string) string { return r.relURL("/" + code + "/" + r.model.Config.Segment(key, code) + "/") },
		"xdefault":    func(p site.PageRef) *site.Page { return r.model.XDefault(p) },
		"xdefaultURL": func(p site.PageRef) string { return r.xDefaultURL(pageOf(p)) },
		"sectionFeed": func(key string) string { return r.sectionFeed(code, key) },
		"eventJSONLD": func(p site.PageRef) (template.JS, error) { return r.eventJSONLD(pageOf(p)) },
		"theme": func(key string) (site.ThemeRef, error) {
			t, ok := r.model.Config.Theme(key)
			if !ok {
				return site.ThemeRef{}, fmt.Errorf("no theme %q in site.yaml", key)
			}
			return site.ThemeRef{Key: key, Name: t.Name[code], Description: t.Description[code]}, nil
		},
		"languages": func() any { return r.model.Langs },
		"safeHTML":  func(s string) template.HTML { return template.HTML(s) },
		"add":       func(a, b int) int { return a + b },
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict wants pairs of keys and values")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"upper":     strings.ToUpper,
		"hasPrefix": strings.HasPrefix,
		// The HTML comes back as an any (escapers see the template.HTML
		// inside), a type callers.go registers.
		"partialCached": func(name string, data any, keys ...any) (any, error) {
			return r.partialCached(code, name, data, keys)
		},
		"liveReload": func() template.HTML {
			return template.HTML(r.opts.LiveReload)
		},
	}
}

// relURL prefixes a site path with the base URL's own path, for sites
// published below a domain's root.
func (r *Renderer) relURL(p string) string {
	if r.links == nil {
		return p
	}
	return r.links.relURL(p)
}

// memo caches a language or country name: x/text looks names up in
// compressed tables, which costs more than the rest of a list item.
func (r *Renderer) memo(key string, compute func() string) string {
	if v, ok := r.names.Load(key); ok {
		return v.(string)
	}
	v := compute()
	r.names.Store(key, v)
	return v
}

// maxPartialKeys is how many keys partialCached takes after the data.
const maxPartialKeys = 4

// partialKey names one cached rendering of a partial: its language, its
// name and its keys as Go values. A page is its own key, by identity; the
// string "1" and the number 1 differ, since their types do. Keys are
// compared, never formatted: lists call partialCached once per entry, so a
// key must cost far less than the entry.
type partialKey struct {
	code, name string
	n          int
	keys       [maxPartialKeys]any
}

// newPartialKey checks the keys and makes the map key. A key must be
// comparable all the way down (strings, numbers, booleans, pages, and
// structs of those, like a list entry); anything else would make the map
// panic.
func newPartialKey(code, name string, keys []any) (partialKey, error) {
	k := partialKey{code: code, name: name, n: len(keys)}
	if len(keys) > maxPartialKeys {
		return k, fmt.Errorf("partialCached %q: %d keys, at most %d", name, len(keys), maxPartialKeys)
	}
	for i, v := range keys {
		if v != nil && !hashable(reflect.TypeOf(v)) {
			return k, fmt.Errorf("partialCached %q: key %d is a %T, which cannot be compared; use a string, a number, a boolean or a page", name, i+1, v)
		}
		k.keys[i] = v
	}
	return k, nil
}

// hashable reports whether values of t can be map keys without a run-time
// panic: comparable, with no interface inside that could hold a slice.
func hashable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface, reflect.Slice, reflect.Map, reflect.Func:
		return false
	case reflect.Array:
		return hashable(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !hashable(t.Field(i).Type) {
				return false
			}
		}
	}
	return t.Comparable()
}

// partialCached renders a partial once per language, name and keys and
// reuses the HTML, as Hugo's partialCached does: for the parts of a page
// that are the same on many pages (a footer, a menu per section, a list
// entry shown on many lists). The keys must name everything the partial's
// output depends on besides the language.
func (r *Renderer) partialCached(code, name string, data any, keys []any) (template.HTML, error) {
	key, err := newPartialKey(code, name, keys)
	if err != nil {
		return "", err
	}
	r.cacheMu.RLock()
	v, ok := r.cached[key]
	r.cacheMu.RUnlock()
	if ok {
		return v, nil
	}
	if v, ok := r.inherited(key); ok {
		return v, nil
	}
	set := r.partials[code]
	if set == nil {
		return "", fmt.Errorf("partialCached %q: no partials for language %q", name, code)
	}
	var b strings.Builder
	w, rec := r.startRecord(&b, code)
	if err := set.ExecuteTemplate(w, name, data); err != nil {
		return "", err
	}
	out := template.HTML(b.String())
	r.cacheMu.Lock()
	r.cached[key] = out
	if rec != nil {
		r.cachedRecs[key] = rec
	}
	r.cacheMu.Unlock()
	return out, nil
}
