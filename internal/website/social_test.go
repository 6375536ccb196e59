package website_test

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	metaRE = regexp.MustCompile(`<meta (?:property|name)="?([a-z:_]+)"? content="?([^">]*)"?>`)
	iconRE = regexp.MustCompile(`<link rel="?(icon|apple-touch-icon)"? href="?([^" >]+)"?`)
)

// Every page of the site can be shared with a picture: og:image and its
// facts, a large X card, and favicons that exist, so that no browser logs
// a 404 for them.
func TestPagesAreShareable(t *testing.T) {
	dir, s := built(t)
	base := strings.TrimSuffix(s.Config.BaseURL.String(), "/")
	cards := map[string]string{} // lang → card URL
	for _, lv := range s.Model.Langs {
		for _, p := range s.Model.PagesIn(lv.Code) {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p.OutputPath)))
			if err != nil {
				t.Fatal(err)
			}
			meta := map[string]string{}
			for _, m := range metaRE.FindAllStringSubmatch(string(data), -1) {
				meta[m[1]] = m[2]
			}
			img := meta["og:image"]
			if !strings.HasPrefix(img, base+"/") || meta["twitter:card"] != "summary_large_image" || meta["og:image:alt"] == "" {
				t.Errorf("%s: og:image %q, twitter:card %q, og:image:alt %q", p.OutputPath, img, meta["twitter:card"], meta["og:image:alt"])
				continue
			}
			if prev, ok := cards[p.Lang]; ok && prev != img {
				t.Errorf("%s: og:image %s, other %s pages %s (the site has no page images)", p.OutputPath, img, p.Lang, prev)
			}
			cards[p.Lang] = img
			for _, m := range iconRE.FindAllStringSubmatch(string(data), -1) {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(m[2]))); err != nil {
					t.Errorf("%s: icon %s is not published", p.OutputPath, m[2])
				}
			}
			if n := len(iconRE.FindAllString(string(data), -1)); n != 3 {
				t.Errorf("%s: %d icon links, want 3", p.OutputPath, n)
			}
			w, _ := strconv.Atoi(meta["og:image:width"])
			h, _ := strconv.Atoi(meta["og:image:height"])
			if w != 1200 || h != 630 {
				t.Errorf("%s: og:image is %dx%d, want the 1200x630 card", p.OutputPath, w, h)
			}
		}
	}
	seen := map[string]string{}
	for lang, u := range cards {
		if other, ok := seen[u]; ok {
			t.Errorf("%s and %s share the card %s", lang, other, u)
		}
		seen[u] = lang
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(u, base+"/"))))
		if err != nil {
			t.Errorf("card of %s: %v", lang, err)
			continue
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
			t.Errorf("card of %s: %dx%d, %v", lang, cfg.Width, cfg.Height, err)
		}
	}
	if len(cards) != len(s.Model.Langs) {
		t.Errorf("cards for %d languages, want %d", len(cards), len(s.Model.Langs))
	}
	for _, f := range []string{"favicon.ico", "favicon.svg", "apple-touch-icon.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s is not at the root: %v", f, err)
		}
	}
}
