package render

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unsafe"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/site"
)

func TestTemplateErrorPositions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`template: layouts/event.html:12:3: executing "layouts/event.html" at <T "x">: error calling T: no UI string "x" for language "pt"`,
			`layouts/event.html:12:3: no UI string "x" for language "pt"`},
		{`template: partials/nav.html:4: unexpected "}" in operand`, `layouts/partials/nav.html:4: unexpected "}" in operand`},
		{`something else`, `layouts/x.html: something else`},
		{`html/template:layouts/list.html:2:12: no such template "partials/x.html"`, `layouts/list.html:2:12: no such template "partials/x.html"`},
		{`template: layouts/page.html:3:5: executing "main" at <.Titel>: can't evaluate field Titel in type *site.Page`, `layouts/page.html:3:5: can't evaluate field Titel in type *site.Page`},
	} {
		if got := templateError(errors.New(tc.in), "layouts/x.html").Error(); got != tc.want {
			t.Errorf("templateError(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoadReportsSyntaxErrorsWithLines(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/baseof.html":     {Data: []byte("<html>{{ block \"main\" . }}{{ end }}</html>")},
		"layouts/event.html":      {Data: []byte("{{ define \"main\" }}\n{{ .Title }\n{{ end }}")},
		"layouts/page.html":       {Data: []byte("{{ define \"main\" }}ok{{ end }}")},
		"layouts/partials/a.html": {Data: []byte("{{ template \"partials/b.html\" . }}")},
	}
	tmpl, errs := Load(fsys)
	if got := errs.Error(); !strings.Contains(got, "layouts/event.html:2:") {
		t.Errorf("errors = %q, want one at layouts/event.html:2", got)
	}
	if !tmpl.Has("layouts/page.html") || !tmpl.usesBase["layouts/page.html"] {
		t.Error("page.html should fill the base layout")
	}
	if f, ok := tmpl.Lookup("page", false); !ok || f != "layouts/page.html" {
		t.Errorf("lookup page = %q", f)
	}
	if _, ok := tmpl.Lookup("event", false); ok {
		t.Error("a layout that failed to parse was kept")
	}
}

func TestLookupOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/single.html":  {Data: []byte("single")},
		"layouts/default.html": {Data: []byte("default")},
		"layouts/event.html":   {Data: []byte("event")},
	}
	tmpl, errs := Load(fsys)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		kind string
		list bool
		want string
	}{
		{"event", false, "layouts/event.html"},
		{"region", false, "layouts/single.html"},
		{"section", true, "layouts/default.html"},
	} {
		if got, _ := tmpl.Lookup(tc.kind, tc.list); got != tc.want {
			t.Errorf("Lookup(%s) = %s, want %s", tc.kind, got, tc.want)
		}
	}
}

