package sitefs

import (
	"io/fs"
	"os"
	"testing"
)

// BenchmarkRead reads every file under content/ of the site in
// PUENTE_BENCH_SITE through os.DirFS and through Open, to measure what
// the os.Root costs per file.
func BenchmarkRead(b *testing.B) {
	dir := os.Getenv("PUENTE_BENCH_SITE")
	if dir == "" {
		b.Skip("set PUENTE_BENCH_SITE to a site folder (cmd/puente-corpus makes one)")
	}
	var names []string
	fs.WalkDir(os.DirFS(dir), "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			names = append(names, p)
		}
		return nil
	})
	root, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	for _, c := range []struct {
		name string
		fsys fs.FS
	}{{"DirFS", os.DirFS(dir)}, {"sitefs", root}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, n := range names {
					if _, err := fs.ReadFile(c.fsys, n); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names)), "ns/file")
		})
	}
}
