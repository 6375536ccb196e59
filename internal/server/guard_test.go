package server

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// do sends one request with the given Host header.
func do(t *testing.T, method, url, host string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, string(b)
}

// A page elsewhere that rebinds its own name to 127.0.0.1 makes the
// browser send that name as Host: serve refuses it, on every path.
func TestServeRefusesForeignHosts(t *testing.T) {
	_, base := startServer(t)
	port := base[strings.LastIndex(base, ":")+1:]
	for _, path := range []string{"/en/", TranslationsPath, "/assets/", "/robots.txt"} {
		for _, host := range []string{"attacker.example:" + port, "attacker.example", "localhost.attacker.example:" + port,
			"127.0.0.1:1", "localhost:" + port + "0", "10.0.0.1:" + port, "127.0.0.1.nip.io:" + port} {
			if code, body := do(t, "GET", base+path, host); code != http.StatusForbidden || strings.Contains(body, "Kickoff") {
				t.Errorf("GET %s with Host %s: %d, want 403", path, host, code)
			}
		}
		for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST:" + port} {
			if code, _ := do(t, "GET", base+path, host); code == http.StatusForbidden {
				t.Errorf("GET %s with Host %s: 403", path, host)
			}
		}
	}
}

// Serve's internal endpoints only read.
func TestServeInternalEndpointsAnswerGetAndHeadOnly(t *testing.T) {
	_, base := startServer(t)
	for _, path := range []string{TranslationsPath, EventsPath, "/_puente/other"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			if code, _ := do(t, method, base+path, ""); code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want 405", method, path, code)
			}
		}
	}
	if code, _ := do(t, "HEAD", base+TranslationsPath, ""); code != http.StatusOK {
		t.Errorf("HEAD %s: %d", TranslationsPath, code)
	}
	if code, body := do(t, "GET", base+TranslationsPath, ""); code != http.StatusOK || !strings.Contains(body, "Translations") {
		t.Errorf("GET %s: %d", TranslationsPath, code)
	}
}

// assets/ as a link out of the site: serve reports it and serves nothing
// of what it points to.
func TestServeServesNothingThroughALinkOut(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Write(t, string(b))
	outside := t.TempDir()
	const secret = "TOP-SECRET-7f3a"
	for _, f := range []string{"secret.txt", "css/site.css"} {
		p := filepath.Join(outside, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(secret), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.RemoveAll(filepath.Join(s.Dir, "assets"))
	if err := os.Symlink(outside, filepath.Join(s.Dir, "assets")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	srv := New(Options{Source: s.Dir, Now: sitetest.Now})
	// The records of the warm start are written behind the first build:
	// they are done before the site folder goes.
	t.Cleanup(srv.session.Close)
	errs := srv.Rebuild(nil)
	if !strings.Contains(errs.Error(), "assets: ") || !strings.Contains(errs.Error(), "out of the site folder") {
		t.Errorf("errors: %v", errs)
	}
	if strings.Contains(errs.Error(), secret) {
		t.Errorf("the errors show the file outside: %v", errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(a string) { addrc <- a }) }()
	defer func() { cancel(); <-done }()
	var base string
	select {
	case a := <-addrc:
		base = "http://" + a
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	for _, p := range []string{"/assets/secret.txt", "/assets/css/site.css", "/", "/en/"} {
		if code, body := do(t, "GET", base+p, ""); code == http.StatusOK || strings.Contains(body, secret) {
			t.Errorf("GET %s: %d, body shows the file outside: %v", p, code, strings.Contains(body, secret))
		}
	}
}

func TestAllowedHost(t *testing.T) {
	for _, c := range []struct {
		host, bind, port string
		want             bool
	}{
		{"localhost:1313", "127.0.0.1", "1313", true},
		{"127.0.0.1:1313", "127.0.0.1", "1313", true},
		{"[::1]:1313", "127.0.0.1", "1313", true},
		{"127.0.0.2:1313", "127.0.0.2", "1313", true},
		{"localhost", "127.0.0.1", "80", true},
		{"[::1]", "::1", "80", true},
		{"localhost", "127.0.0.1", "1313", false},
		{"localhost:1314", "127.0.0.1", "1313", false},
		{"127.0.0.2:1313", "127.0.0.1", "1313", false},
		{"rebind.example:1313", "127.0.0.1", "1313", false},
		{"localhost.:1313", "127.0.0.1", "1313", false},
		{"127.1:1313", "127.0.0.1", "1313", false},
		{"0.0.0.0:1313", "127.0.0.1", "1313", false},
		{"", "127.0.0.1", "1313", false},
		{"localhost:1313:1313", "127.0.0.1", "1313", false},
	} {
		if got := allowedHost(c.host, c.bind, c.port); got != c.want {
			t.Errorf("allowedHost(%q, bound to %s:%s) = %v, want %v", c.host, c.bind, c.port, got, c.want)
		}
	}
}
