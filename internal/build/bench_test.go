package build_test

// Benchmarks of every stage of a build on generated corpora:
// load (BenchmarkLoad), front matter, Markdown, the site model, comparing
// two models (BenchmarkDiffModels, as serve does after an edit), templates,
// minify, write, and rendering and whole builds at each size:
//
//	go test -bench . -benchmem -run '^$' ./internal/build
//	PUENTE_BENCH_LARGE=1 go test -bench . -benchmem -run '^$' ./internal/build
//
// Sizes count content files over all three languages (3,000 pages is 1,000
// translation groups). Each benchmark generates its corpus outside the
// timed loop; pages/s counts content files per second.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/corpus"
	"github.com/puente-ssg/puente/internal/markdown"
	"github.com/puente-ssg/puente/internal/site"
)

// benchNow keeps upcoming events upcoming whenever the benchmarks run.
var benchNow = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func benchSizes() []int {
	sizes := []int{300, 3000}
	if os.Getenv("PUENTE_BENCH_LARGE") == "1" {
		sizes = append(sizes, 30000)
	}
	return sizes
}

// benchCorpus writes a corpus of about pages content files, with this
// repository's theme, into a fresh temporary folder.
func benchCorpus(b *testing.B, pages int) string {
	b.Helper()
	dir := b.TempDir()
	err := corpus.Generate(dir, corpus.Options{Groups: pages / 3, Seed: 1, Layouts: "../../layouts", Assets: "../../assets"})
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func loadOptions() build.LoadOptions {
	return build.LoadOptions{Minify: true, Now: benchNow}
}

// benchLoad generates and loads a corpus, failing on any error.
func benchLoad(b *testing.B, pages int) (string, *build.Site) {
	b.Helper()
	dir := benchCorpus(b, pages)
	s, errs := build.Load(os.DirFS(dir), loadOptions())
	if errs.HasErrors() {
		b.Fatalf("load: %v", errs.Errors())
	}
	return dir, s
}

func reportPages(b *testing.B, pages int) {
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// eachSize runs fn as a sub-benchmark per corpus size.
func eachSize(b *testing.B, fn func(b *testing.B, pages int)) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) { fn(b, n) })
	}
}

// BenchmarkLoad reads settings, content, layouts, strings and assets and
// builds the model: everything before rendering.
func BenchmarkLoad(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		dir := benchCorpus(b, n)
		fsys := os.DirFS(dir)
		files := 0
		for b.Loop() {
			s, errs := build.Load(fsys, loadOptions())
			if errs.HasErrors() {
				b.Fatal(errs.Errors())
			}
			files = len(s.Files)
		}
		reportPages(b, files)
	})
}

// BenchmarkRender renders every output (pages, lists, feeds, sitemaps,
// aliases, assets) and throws the bytes away: Markdown, templates and,
// with minify=true, the minifier, without disk writes.
func BenchmarkRender(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		_, s := benchLoad(b, n)
		for _, mini := range []bool{false, true} {
			b.Run(fmt.Sprintf("minify=%t", mini), func(b *testing.B) {
				s.Minifier = nil
				if mini {
					s.Minifier = assets.NewMinifier()
				}
				for b.Loop() {
					if _, _, errs := build.Render(s, build.Discard{}, build.RenderOptions{}); errs.HasErrors() {
						b.Fatal(errs.Errors())
					}
				}
				reportPages(b, len(s.Files))
			})
		}
	})
}

// BenchmarkBuildWhole is `puente build`: load, render with minified output,
// write a staging folder and swap it in.
func BenchmarkBuildWhole(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		dir := benchCorpus(b, n)
		dest := filepath.Join(b.TempDir(), "public")
		opts := build.Options{LoadOptions: loadOptions(), Source: dir, Dest: dest}
		for b.Loop() {
			_, _, err := build.Build(opts)
			if err != nil {
				b.Fatal(err)
			}
		}
		// Counted after the timed loop, which has stopped the timer.
		s, _ := build.Load(os.DirFS(dir), loadOptions())
		reportPages(b, len(s.Files))
	})
}

// BenchmarkSiteModel builds the model and every index from loaded files.
func BenchmarkSiteModel(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		_, s := benchLoad(b, n)
		for b.Loop() {
			if _, errs := site.Build(s.Config, s.Files, site.Options{Now: benchNow}); errs.HasErrors() {
				b.Fatal(errs.Errors())
			}
		}
		reportPages(b, len(s.Files))
	})
}

// BenchmarkSiteModelEdit builds the model again after an edit as serve
// does: with the related pages carried over and the last model's strings.
// A title edit leaves every page's related pages as they were; an event's
// date, which orders them, changes those of the events that share a tag
// with it.
func BenchmarkSiteModelEdit(b *testing.B) {
	edits := []struct {
		name string
		edit func(f *content.File, k int)
	}{
		{"title", func(f *content.File, k int) { f.Front.Title += " " + strconv.Itoa(k) }},
		{"date", func(f *content.File, k int) { f.Front.Start = f.Front.Start.AddDate(0, 0, 1+k%300) }},
	}
	eachSize(b, func(b *testing.B, n int) {
		_, s := benchLoad(b, n)
		for _, e := range edits {
			b.Run("edit="+e.name, func(b *testing.B) {
				var related site.RelatedCache
				opts := site.Options{Now: benchNow, Related: &related}
				prev, errs := site.Build(s.Config, s.Files, opts)
				if errs.HasErrors() {
					b.Fatal(errs.Errors())
				}
				files := slices.Clone(s.Files)
				i := len(files) / 2
				// An event in the default language, whose date is its
				// group's.
				for files[i].Kind != content.KindEvent || files[i].Lang != s.Config.DefaultLanguage {
					i++
				}
				for k := 0; b.Loop(); k++ {
					edited := *s.Files[i]
					e.edit(&edited, k)
					files[i] = &edited
					opts.Previous = prev
					m, errs := site.Build(s.Config, files, opts)
					if errs.HasErrors() {
						b.Fatal(errs.Errors())
					}
					prev = m
				}
				reportPages(b, len(s.Files))
			})
		}
	})
}

