package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func TestConvertFeatures(t *testing.T) {
	r := New(Options{Lang: "en"})
	src := "## Hello world\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ see https://example.org\n\n- [x] done\n\nA note[^1] \"quoted\".\n\n[^1]: The note.\n\n<b>raw</b>\n"
	res, err := r.Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	html := string(res.HTML)
	for _, want := range []string{
		`<h2 id="hello-world">Hello world</h2>`,
		`<table>`,
		`<del>gone</del>`,
		`<a href="https://example.org">https://example.org</a>`,
		`type="checkbox"`,
		`class="footnotes"`,
		`“quoted”`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<b>raw</b>") {
		t.Errorf("raw HTML kept without UnsafeHTML:\n%s", html)
	}
	if len(res.Headings) != 1 || res.Headings[0].ID != "hello-world" || res.Headings[0].Level != 2 {
		t.Errorf("headings = %+v", res.Headings)
	}
}

func TestUnsafeHTMLKept(t *testing.T) {
	res, err := New(Options{UnsafeHTML: true}).Convert([]byte("<b>raw</b>\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.HTML), "<b>raw</b>") {
		t.Errorf("raw HTML dropped with UnsafeHTML: %s", res.HTML)
	}
}

func TestQuotesPerLanguage(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"en", "“hola”"},
		{"es", "«hola»"},
		{"pt", "“hola”"},
	} {
		res, err := New(Options{Lang: tc.lang}).Convert([]byte(`"hola"`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(res.HTML), tc.want) {
			t.Errorf("%s: got %s, want %s", tc.lang, res.HTML, tc.want)
		}
	}
}

func TestLinksWithOffsets(t *testing.T) {
	src := "Intro.\n\nSee [the event](/es/eventos/x/) and ![](/img/a.png).\n\n![Logo](logo.svg)\n"
	res, err := New(Options{}).Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Links) != 3 {
		t.Fatalf("links = %+v", res.Links)
	}
	if l := res.Links[0]; l.Dest != "/es/eventos/x/" || src[l.Offset:l.Offset+3] != "the" {
		t.Errorf("link 0 = %+v", l)
	}
	if l := res.Links[1]; !l.Image || l.Alt != "" || l.Dest != "/img/a.png" || l.Offset < 8 || l.Offset > 50 {
		t.Errorf("image without alt = %+v", l)
	}
	if l := res.Links[2]; !l.Image || l.Alt != "Logo" {
		t.Errorf("image = %+v", l)
	}
}

func TestHeadingIDsFoldAccents(t *testing.T) {
	res, err := New(Options{Lang: "pt"}).Convert([]byte("## Regiões que cooperam\n\n## Próximos passos!\n\n## Próximos passos\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="regioes-que-cooperam"`, `id="proximos-passos"`, `id="proximos-passos-1"`} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("lacks %s:\n%s", want, res.HTML)
		}
	}
}

// TestConvertConcurrently guards the promise that one Renderer serves many
// goroutines (run with -race).
func TestConvertConcurrently(t *testing.T) {
	r := New(Options{Lang: "es"})
	done := make(chan string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			res, err := r.Convert([]byte("## Próximos pasos\n\n## Regiões\n\nTexto.\n"))
			if err != nil {
				done <- err.Error()
				return
			}
			done <- string(res.HTML)
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; !strings.Contains(got, `id="proximos-pasos"`) || !strings.Contains(got, `id="regioes"`) {
			t.Errorf("concurrent convert: %s", got)
		}
	}
}

func TestConvertWithResolver(t *testing.T) {
	res, err := New(Options{}).ConvertWith([]byte("See [it](../events/x.md#day) and [web](https://x.org/).\n"), func(d string) (string, bool) {
		if d == "../events/x.md#day" {
			return "/es/eventos/x/#day", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.HTML), `href="/es/eventos/x/#day"`) || !strings.Contains(string(res.HTML), `href="https://x.org/"`) {
		t.Errorf("html: %s", res.HTML)
	}
	if res.Links[0].Dest != "/es/eventos/x/#day" {
		t.Errorf("links: %+v", res.Links)
	}
}

func TestPictureHook(t *testing.T) {
	r := New(Options{Lang: "en"})
	src := []byte("![Alone](/a.jpg \"A caption\")\n\nText ![inline](/b.jpg \"t\") here.\n\n![kept](/c.jpg)\n")
	var seen []ImageRef
	res, err := r.ConvertPage(src, Hooks{Picture: func(img ImageRef) (string, bool) {
		seen = append(seen, img)
		if img.Dest == "/c.jpg" {
			return "", false
		}
		return "<PIC " + img.Dest + ">", true
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "<PIC /a.jpg>\n<p>Text <PIC /b.jpg> here.</p>\n<p><img src=\"/c.jpg\" alt=\"kept\"></p>\n"
	if res.HTML != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", res.HTML, want)
	}
	wantRefs := []ImageRef{
		{Dest: "/a.jpg", Alt: "Alone", Title: "A caption", Alone: true, Offset: 2},
		{Dest: "/b.jpg", Alt: "inline", Title: "t", Offset: 37},
		{Dest: "/c.jpg", Alt: "kept", Alone: true, Offset: 66},
	}
	if fmt.Sprint(seen) != fmt.Sprint(wantRefs) {
		t.Errorf("hook saw %+v\nwant %+v", seen, wantRefs)
	}
	if len(res.Links) != 3 || !res.Links[0].Image {
		t.Errorf("links: %+v", res.Links)
	}
}
