package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildWritesEveryKindInEveryLanguage(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	s.AssertFile("index.html", `<meta http-equiv="refresh" content="0; url=/en/">`, `hreflang="es"`, `>Español</a>`)
	s.AssertFile("en/index.html", `<html lang="en">`, "list home Home", "Welcome.")
	s.AssertFile("es/index.html", `<html lang="es">`, "Bienvenida")
	s.AssertFile("en/about/index.html", "single page About")
	s.AssertFile("es/acerca-de/index.html", "single page Acerca de")
	s.AssertFile("pt/sobre/index.html", "single page Sobre")
	s.AssertFile("en/regions/mexico-guatemala/index.html", "single region Mexico–Guatemala")
	s.AssertFile("pt/regioes/mexico-guatemala/index.html", "single region México–Guatemala")
	s.AssertFile("en/events/kickoff/index.html", "event Kickoff|7–10 October 2019")
	s.AssertFile("es/eventos/arranque/index.html", "event Arranque|7–10 de octubre de 2019", "«arranque»")
	s.AssertFile("en/newsletters/closing/index.html", "single newsletter Closing bulletin")
	s.AssertFile("es/boletines/cierre/index.html", "single newsletter Boletín de cierre")
	s.AssertFile("en/case-studies/pilot/index.html", "single case-study Pilot")
	s.AssertFile("pt/estudos-de-caso/index.html", "list section")
	s.AssertFile("es/temas/innovation/index.html", "list theme Innovación")
	s.AssertFile("pt/anos/2019/index.html", "list year 2019")
	s.AssertFile("en/404.html", "Page not found")
	s.AssertFile("es/404.html", "Página no encontrada")
	s.AssertFile("404.html", "Page not found")
	s.AssertNoFile("en/events/draft/index.html")
}

func TestMissingTranslationsAppearMarkedInOtherLanguages(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	// Spanish lists the English-only events in English, marked.
	s.AssertFile("es/eventos/index.html", "item /en/events/future/ lang=en\n", "item /es/eventos/arranque/\n")
	// Portuguese has no kickoff: shown in English.
	s.AssertFile("pt/eventos/index.html", "item /en/events/kickoff/ lang=en\n")
	// The switcher of an English-only page goes to the section list and says so.
	s.AssertFile("en/events/future/index.html",
		"switch es /es/eventos/ fallback\n", "switch pt /pt/eventos/ fallback\n", "switch en /en/events/future/\n")
	// translationKey joins files with different names.
	s.AssertFile("es/boletines/cierre/index.html", `hreflang="en" href="https://example.org/en/newsletters/closing/"`)
	s.AssertFile("en/newsletters/closing/index.html", `hreflang="es" href="https://example.org/es/boletines/cierre/"`)
}

func TestSectionListsPaginateNewestFirst(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	// Three English events (the draft is left out), two per page.
	s.AssertLines("en/events/index.html", "list section  3\nitem /en/events/future/\nitem /en/events/kickoff/\npager 1/2 next /en/events/page/2/")
	s.AssertLines("en/events/page/2/index.html", "list section  3\nitem /en/events/old/\npager 2/2 prev /en/events/")
	s.AssertNoFile("en/events/page/3/index.html")
}

func TestIndexesByRegionThemeAndYear(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	s.AssertFile("en/themes/index.html", "theme cross-border Cross-border cooperation 2\n", "theme innovation Innovation 3\n")
	s.AssertLines("es/temas/innovation/index.html", "group event\nitem /es/eventos/arranque/\nitem /es/eventos/old/\ngroup case-study\nitem /en/case-studies/pilot/ lang=en")
	s.AssertLines("en/years/index.html", "year 2021 1\nyear 2020 1\nyear 2019 2\nyear 2018 1")
	s.AssertLines("en/years/2019/index.html", "group event\nitem /en/events/kickoff/\nmonth October 2019\nitem /en/events/kickoff/\ngroup case-study\nitem /en/case-studies/pilot/\nmonth May 2019\nitem /en/case-studies/pilot/")
	s.AssertFile("en/regions/mexico-guatemala/index.html") // exists
	s.AssertFile("en/events/kickoff/index.html",
		"region /en/regions/mexico-guatemala/\n",
		"theme Cross-border cooperation /en/themes/cross-border/\n",
		"year /en/years/2019/\n")
	s.AssertLines("es/regiones/index.html", "group INNOVACT\nitem /es/regiones/mexico-guatemala/")
}

var hreflangRE = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="https://example.org([^"]+)">`)