// BenchmarkDiffModels compares the model of a site with the model after
// one page's title changed, as serve does after a title edit.
func BenchmarkDiffModels(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		_, s := benchLoad(b, n)
		files := slices.Clone(s.Files)
		edited := *files[len(files)/2]
		edited.Front.Title += " (edited)"
		files[len(files)/2] = &edited
		m, errs := site.Build(s.Config, files, site.Options{Now: benchNow})
		if errs.HasErrors() {
			b.Fatal(errs.Errors())
		}
		changed := 0
		for b.Loop() {
			changed = build.ChangedPages(s.Model, m)
		}
		if changed == 0 {
			b.Fatal("no change found")
		}
	})
}

// oneFile returns a Spanish event of a small corpus, with its bytes.
func oneFile(b *testing.B) (*content.File, []byte, *build.Site) {
	b.Helper()
	dir, s := benchLoad(b, 300)
	for _, f := range s.Files {
		if f.Kind == content.KindEvent && f.Lang == "es" {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
			if err != nil {
				b.Fatal(err)
			}
			return f, data, s
		}
	}
	b.Fatal("no Spanish event in the corpus")
	return nil, nil, nil
}

// BenchmarkFrontMatter parses one content file: name, front matter, fields.
func BenchmarkFrontMatter(b *testing.B) {
	f, data, s := oneFile(b)
	opts := content.Options{Languages: s.Config.LanguageCodes(), DefaultLanguage: s.Config.DefaultLanguage}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, errs := content.Parse(f.Path, data, opts); errs.HasErrors() {
			b.Fatal(errs.Errors())
		}
	}
	reportPages(b, 1)
}

// BenchmarkMarkdown converts one body with the site's goldmark setup.
func BenchmarkMarkdown(b *testing.B) {
	f, _, _ := oneFile(b)
	md := markdown.New(markdown.Options{Lang: f.Lang})
	b.SetBytes(int64(len(f.Body)))
	for b.Loop() {
		if _, err := md.Convert(f.Body); err != nil {
			b.Fatal(err)
		}
	}
	reportPages(b, 1)
}

// memOutput keeps rendered files in memory.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = append([]byte(nil), data...)
	return nil
}

// BenchmarkMinify minifies one rendered event page.
func BenchmarkMinify(b *testing.B) {
	f, _, s := oneFile(b)
	out := &memOutput{files: map[string][]byte{}}
	if _, _, errs := build.Render(s, out, build.RenderOptions{}); errs.HasErrors() {
		b.Fatal(errs.Errors())
	}
	var page []byte
	for _, p := range s.Model.Pages {
		if p.File == f {
			page = out.files[p.OutputPath]
		}
	}
	if !strings.Contains(string(page), "<html") {
		b.Fatalf("no rendered page for %s", f.Path)
	}
	m := assets.NewMinifier()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := m.Minify("text/html", page); err != nil {
			b.Fatal(err)
		}
	}
	reportPages(b, 1)
}

// BenchmarkTemplates renders every output with empty bodies: layouts,
// partials, lists, feeds, sitemaps and the search index without Markdown
// or minifying, i.e. what html/template costs on its own.
func BenchmarkTemplates(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		_, s := benchLoad(b, n)
		s.Minifier = nil
		for _, f := range s.Files {
			f.Body = []byte{}
		}
		for b.Loop() {
			if _, _, errs := build.Render(s, build.Discard{}, build.RenderOptions{}); errs.HasErrors() {
				b.Fatal(errs.Errors())
			}
		}
		reportPages(b, len(s.Files))
	})
}

// BenchmarkWrite writes a rendered, minified site into a fresh folder the
// way `puente build` fills its staging folder: one file per output,
// folders made as needed.
func BenchmarkWrite(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		_, s := benchLoad(b, n)
		rendered := &memOutput{files: map[string][]byte{}}
		s.Minifier = assets.NewMinifier()
		if _, _, errs := build.Render(s, rendered, build.RenderOptions{}); errs.HasErrors() {
			b.Fatal(errs.Errors())
		}
		var size int64
		for _, data := range rendered.files {
			size += int64(len(data))
		}
		b.SetBytes(size)
		i := 0
		for b.Loop() {
			i++
			root := filepath.Join(b.TempDir(), fmt.Sprint(i))
			if err := os.Mkdir(root, 0o755); err != nil {
				b.Fatal(err)
			}
			out := build.NewDirOutput(root)
			for name, data := range rendered.files {
				if err := out.WriteFile(name, data); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportPages(b, len(s.Files))
	})
}
