package server

import "testing"

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/", "index.html"},
		{"/en/", "en/index.html"},
		{"/es/eventos/x/", "es/eventos/x/index.html"},
		{"/assets/css/site.1234abcd.css", "assets/css/site.1234abcd.css"},
		{"/en/events", "en/events"},
		{"/../etc/passwd", ""},
		{"/en/../../etc/passwd", ""},
		{"/.git/config", ""},
		{"/en/.hidden", ""},
		{`/en\..\x`, ""},
		{"en/", ""},
		{"/a//b/", "a/b/index.html"},
	} {
		if got := resolve(tc.in); got != tc.want {
			t.Errorf("resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"/", "/en/", "/../x", "/.git", "/a/%2e%2e/b", "//x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got := resolve(p)
		if got == "" {
			return
		}
		for _, seg := range splitSlash(got) {
			if seg == ".." || seg == "." || (len(seg) > 0 && seg[0] == '.') {
				t.Fatalf("resolve(%q) = %q escapes or reaches a dotfile", p, got)
			}
		}
		if got[0] == '/' {
			t.Fatalf("resolve(%q) = %q is absolute", p, got)
		}
	})
}

func splitSlash(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '/' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
