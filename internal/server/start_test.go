package server

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/sitetest"
)

// TestStartServesBeforeTheBuildEnds starts serve with its first build held
// once the model is built: it listens at once and answers pages then,
// the same bytes as once the build has ended.
func TestStartServesBeforeTheBuildEnds(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "build", "testdata", "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	site := sitetest.Write(t, string(b))
	srv := New(Options{Source: site.Dir, Now: sitetest.Now, Drafts: true, Quiet: 30 * time.Millisecond})
	hold := make(chan struct{})
	srv.start.hold = hold
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(a string) { addrc <- a }) }()
	released := false
	release := func() {
		if !released {
			released = true
			close(hold)
		}
	}
	defer func() {
		release()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	var origin string
	select {
	case a := <-addrc:
		origin = "http://" + a
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not listen")
	}
	fetch := func(p string) (int, string) {
		t.Helper()
		// The first request waits for the model, which under the race
		// detector on a busy machine takes a while.
		resp, err := (&http.Client{Timeout: time.Minute}).Get(origin + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}
	paths := []string{"/", "/en/", "/es/", "/en/no-such-page/", "/assets/css/site.css"}
	early := map[string]string{}
	codes := map[string]int{}
	for _, p := range paths {
		codes[p], early[p] = fetch(p)
	}
	srv.mu.RLock()
	built := srv.site != nil
	srv.mu.RUnlock()
	if built {
		t.Fatal("the held build ended")
	}
	if codes["/"] != http.StatusOK || codes["/en/"] != http.StatusOK || codes["/en/no-such-page/"] != http.StatusNotFound {
		t.Errorf("before the build ended: %v", codes)
	}
	release()
	srv.WaitStarted()
	<-srv.start.done
	for _, p := range paths {
		code, body := fetch(p)
		if code != codes[p] || body != early[p] {
			t.Errorf("%s: %d before the build ended, %d after; same bytes: %v", p, codes[p], code, body == early[p])
		}
	}
}
