package markdown

import "testing"

// TestConvertPageTextIsText: the text ConvertPage hands the search index
// is Text's, although its walk then resolves links, adds download sizes
// and turns images into pictures in the same tree.
func TestConvertPageTextIsText(t *testing.T) {
	r := New(Options{Lang: "en", Download: func(dest string) (string, bool) { return "PDF, 148 KB", dest == "/assets/x.pdf" }})
	for _, src := range []string{
		"",
		"# Title\n\nA paragraph with *emphasis*, `code` and a [link](/events/kickoff.md).\n",
		"- one\n- two\n\n| a | b |\n|---|---|\n| año | ação |\n",
		"The [agenda](/assets/x.pdf) and ![a photo](/assets/p.jpg \"Caption\").\n\n```\ncode block\n```\n",
		"> [!NOTE]\n> A callout.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nSee https://example.org.\n",
	} {
		res, err := r.ConvertPage([]byte(src), Hooks{Resolve: func(dest string) (string, bool) { return "/en/x/", true }})
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Text([]byte(src)); res.Text != want {
			t.Errorf("%q: ConvertPage's text %q, Text %q", src, res.Text, want)
		}
	}
}
