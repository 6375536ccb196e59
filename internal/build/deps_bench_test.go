package build

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/corpus"
	"github.com/puente-ssg/puente/internal/site"
)

// BenchmarkDiffModels compares the model of a generated site with the
// model after one page's title changed, as serve does after a title edit:
//
//	go test -bench DiffModels -run '^$' ./internal/build
//	PUENTE_BENCH_LARGE=1 go test -bench DiffModels -run '^$' ./internal/build
func BenchmarkDiffModels(b *testing.B) {
	sizes := []int{3000}
	if os.Getenv("PUENTE_BENCH_LARGE") == "1" {
		sizes = append(sizes, 30000)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, pages := range sizes {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Generate(dir, corpus.Options{Groups: pages / 3, Seed: 1, Layouts: "../../layouts", Assets: "../../assets"}); err != nil {
				b.Fatal(err)
			}
			s, errs := Load(os.DirFS(dir), LoadOptions{Now: now, DropBodies: true})
			if errs.HasErrors() {
				b.Fatal(errs)
			}
			files := slices.Clone(s.Files)
			edited := *files[len(files)/2]
			edited.Front.Title += " (edited)"
			files[len(files)/2] = &edited
			m, errs := site.Build(s.Config, files, site.Options{Now: now})
			if errs.HasErrors() {
				b.Fatal(errs)
			}
			var changes int
			for b.Loop() {
				changes = len(diffModels(s.Model, m))
			}
			if changes == 0 {
				b.Fatal("no change found")
			}
			b.ReportMetric(float64(changes), "changed-pages")
		})
	}
}
