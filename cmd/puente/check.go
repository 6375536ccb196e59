package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/cms"
	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/moved"
	"github.com/puente-ssg/puente/internal/sitefs"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [flags]",
		"Load everything a build loads, render every page without writing it, and report\n"+
			"every problem found, sorted by file and line. Exit code 0: clean; 1: errors\n"+
			"(or warnings with --strict).", stderr)
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "output `format`: text, json, github (workflow annotations) or gitlab (a code quality report)")
	strict := fs.Bool("strict", false, "fail on warnings too")
	since := fs.String("since", "", "also report every URL published at this Git `revision` (branch, tag, commit)\nthat is gone now without an alias, and which alias to add")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	switch *format {
	case "text", "json", "github", "gitlab":
	default:
		fmt.Fprintf(stderr, "puente check: unknown --format %q (want text, json, github or gitlab)\n", *format)
		return exitUsage
	}
	if fi, err := os.Stat(sf.source); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "puente check: --source %s is not a folder\n", sf.source)
		return exitUsage
	}
	problems, err := check(sf, *since)
	if err != nil {
		fmt.Fprintf(stderr, "puente check: %v\n", err)
		return exitError
	}
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
// build finds, without writing public/. With since, it also compares the
// URLs published then with those published now.
func check(sf siteFlags, since string) (diag.List, error) {
	fsys, err := sitefs.Open(sf.source)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: "--source"}, "%v", err)
		return l, nil
	}
	defer fsys.Close()
	opts := build.LoadOptions{Drafts: sf.drafts, Future: sf.future, BaseURL: sf.baseURL, Images: build.SiteImages(sf.source, true)}
	s, problems := build.Load(fsys, opts)
	if !problems.HasErrors() {
		_, _, rerrs := build.Render(s, build.Discard{}, build.RenderOptions{})
		problems.Add(rerrs...)
	}
	if since != "" && s != nil {
		gone, err := moved.Check(sf.source, since, s, opts)
		if err != nil {
			return nil, err
		}
		problems.Add(gone...)
	}
	// The editor's committed configuration, against site.yaml as written
	// (not --base-url's).
	if cfg, errs := config.Load(fsys); !errs.HasErrors() {
		problems.Add(cms.Check(fsys, cfg)...)
	}
	return problems.Sorted(), nil
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
	case "gitlab":
		writeCodeQuality(w, problems)
	default:
		printDiags(w, problems)
	}
}

// writeCodeQuality writes a GitLab code quality report: the Code Climate
// JSON subset GitLab reads (description, check_name, fingerprint,
// severity, location.path, location.lines.begin). The fingerprint leaves
// out the line, so that a problem moved by an edit above it stays the
// same problem in GitLab's comparison of branches.
func writeCodeQuality(w io.Writer, problems diag.List) {
	type lines struct {
		Begin int `json:"begin"`
	}
	type location struct {
		Path  string `json:"path"`
		Lines lines  `json:"lines"`
	}
	type issue struct {
		Description string   `json:"description"`
		CheckName   string   `json:"check_name"`
		Fingerprint string   `json:"fingerprint"`
		Severity    string   `json:"severity"`
		Location    location `json:"location"`
	}
	out := []issue{}
	seen := map[string]int{}
	for _, p := range problems {
		severity := "major"
		if p.Severity == diag.SevWarning {
			severity = "minor"
		}
		file := p.Pos.File
		if file == "" {
			file = "site.yaml"
		}
		sum := sha256.Sum256([]byte(file + "\x00" + p.Msg))
		fp := hex.EncodeToString(sum[:16])
		// Two identical messages in one file are two issues.
		if n := seen[fp]; n > 0 {
			sum = sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", fp, n)))
			seen[fp]++
			fp = hex.EncodeToString(sum[:16])
		} else {
			seen[fp] = 1
		}
		out = append(out, issue{
			Description: p.Msg,
			CheckName:   "puente-check",
			Fingerprint: fp,
			Severity:    severity,
			Location:    location{Path: file, Lines: lines{Begin: max(p.Pos.Line, 1)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// GitHub workflow commands escape %, CR and LF in data, and also : and , in
// properties.
func ghEscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghEscapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
