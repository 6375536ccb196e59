package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the site has errors, or the command failed
	exitUsage = 2 // wrong flags or arguments
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "build the site into public/", runBuild},
		{"serve", "preview the site on 127.0.0.1, rebuilding on save", runServe},
		{"check", "report every problem in the site without writing anything", runCheck},
		{"new", "scaffold a new page, or a translation of one", runNew},
		{"translations", "list missing and stale translations", runTranslations},
		{"cms", "write the browser editor's configuration from the schema", runCMS},
		{"version", "print puente's version", runVersion},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(args[1:], stdout, stderr)
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	sort.Strings(names)
	fmt.Fprintf(stderr, "puente: unknown command %q (commands: %s)\n", name, strings.Join(names, ", "))
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "puente builds a multilingual website from Markdown.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: puente <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'puente <command> -h' for a command's flags.")
}

// newFlags makes a flag set that prints the command's usage on -h and
// reports errors without exiting.
func newFlags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: puente %s\n\n%s\n\nFlags:\n", synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns an exit code and false when the
// command should stop (help shown, or bad flags).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "version", "Print puente's version and the Go version it was built with.", stderr)
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	fmt.Fprintf(stdout, "puente %s\n", version())
	return exitOK
}

// buildVersion and buildCommit are stamped by scripts/release.sh
// (-ldflags -X), whose reproducible builds carry no VCS information.
var buildVersion, buildCommit string

// version is the stamped release version, else the module version, else
// the VCS revision of a development build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if buildVersion != "" {
		v := buildVersion
		if buildCommit != "" {
			rev, dirty := strings.CutSuffix(buildCommit, "+dirty")
			v += " (" + rev[:min(12, len(rev))]
			if dirty {
				v += "+dirty"
			}
			v += ")"
		}
		if ok {
			v += " " + info.GoVersion
		}
		return v
	}
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		v = "devel " + rev[:min(12, len(rev))]
		if dirty {
			v += "+dirty"
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return v + " " + info.GoVersion
}
