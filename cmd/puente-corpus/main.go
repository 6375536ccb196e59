// Command puente-corpus writes a synthetic trilingual puente site for
// benchmarks: N translation groups of regions, events, newsletters, case
// studies and standalone pages, deterministic for a seed, with the theme
// of this repository copied in so that it builds with the real layouts.
//
//	go run ./cmd/puente-corpus -groups 1000 -seed 1 -out /dev/shm/corpus
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/puente-ssg/puente/internal/corpus"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("puente-corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	groups := fs.Int("groups", 1000, "translation groups (pages per language)")
	seed := fs.Uint64("seed", 1, "seed of every random choice")
	out := fs.String("out", "", "folder to write the site into (must not hold one)")
	layouts := fs.String("layouts", "layouts", "layouts folder to copy into the site (\"\" to skip)")
	assets := fs.String("assets", "assets", "assets folder to copy into the site (\"\" to skip)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: puente-corpus -groups N -seed S -out DIR [-layouts DIR] [-assets DIR]")
		return 2
	}
	err := corpus.Generate(*out, corpus.Options{Groups: *groups, Seed: *seed, Layouts: *layouts, Assets: *assets})
	if err != nil {
		fmt.Fprintf(stderr, "puente-corpus: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d groups into %s\n", *groups, *out)
	return 0
}
