// Package browsertest starts Debian's headless Chromium for tests that need
// a real browser (serve's live reload, the site's accessibility). Without
// Chromium such tests skip and say how to install it, unless
// PUENTE_REQUIRE_BROWSER is set, as in CI, when they fail.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireEnv makes missing Chromium a failure instead of a skip.
const RequireEnv = "PUENTE_REQUIRE_BROWSER"

// Path finds Chromium, or skips (or fails) the test.
func Path(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv(RequireEnv) != "" {
		t.Fatalf("Chromium is missing and %s is set: apt-get install chromium (Debian)", RequireEnv)
	}
	t.Skip("Chromium is missing; to run this test: apt-get install chromium (Debian)")
	return ""
}

// Context starts a fresh headless Chromium, with the flags this machine's
// closed network needs, and returns a context for chromedp that ends after
// timeout or with the test.
func Context(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	// Chromium leaves its singleton socket in a folder of TMPDIR after it
	// exits; one inside the test's own folder goes with the test.
	tmp := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Env("TMPDIR=" + tmp),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// WaitJS polls the page until the JavaScript expression is true, and fails
// the test when it is not within timeout. An expression that throws is
// "not yet", and so is an evaluation cut short because the page navigated
// (a live reload: serve reloads the page once for a page and once more for
// the search indexes), so only the last error counts.
func WaitJS(t testing.TB, ctx context.Context, what, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){try{return !!(`+expr+`)}catch(e){return false}})()`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
			t.Fatalf("%s: not seen within %s; page text:\n%s", what, timeout, text)
		}
		time.Sleep(50 * time.Millisecond) // polling a browser, not synchronising goroutines
	}
}
