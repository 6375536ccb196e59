package assets

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

const page = `<!DOCTYPE html>
<html lang="es">
  <head>
    <meta charset="utf-8">
    <title>Eventos</title>
    <link rel="stylesheet" href="/assets/css/site.3f2a9c1e.css">
    <style>
      body { margin: 0px; }
    </style>
  </head>
  <body>
    <!-- navigation -->
    <nav aria-label="Principal">
      <ul>
        <li><a href="/es/eventos/">Eventos</a></li>
      </ul>
    </nav>
    <p class="lead">Hola,   <em>mundo</em> !</p>
    <script type="application/ld+json">
      { "@context" : "https://schema.org" }
    </script>
    <script>
      var greeting = "hola";
    </script>
  </body>
</html>
`

func TestMinifyHTML(t *testing.T) {
	out, err := NewMinifier().Minify("text/html; charset=utf-8", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if len(out) == 0 || len(out) >= len(page) {
		t.Errorf("minified to %d bytes from %d", len(out), len(page))
	}
	for _, want := range []string{
		"<!doctype html>",
		`<html lang="es">`, "<head>", "</head>", "<body>", "</body>", "</html>",
		`<meta charset="utf-8">`,
		`<li><a href="/es/eventos/">Eventos</a></li>`,
		`<p class="lead">Hola, <em>mundo</em> !</p>`,
		`{"@context":"https://schema.org"}`,
		"body{margin:0}",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("minified HTML lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "navigation") {
		t.Errorf("comment survived:\n%s", s)
	}
}

func TestMinifyOthers(t *testing.T) {
	m := NewMinifier()
	for _, tc := range []struct {
		mediatype, in string
		want          []string // substrings of the output
	}{
		{"application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset>\n  <url>\n    <loc>https://example.org/en/</loc>\n  </url>\n</urlset>\n",
			[]string{`<?xml version="1.0" encoding="UTF-8"?>`, "<urlset><url><loc>https://example.org/en/</loc></url></urlset>"}},
		{"application/atom+xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>News</title>\n</feed>\n",
			[]string{`<?xml version="1.0" encoding="utf-8"?>`, "<title>News</title></feed>"}},
		{"application/rss+xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n  <channel> </channel>\n</rss>\n",
			[]string{`<?xml version="1.0"?>`, "<channel/></rss>"}},
		{"application/json", "{\n  \"a\" : [ 1, 2 ]\n}\n", []string{`{"a":[1,2]}`}},
		{"text/css", "a {\n  color : #ff0000 ;\n}\n", []string{"a{color:red}"}},
		{"application/javascript", "var  x = 1 ;\n", []string{"var x=1"}},
		{"image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <!-- c -->\n  <rect width=\"10\" height=\"10\" />\n</svg>\n", []string{"<svg", "<rect"}},
	} {
		out, err := m.Minify(tc.mediatype, []byte(tc.in))
		if err != nil {
			t.Errorf("Minify(%s): %v", tc.mediatype, err)
			continue
		}
		if len(out) == 0 || len(out) >= len(tc.in) {
			t.Errorf("Minify(%s) = %q: not smaller than the input", tc.mediatype, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("Minify(%s) = %q, want it to contain %q", tc.mediatype, out, w)
			}
		}
	}

	for _, mt := range []string{"text/calendar", "text/plain", "application/pdf", ""} {
		in := []byte("BEGIN:VCALENDAR\r\n  spaced   out\r\n")
		out, err := m.Minify(mt, in)
		if err != nil || string(out) != string(in) {
			t.Errorf("Minify(%q) = %q, %v; want the input unchanged", mt, out, err)
		}
	}
}

func TestMinifyErrors(t *testing.T) {
	m := NewMinifier()
	for _, tc := range []struct{ mediatype, in, want string }{
		{"application/javascript", "var a = 1;\nvar s = 'abc\n", "application/javascript:2:9: unterminated string literal in expression"},
		{"application/json", "{ \"a\" : 1 ", ""},
		{"text/html", "<p>x</p><script>var s = 'abc</script>", ""},
	} {
		out, err := m.Minify(tc.mediatype, []byte(tc.in))
		if err == nil {
			t.Errorf("Minify(%s, %q) = %q, want an error", tc.mediatype, tc.in, out)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("error %q spans lines", err)
		}
		if tc.want != "" && err.Error() != tc.want {
			t.Errorf("error = %q, want %q", err, tc.want)
		}
	}
}

func TestMinifierConcurrent(t *testing.T) {
	m := NewMinifier()
	want, err := m.Minify("text/html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				got, err := m.Minify("text/html", []byte(page))
				if err != nil || string(got) != string(want) {
					t.Errorf("concurrent Minify = %q, %v", got, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestMediaType(t *testing.T) {
	for _, tc := range []struct{ name, mediatype, contentType string }{
		{"index.html", "text/html", "text/html; charset=utf-8"},
		{"sitemap.xml", "application/xml", "application/xml; charset=utf-8"},
		{"data/regions.json", "application/json", "application/json; charset=utf-8"},
		{"img/logo.svg", "image/svg+xml", "image/svg+xml; charset=utf-8"},
		{"css/site.css", "text/css", "text/css; charset=utf-8"},
		{"js/app.js", "text/javascript", "text/javascript; charset=utf-8"},
		{"events/kickoff.ics", "text/calendar", "text/calendar; charset=utf-8"},
		{"robots.txt", "text/plain", "text/plain; charset=utf-8"},
		{"es/atom.xml", "application/xml", "application/xml; charset=utf-8"},
		{"feed.atom", "application/atom+xml", "application/atom+xml; charset=utf-8"},
		{"docs/newsletter.pdf", "application/pdf", "application/pdf"},
		{"img/PHOTO.JPEG", "image/jpeg", "image/jpeg"},
		{"fonts/inter.woff2", "font/woff2", "font/woff2"},
		{"LICENSE", "application/octet-stream", "application/octet-stream"},
		{"archive.tar.xz", "application/octet-stream", "application/octet-stream"},
	} {
		if got := MediaType(tc.name); got != tc.mediatype {
			t.Errorf("MediaType(%q) = %q, want %q", tc.name, got, tc.mediatype)
		}
		if got := ContentType(tc.name); got != tc.contentType {
			t.Errorf("ContentType(%q) = %q, want %q", tc.name, got, tc.contentType)
		}
	}
}

func FuzzMinifyHTML(f *testing.F) {
	f.Add(page)
	f.Add("<!doctype html><html><head><title>x</title></head><body><p>a</p></body></html>")
	f.Add("<p>unclosed <b>tags <i>here")
	f.Add("<script>var s = 'abc</script>")
	f.Add("<style>a{color:</style><svg><rect/></svg><math><mi>x</mi></math>")
	f.Add(`<a href="javascript:void(0)" style="color : red" onclick="go( 1 )">x</a>`)
	f.Add("<pre>\n  keep   this\n</pre><textarea>  and this </textarea>")
	m := NewMinifier()
	f.Fuzz(func(t *testing.T, in string) {
		out, err := m.Minify("text/html", []byte(in))
		if err == nil && len(out) > 2*len(in)+64 {
			// The doctype may be rewritten, but minifying should not grow a page much.
			t.Errorf("Minify grew %d bytes to %d", len(in), len(out))
		}
	})
}

func TestMinifyToMatchesMinify(t *testing.T) {
	m := NewMinifier()
	var dst bytes.Buffer
	dst.WriteString("left over from the last file")
	for _, tc := range []struct{ mt, in string }{
		{"text/html", "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title> x </title></head>\n<body>\n<p>  a  </p>\n</body>\n</html>\n"},
		{"application/xml", "<?xml version=\"1.0\"?>\n<a>\n  <b/>\n</a>\n"},
		{"text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"},
	} {
		want, err := m.Minify(tc.mt, []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if err := m.MinifyTo(&dst, tc.mt, []byte(tc.in)); err != nil {
			t.Fatal(err)
		}
		if dst.String() != string(want) {
			t.Errorf("%s: MinifyTo = %q, Minify = %q", tc.mt, dst.String(), want)
		}
	}
}
