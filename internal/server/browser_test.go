package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-ssg/puente/internal/browsertest"
)

func browser(t *testing.T) context.Context {
	return browsertest.Context(t, 60*time.Second)
}

// waitText polls the page until the JavaScript expression is true.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		// A page in the middle of reloading has no body yet: that is "not yet".
		// So is an evaluation cut short by a live reload ("inspected
		// target navigated"): a body edit reloads the page twice, once for
		// the page and once more for the search indexes.
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){try{return !!(`+expr+`)}catch(e){return false}})()`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			html, _ := chromedp.Run(ctx, chromedp.OuterHTML("body"))
			t.Fatalf("%s: not seen within 15s; body:\n%s", what, html)
		}
		time.Sleep(50 * time.Millisecond) // polling a browser, not synchronising goroutines
	}
}

func TestBrowserSeesEditsErrorsAndRecovery(t *testing.T) {
	ctx := browser(t)
	s, base := startServer(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"/es/eventos/arranque/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "page loaded", `document.body.innerText.includes("Arranque")`)
	// From here on the test never navigates: what changes in the page is
	// the live reload's doing.
	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: Arranque\nslug: arranque\nstart: 2019-10-07\nattendance: online\n---\nTexto editado en vivo.\n")
	waitJS(t, ctx, "edit visible", `document.body.innerText.includes("Texto editado en vivo.")`)

	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: [roto\nstart: 2019-10-07\nattendance: online\n---\n<script>alert(1)</script>\n")
	waitJS(t, ctx, "overlay naming the file", `(function(){var o=document.getElementById("puente-overlay");return !!o && o.innerText.includes("content/events/kickoff.es.md:2");})()`)
	waitJS(t, ctx, "last good page under the overlay", `document.body.innerText.includes("Texto editado en vivo.")`)

	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: Arranque\nslug: arranque\nstart: 2019-10-07\nattendance: online\n---\nDe vuelta.\n")
	waitJS(t, ctx, "recovered", `document.body.innerText.includes("De vuelta.") && !document.getElementById("puente-overlay")`)

	if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || !strings.Contains(title, "Arranque") {
		t.Errorf("title %q, %v", title, err)
	}
}