// TestHreflangIsReciprocal checks every page: each alternate exists and
// lists the page back, and every page names itself and an x-default.
func TestHreflangIsReciprocal(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	alternates := map[string]map[string]string{} // page URL -> lang -> URL
	for _, f := range s.Files() {
		// The browser editor's page is a tool, not a page of the site.
		if !strings.HasSuffix(f, ".html") || !strings.Contains(f, "/") || strings.HasSuffix(f, "404.html") || strings.HasPrefix(f, "admin/") {
			continue
		}
		url := "/" + strings.TrimSuffix(f, "index.html")
		html := s.Read(f)
		if !strings.Contains(html, "<html") || strings.Contains(html, `http-equiv="refresh"`) {
			continue
		}
		alts := map[string]string{}
		for _, m := range hreflangRE.FindAllStringSubmatch(html, -1) {
			alts[m[1]] = m[2]
		}
		alternates[url] = alts
	}
	if len(alternates) < 30 {
		t.Fatalf("only %d pages checked", len(alternates))
	}
	for page, alts := range alternates {
		lang := strings.Split(page, "/")[1]
		if alts[lang] != page {
			t.Errorf("%s: hreflang %s = %q, want itself", page, lang, alts[lang])
		}
		if alts["x-default"] == "" {
			t.Errorf("%s: no x-default", page)
		}
		for l, target := range alts {
			if l == "x-default" {
				continue
			}
			back, ok := alternates[target]
			if !ok {
				t.Errorf("%s: hreflang %s goes to %s, which is not a page", page, l, target)
				continue
			}
			if back[lang] != page {
				t.Errorf("%s: alternate %s does not link back (its %s is %q)", page, target, lang, back[lang])
			}
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	opts := s.Options()
	opts.Minify = true
	opts.Dest = "one"
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	opts.Dest = "two"
	if _, _, err := build.Build(opts); err != nil {
		t.Fatal(err)
	}
	one, two := tree(t, filepath.Join(s.Dir, "one")), tree(t, filepath.Join(s.Dir, "two"))
	if len(one) == 0 || len(one) != len(two) {
		t.Fatalf("trees differ in size: %d and %d files", len(one), len(two))
	}
	for name, a := range one {
		if !bytes.Equal(a, two[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFailedBuildLeavesPreviousSiteUntouched(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	before := tree(t, filepath.Join(s.Dir, "public"))
	s.WriteFile("content/events/kickoff.es.md", "---\ntitle: Arranque\nstart: 2019-13-07\nattendance: online\n---\nRoto.\n")
	s.WriteFile("content/events/broken.en.md", "---\ntitle: [unclosed\n---\n")
	lines := s.BuildErrors()
	joined := strings.Join(lines, "\n")
	for _, want := range []string{"content/events/kickoff.es.md:3", "content/events/broken.en.md:2"} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors lack %q:\n%s", want, joined)
		}
	}
	after := tree(t, filepath.Join(s.Dir, "public"))
	if len(before) != len(after) {
		t.Fatalf("public/ changed: %d files before, %d after", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(b, after[name]) {
			t.Errorf("%s changed after a failed build", name)
		}
	}
	entries, _ := os.ReadDir(s.Dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestInterruptedBuildIsMended(t *testing.T) {
	s := sitetest.Build(t, readFixture(t, "basic.txtar"))
	// A build killed between its two renames leaves the old site aside and
	// a staging folder behind; the next build puts things right.
	if err := os.Rename(filepath.Join(s.Dir, "public"), filepath.Join(s.Dir, ".public.old-abc")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(s.Dir, ".public.tmp-123", "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A build marks its staging folder as soon as it makes it.
	if err := os.WriteFile(filepath.Join(s.Dir, ".public.tmp-123", build.MarkerFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s.WriteFile("content/events/broken.en.md", "---\ntitle: [unclosed\n---\n")
	s.BuildErrors()
	if !s.Exists("en/index.html") {
		t.Error("the previous site was not put back")
	}
	for _, leftover := range []string{".public.old-abc", ".public.tmp-123"} {
		if _, err := os.Stat(filepath.Join(s.Dir, leftover)); err == nil {
			t.Errorf("%s left behind", leftover)
		}
	}
}

func TestLinksToContentFiles(t *testing.T) {
	src := readFixture(t, "basic.txtar")
	src = strings.Replace(src, "Sobre nosotros.", "Ver [el arranque](events/kickoff.md#dia) y [la región](/regions/mexico-guatemala.md).", 1)
	src = strings.Replace(src, "Sobre nós.", "Ver [o arranque](events/kickoff.md) e [o boletim](newsletters/cierre.es.md).", 1)
	s := sitetest.Build(t, src)
	s.AssertFile("es/acerca-de/index.html", `href="/es/eventos/arranque/#dia"`, `href="/es/regiones/mexico-guatemala/"`)
	// Portuguese has no kickoff: the link goes to the version the lists show.
	s.AssertFile("pt/sobre/index.html", `href="/en/events/kickoff/"`, `href="/es/boletines/cierre/"`)

	broken := strings.Replace(src, "Bem-vindo.", "Ver [nada](/events/future.pt.md) e [isto](events/nope.md).", 1)
	lines := strings.Join(sitetest.Write(t, broken).BuildErrors(), "\n")
	for _, want := range []string{
		`content/_index.pt.md:4: link "/events/future.pt.md": no page is made from content/events/future.pt.md`,
		`content/_index.pt.md:4: link "events/nope.md": no page is made from content/events/nope.md`,
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("errors lack %q:\n%s", want, lines)
		}
	}
}

func TestPartialCached(t *testing.T) {
	src := readFixture(t, "basic.txtar") + `-- layouts/page.html --
{{ define "main" }}[{{ partialCached "partials/lang.html" . .Lang }}]{{ end }}
-- layouts/partials/lang.html --
{{ .Site.Title }} {{ T "not_found" }}
`
	s := sitetest.Build(t, src)
	s.AssertFile("es/acerca-de/index.html", "[Cooperación Página no encontrada\n]")
	s.AssertFile("pt/sobre/index.html", "[Cooperação Página não encontrada\n]")
	s.AssertFile("en/about/index.html", "[Cooperation Page not found\n]")
}
