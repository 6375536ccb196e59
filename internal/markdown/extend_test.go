package markdown

import (
	"strings"
	"testing"
)

func TestCallouts(t *testing.T) {
	labels := Labels(func(k string) string {
		return map[string]string{"callout_warning": "Advertencia", "callout_note": "Nota"}[k]
	})
	r := New(Options{Lang: "es", Labels: labels})
	for _, tc := range []struct{ src, want string }{
		{"> [!WARNING]\n> Plazo: *10 de mayo*.\n",
			"<aside class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Advertencia</p>\n<p>Plazo: <em>10 de mayo</em>.</p>\n</aside>\n"},
		{"> [!note]\n>\n> Uno.\n>\n> Dos.\n",
			"<aside class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Nota</p>\n<p>Uno.</p>\n<p>Dos.</p>\n</aside>\n"},
		// Without a label of the site's, the English word.
		{"> [!TIP]\n> Hint.\n",
			"<aside class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>Hint.</p>\n</aside>\n"},
		// Not a marker: a quote stays a quote.
		{"> [!NOTE] inline\n> text\n", "<blockquote>\n<p>[!NOTE] inline\ntext</p>\n</blockquote>\n"},
		{"> [!DANGER]\n> text\n", "<blockquote>\n<p>[!DANGER]\ntext</p>\n</blockquote>\n"},
	} {
		res, err := r.Convert([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if res.HTML != tc.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, res.HTML, tc.want)
		}
	}
}

func TestEmbeds(t *testing.T) {
	r := New(Options{Lang: "pt", Labels: func(k string) string {
		if k == "video_watch" {
			return "Assista ao vídeo"
		}
		return ""
	}})
	yt := `<p class="embed embed-youtube"><a class="embed-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"><span class="embed-play" aria-hidden="true"></span><span class="embed-title">Assista ao vídeo</span> <span class="embed-site">(YouTube)</span></a></p>` + "\n"
	for _, tc := range []struct{ src, want string }{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", yt},
		{"<https://youtu.be/dQw4w9WgXcQ>\n", yt},
		{"https://m.youtube.com/shorts/dQw4w9WgXcQ\n", yt},
		{"[O encontro de Lima](https://youtu.be/dQw4w9WgXcQ?t=1m30s)\n",
			`<p class="embed embed-youtube"><a class="embed-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=90s" data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;start=90"><span class="embed-play" aria-hidden="true"></span><span class="embed-title">O encontro de Lima</span> <span class="embed-site">(YouTube)</span></a></p>` + "\n"},
		{"https://vimeo.com/76979871\n",
			`<p class="embed embed-vimeo"><a class="embed-link" href="https://vimeo.com/76979871" data-player="https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1"><span class="embed-play" aria-hidden="true"></span><span class="embed-title">Assista ao vídeo</span> <span class="embed-site">(Vimeo)</span></a></p>` + "\n"},
		// A link inside a sentence, or to another site, stays a link.
		{"Veja https://youtu.be/dQw4w9WgXcQ agora.\n", `<p>Veja <a href="https://youtu.be/dQw4w9WgXcQ">https://youtu.be/dQw4w9WgXcQ</a> agora.</p>` + "\n"},
		{"https://example.org/watch?v=dQw4w9WgXcQ\n", `<p><a href="https://example.org/watch?v=dQw4w9WgXcQ">https://example.org/watch?v=dQw4w9WgXcQ</a></p>` + "\n"},
		{"https://www.youtube.com/watch?v=short\n", `<p><a href="https://www.youtube.com/watch?v=short">https://www.youtube.com/watch?v=short</a></p>` + "\n"},
	} {
		res, err := r.Convert([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if res.HTML != tc.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tc.src, res.HTML, tc.want)
		}
	}
	if got := r.Text([]byte("Intro.\n\n[O encontro](https://youtu.be/dQw4w9WgXcQ)\n")); !strings.Contains(got, "O encontro") {
		t.Errorf("Text = %q, want the video's title", got)
	}
}
