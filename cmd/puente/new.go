package main

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/sitefs"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "new <kind> <slug> [--lang es]\n       puente new --translate content/events/x.en.md --lang pt",
		"Write a new page with the front matter of its kind filled in, or a translation of\n"+
			"an existing page with its front matter carried over. Kinds: region, event,\n"+
			"newsletter, case-study, page. An existing file is never overwritten.", stderr)
	source := fs.String("source", ".", "the site's `folder` (holding site.yaml)")
	langFlag := fs.String("lang", "", "the new page's `language` (default: the site's default language)")
	translate := fs.String("translate", "", "the `file` to translate, relative to --source")
	if code, ok := parseFlags(fs, reorder(args), stdout); !ok {
		return code
	}
	site, err := sitefs.Open(*source)
	if err != nil {
		fmt.Fprintf(stderr, "puente new: --source: %v\n", err)
		return exitError
	}
	defer site.Close()
	cfg, errs := config.Load(site)
	if errs.HasErrors() {
		printDiags(stderr, errs)
		return exitError
	}
	lang := *langFlag
	if lang == "" {
		lang = cfg.DefaultLanguage
	}
	if _, ok := cfg.Language(lang); !ok {
		fmt.Fprintf(stderr, "puente new: --lang %q is not a site language (site languages: %s)\n", lang, strings.Join(cfg.LanguageCodes(), ", "))
		return exitUsage
	}
	var rel string
	var data []byte
	opts := content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage}
	if *translate != "" {
		if fs.NArg() > 0 {
			fmt.Fprintln(stderr, "puente new: --translate takes no kind or slug")
			return exitUsage
		}
		src := filepath.ToSlash(filepath.Clean(*translate))
		if !iofs.ValidPath(src) {
			fmt.Fprintf(stderr, "puente new: --translate %s: want a file of the site, relative to --source (like content/events/x.en.md)\n", *translate)
			return exitUsage
		}
		raw, err := site.ReadFile(src)
		if err != nil {
			fmt.Fprintf(stderr, "puente new: %v\n", err)
			return exitError
		}
		f, perrs := content.Parse(src, raw, opts)
		if perrs.HasErrors() {
			printDiags(stderr, perrs)
			return exitError
		}
		if f.Lang == lang {
			fmt.Fprintf(stderr, "puente new: %s is already in %q; pick another --lang\n", src, lang)
			return exitUsage
		}
		rel, data = content.Translate(f, raw, lang)
	} else {
		if fs.NArg() != 2 {
			fs.Usage()
			return exitUsage
		}
		kind := content.Kind(fs.Arg(0))
		slug := fs.Arg(1)
		var err error
		data, err = content.Scaffold(kind, slug, lang, time.Now())
		if err != nil {
			fmt.Fprintf(stderr, "puente new: %v\n", err)
			return exitUsage
		}
		rel = content.ScaffoldPath(kind, slug, lang, cfg.DefaultLanguage)
	}
	if err := site.Create(rel, data); errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "puente new: %s already exists; it was left as it is\n", rel)
		return exitError
	} else if err != nil {
		fmt.Fprintf(stderr, "puente new: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "wrote %s\n", rel)
	return exitOK
}

// reorder moves flags before positional arguments, so that
// `puente new event kickoff --lang es` works as people type it.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && (a == "--lang" || a == "-lang" || a == "--source" || a == "-source" || a == "--translate" || a == "-translate") {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}
