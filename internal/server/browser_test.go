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

func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	browsertest.WaitJS(t, ctx, what, expr, 15*time.Second)
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
