package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitefs"
	"github.com/puente-ssg/puente/internal/translations"
)

func runTranslations(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("translations", "translations [flags]",
		"List, per language, the pages that have no translation and the translations that\n"+
			"are older than their source (by Git commit dates in a Git checkout, else by\n"+
			"lastmod). With --diff, what changed in the source of each stale translation since\n"+
			"the translation was last committed. Exit code 0: complete; 1: something missing\n"+
			"or stale.", stderr)
	source := fs.String("source", ".", "the site's `folder` (holding site.yaml)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	diff := fs.Bool("diff", false, "show, for each stale translation, what changed in its source since the translation's last commit (words added and removed, per paragraph)")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	site, err := sitefs.Open(*source)
	if err != nil {
		fmt.Fprintf(stderr, "puente translations: --source: %v\n", err)
		return exitError
	}
	defer site.Close()
	s, errs := build.Load(site, build.LoadOptions{Drafts: true, Future: true, Images: build.SiteImages(*source, true)})
	if errs.HasErrors() {
		printDiags(stderr, errs)
		return exitError
	}
	rep := translations.Report(s.Model, build.GitDates(*source))
	if *diff {
		translations.AddChanges(rep, *source)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		rep.WriteText(stdout)
		if *diff {
			rep.WriteChanges(stdout)
		}
	}
	if rep.Complete() {
		return exitOK
	}
	if !*asJSON {
		fmt.Fprintf(stderr, "%d missing, %d stale\n", rep.MissingCount(), rep.StaleCount())
	}
	return exitError
}