func TestICSFoldingAndEscaping(t *testing.T) {
	c := &icsWriter{}
	long := "SUMMARY:" + strings.Repeat("é", 60)
	c.line(long)
	b := bytes.NewBuffer(c.b)
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
	}
	unfolded := strings.ReplaceAll(strings.TrimSuffix(b.String(), "\r\n"), "\r\n ", "")
	if unfolded != long {
		t.Errorf("unfolding gives %q", unfolded)
	}
	for in, want := range map[string]string{
		"a,b;c\\d\ne": `a\,b\;c\\d\ne`,
		"a\r\nb\rc\n": `a\nb\nc\n`,
	} {
		if got := string(appendICSEscaped(nil, in)); got != want {
			t.Errorf("appendICSEscaped(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInjection(t *testing.T) {
	doc := []byte(`<html><body class="x"><p>hi</p></body></html>`)
	got := string(injectBeforeBodyEnd(injectAfterBodyStart(doc, "<b>banner</b>"), "<script></script>"))
	if got != `<html><body class="x"><b>banner</b><p>hi</p><script></script></body></html>` {
		t.Errorf("got %s", got)
	}
}

// TestPlainLinkAgreesWithURLParse: whatever plainLink reads itself, url.Parse
// reads without error and with the same scheme, host and path, and no
// query, fragment, user or opaque part; checkLink relies on it.
func TestPlainLinkAgreesWithURLParse(t *testing.T) {
	dests := []string{
		"/en/events/kickoff/", "../about/", "kickoff.md", "../events/kickoff.md", "./x", ".", "", "/",
		"https://ec.europa.eu/regional_policy/en/", "http://example.org", "https://example.org/a/b.pdf",
		"https://EXAMPLE.org/", "http:///x", "https://", "https://a b/", "https://host:8080/x",
		"https://user@host/", "https://host/a?b=c", "https://host/a#frag", "https://host/a%20b",
		"//host/path", "mailto:a@example.org", "a:b", "/a b", "/a%zz", "#top", "?q", "/ü", "/a\\b",
		"HTTPS://example.org/", "https://xn--bcher-kva.example/", "ftp://example.org/", "/a/./b/../c",
		"https://host/a:b", "https://[::1]/", "/%41", "javascript:alert(1)", "https://host/~me/_x-y.z",
	}
	for _, d := range dests {
		scheme, host, p, ok := plainLink(d)
		if !ok {
			continue
		}
		u, err := url.Parse(d)
		if err != nil {
			t.Errorf("%q: plainLink reads it, url.Parse fails: %v", d, err)
			continue
		}
		if u.Scheme != scheme || u.Host != host || u.Path != p || u.Opaque != "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
			t.Errorf("%q: plainLink gives %q %q %q, url.Parse %+v", d, scheme, host, p, *u)
		}
	}
	for _, d := range []string{"/en/events/kickoff/", "../about/", "https://ec.europa.eu/regional_policy/en/"} {
		if _, _, _, ok := plainLink(d); !ok {
			t.Errorf("%q: not read by plainLink, which is there for links like it", d)
		}
	}
}

// TestAppendXMLEscapedEscapesAsEncodingXML checks the sitemap's fast
// escaping against encoding/xml's.
func TestAppendXMLEscapedEscapesAsEncodingXML(t *testing.T) {
	cases := []string{"", "https://example.org/en/events/x/", "a&b", `"q"`, "it's", "<x>", "tab\there", "línea\n", "ação", "\x7f", "\x00", "\xff",
		"/es/años/", "/pt/regiões/ação&x/", "\uFFFD", "\uFFFE", "x\uFFFF", "\U0010FFFF", "\xed\xa0\x80", "a\xc3", "\xf4\x90\x80\x80", "\r"}
	// And strings made of pieces of all of those.
	pieces := []string{"a", "ñ", "&", "\xc3", "\uFFFE", "\U0001F600", "\x1f", "\u00a0", "/"}
	for i := range 2000 {
		var b strings.Builder
		for n := i; n > 0; n /= len(pieces) {
			b.WriteString(pieces[n%len(pieces)])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := string(appendXMLEscaped([]byte("pre:"), s)), "pre:"+xmlEscape(s); got != want {
			t.Errorf("appendXMLEscaped(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestLinkIndexEqualSeesEveryField: two link indexes that differ in any
// one field are not equal, so a body whose links were answered by one is
// asked again under the other: a map without its entry, or with another
// key or value in it (the same size, so only the digest tells), and the
// changes between them reach some link. A field added to linkIndex and
// forgotten in equal or changesSince fails here.
func TestLinkIndexEqualSeesEveryField(t *testing.T) {
	base := func() *linkIndex {
		return &linkIndex{baseURL: "https://example.org/a/", baseHost: "example.org", basePath: "/a", hasBase: true,
			langs: map[string]bool{"en": true}, byPath: map[string]string{"content/x.en.md": "/en/x/"},
			inLang: map[langName]string{{"en", "events/x"}: "/en/events/x/"}, fallback: map[string]string{"events/x": "/en/events/x/"},
			lists: map[langName]string{{"en", "events"}: "/en/events/"}, paths: map[string]bool{"/en/x/": true}}
	}
	if !base().equal(base()) {
		t.Fatal("two indexes built alike are not equal")
	}
	// A value made of another, for keys and values of maps.
	other := func(v reflect.Value) reflect.Value {
		o := reflect.New(v.Type()).Elem()
		o.Set(v)
		switch v.Kind() {
		case reflect.String:
			o.SetString(v.String() + "/b")
		case reflect.Bool:
			o.SetBool(!v.Bool())
		default:
			if ln, ok := v.Interface().(langName); ok {
				return reflect.ValueOf(langName{ln.lang, ln.name + "/b"})
			}
			t.Fatalf("this test does not know how to change a %s", v.Kind())
		}
		return o
	}
	typ := reflect.TypeOf(linkIndex{})
	for i := range typ.NumField() {
		switch typ.Field(i).Name {
		case "sumMu", "sum", "summed":
			continue // the digest's own bookkeeping
		}
		field := func(ix *linkIndex) reflect.Value {
			f := reflect.ValueOf(ix).Elem().Field(i)
			return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem() // unexported: settable through its address
		}
		var variants []*linkIndex
		switch f := field(base()); f.Kind() {
		case reflect.String, reflect.Bool:
			changed := base()
			field(changed).Set(other(f))
			variants = append(variants, changed)
		case reflect.Map:
			emptied := base()
			field(emptied).Set(reflect.MakeMap(f.Type()))
			newKey, newValue := base(), base()
			k := f.MapKeys()[0]
			field(newKey).SetMapIndex(k, reflect.Value{})
			field(newKey).SetMapIndex(other(k), f.MapIndex(k))
			field(newValue).SetMapIndex(k, other(f.MapIndex(k)))
			variants = append(variants, emptied, newKey, newValue)
		default:
			t.Fatalf("linkIndex.%s: this test does not know how to change a %s", typ.Field(i).Name, f.Kind())
		}
		for _, changed := range variants {
			if base().equal(changed) || changed.equal(base()) {
				t.Errorf("indexes that differ in %s are equal", typ.Field(i).Name)
			}
			if !changed.changesSince(base()).any() || !base().changesSince(changed).any() {
				t.Errorf("indexes that differ in %s change no link's answer", typ.Field(i).Name)
			}
		}
	}
	// A path added once the digest is worked out counts.
	a, b := base(), base()
	if !a.equal(b) {
		t.Fatal("two indexes built alike are not equal")
	}
	a.addPath("/en/feed.xml")
	b.addPath("/en/other.xml")
	if a.equal(b) {
		t.Error("a path added after comparing is not seen")
	}
}

// TestNewestDatedSortsAsAStableSort checks a feed's entries against a
// stable sort of every dated item, on lists with equal dates and URLs.
func TestNewestDatedSortsAsAStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	file := &content.File{}
	for round := range 300 {
		items := make([]site.Item, rng.IntN(60))
		for i := range items {
			p := &site.Page{URL: fmt.Sprintf("/en/events/e%d/", rng.IntN(8))}
			if rng.IntN(10) > 0 {
				p.File = file
			}
			if rng.IntN(10) > 0 {
				p.Date = time.Date(2026, 1, 1+rng.IntN(6), 0, 0, 0, 0, time.UTC)
			}
			items[i] = site.Item{Page: p, Fallback: rng.IntN(2) == 0}
		}
		var want []site.Item
		for _, it := range items {
			if it.Page.File != nil && !it.Page.Date.IsZero() {
				want = append(want, it)
			}
		}
		sort.SliceStable(want, func(i, j int) bool { return feedBefore(want[i].Page, want[j].Page) })
		n := 1 + round%25
		want = want[:min(n, len(want))]
		got := newestDated(items, n)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d items, want %d", round, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("round %d: item %d is %+v, want %+v", round, i, *got[i].Page, *want[i].Page)
			}
		}
	}
}
