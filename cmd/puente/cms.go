package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/puente-ssg/puente/internal/cms"
	"github.com/puente-ssg/puente/internal/config"
)

func runCMS(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("cms", "cms [flags]",
		"Write the browser editor's configuration (Decap CMS) from site.yaml and the front\n"+
			"matter schema into "+cms.Dir+"/config.yml and "+cms.Dir+"/config.<lang>.yml.\n"+
			"Builds publish the same files at /admin/; check reports a committed copy that\n"+
			"no longer matches.", stderr)
	source := fs.String("source", ".", "the site's `folder` (holding site.yaml)")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "puente cms: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	cfg, errs := config.Load(os.DirFS(*source))
	if errs.HasErrors() {
		printDiags(stderr, errs)
		return exitError
	}
	files := cms.Configs(cfg)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	dir := filepath.Join(*source, filepath.FromSlash(cms.Dir))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "puente cms: %v\n", err)
		return exitError
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, files[n]) {
			fmt.Fprintf(stdout, "%s/%s: unchanged\n", cms.Dir, n)
			continue
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			fmt.Fprintf(stderr, "puente cms: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stdout, "%s/%s: written\n", cms.Dir, n)
	}
	return exitOK
}
