package template

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkActions executes a hundred actions of the kinds a page's
// layout is made of: fields and a method printed as HTML, attributes and
// URLs, and a comparison (puente's measure of the fork's changes).

type mbPage struct {
	Title, URL, Lang string
	Kind             string
}

func (p *mbPage) Permalink() string { return "https://x.org" + p.URL }

func BenchmarkActions(b *testing.B) {
	t := Must(New("x").Parse(strings.Repeat(`<a href="{{.URL}}" lang="{{.Lang}}">{{.Title}}</a>{{if eq .Kind "home"}}x{{end}}{{.Permalink}}`, 20)))
	p := &mbPage{Title: "Hello & bye", URL: "/en/events/x/", Lang: "en", Kind: "event"}
	b.ReportAllocs()
	for b.Loop() {
		if err := t.Execute(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}
