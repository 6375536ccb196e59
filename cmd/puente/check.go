package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/sitefs"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [flags]",
		"Load everything a build loads, render every page without writing it, and report\n"+
			"every problem found, sorted by file and line. Exit code 0: clean; 1: errors\n"+
			"(or warnings with --strict).", stderr)
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "output `format`: text, json or github (workflow annotations)")
	strict := fs.Bool("strict", false, "fail on warnings too")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	switch *format {
	case "text", "json", "github":
	default:
		fmt.Fprintf(stderr, "puente check: unknown --format %q (want text, json or github)\n", *format)
		return exitUsage
	}
	if fi, err := os.Stat(sf.source); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "puente check: --source %s is not a folder\n", sf.source)
		return exitUsage
	}
	problems := check(sf)
	printProblems(stdout, *format, problems)
	errs, warns := len(problems.Errors()), len(problems.Warnings())
	if *format == "text" {
		switch {
		case errs == 0 && warns == 0:
			fmt.Fprintln(stderr, "no problems found")
		default:
			fmt.Fprintf(stderr, "%d errors, %d warnings\n", errs, warns)
		}
	}
	if errs > 0 || (*strict && warns > 0) {
		return exitError
	}
	return exitOK
}

// check loads the site and renders it into nothing: the same problems a
// build finds, without writing public/.
func check(sf siteFlags) diag.List {
	site, err := sitefs.Open(sf.source)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: "--source"}, "%v", err)
		return l
	}
	defer site.Close()
	s, problems := build.Load(site, build.LoadOptions{Drafts: sf.drafts, Future: sf.future, BaseURL: sf.baseURL})
	if !problems.HasErrors() {
		_, _, rerrs := build.Render(s, build.Discard{}, build.RenderOptions{})
		problems.Add(rerrs...)
	}
	return problems.Sorted()
}

func printProblems(w io.Writer, format string, problems diag.List) {
	switch format {
	case "json":
		type item struct {
			File     string `json:"file"`
			Line     int    `json:"line,omitempty"`
			Column   int    `json:"column,omitempty"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		out := []item{}
		for _, p := range problems {
			out = append(out, item{p.Pos.File, p.Pos.Line, p.Pos.Col, p.Severity.String(), p.Msg})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	case "github":
		for _, p := range problems {
			var props []string
			if p.Pos.File != "" {
				props = append(props, "file="+ghEscapeProp(p.Pos.File))
			}
			if p.Pos.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", p.Pos.Line))
			}
			if p.Pos.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", p.Pos.Col))
			}
			fmt.Fprintf(w, "::%s %s::%s\n", p.Severity.String(), strings.Join(props, ","), ghEscapeData(p.Msg))
		}
	default:
		printDiags(w, problems)
	}
}

// GitHub workflow commands escape %, CR and LF in data, and also : and , in
// properties.
func ghEscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghEscapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
