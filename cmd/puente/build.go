package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/diag"
)

// siteFlags are the flags build, check and serve share.
type siteFlags struct {
	source  string
	drafts  bool
	future  bool
	baseURL string
}

func (f *siteFlags) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}) {
	fs.StringVar(&f.source, "source", ".", "the site's `folder` (holding site.yaml)")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&f.future, "future", false, "include pages dated in the future")
	fs.StringVar(&f.baseURL, "base-url", "", "publish under this `URL` instead of site.yaml's baseURL")
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [flags]",
		"Build the site into a fresh folder and swap it in for --dest only when the whole\n"+
			"build succeeded: on any error the previous site stays as it was.", stderr)
	var sf siteFlags
	sf.register(fs)
	dest := fs.String("dest", "public", "the `folder` to publish into (relative to --source); replaced whole, so it must be\none puente built (it holds "+build.MarkerFile+"), empty or new")
	cleanDest := fs.Bool("clean-dest", false, "replace --dest even if it holds files puente did not publish (they are deleted;\nnever the root, your home folder or the site)")
	minify := fs.Bool("minify", true, "minify HTML, XML, JSON, SVG, CSS and JS")
	noCache := fs.Bool("no-cache", false, "build everything even if nothing changed since the last build\n(the cache is .puente-cache beside --dest; like Hugo's --ignoreCache)")
	cpuProfile := fs.String("profile-cpu", "", "write a CPU profile of the build to `file` (for maintainers)")
	memProfile := fs.String("profile-mem", "", "write an allocation profile of the build to `file` (for maintainers)")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "puente build: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	tuneCollector()
	stopProfiles, perr := startProfiles(*cpuProfile, *memProfile)
	if perr != nil {
		fmt.Fprintf(stderr, "puente build: %v\n", perr)
		return exitError
	}
	defer stopProfiles()
	progress := terminalProgress(stderr)
	sum, warnings, err := build.Build(build.Options{
		LoadOptions: build.LoadOptions{Drafts: sf.drafts, Future: sf.future, BaseURL: sf.baseURL, Minify: *minify},
		Source:      sf.source,
		Dest:        *dest,
		Progress:    progress.update,
		NoCache:     *noCache,
		CleanDest:   *cleanDest,
	})
	progress.clear()
	printDiags(stderr, warnings)
	if err != nil {
		if list, ok := err.(diag.List); ok {
			printDiags(stderr, list)
			fmt.Fprintf(stderr, "puente build: %s; %s left as it was\n", countErrors(list), *dest)
		} else {
			fmt.Fprintf(stderr, "puente build: %v\n", err)
		}
		return exitError
	}
	fmt.Fprintln(stdout, sum.String())
	return exitOK
}

func countErrors(l diag.List) string {
	n := len(l.Errors())
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}

func printDiags(w io.Writer, l diag.List) {
	for _, e := range l.Sorted() {
		fmt.Fprintln(w, e.Error())
	}
}

// progress shows a build's progress on a terminal once it has taken more
// than a second; elsewhere it prints nothing.
type progress struct {
	w       io.Writer
	start   time.Time
	enabled bool
	shown   bool
}

func terminalProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.enabled = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.enabled || time.Since(p.start) < time.Second {
		return
	}
	p.shown = true
	fmt.Fprintf(p.w, "\rrendering %d/%d files (%d%%)", done, total, done*100/max(total, 1))
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// defaultMemoryLimit is a soft limit on the Go heap of a build. A build's
// live data is small (see the README's performance section) but it
// allocates fast; without a limit the collector lets the heap grow to
// twice the live data and more. Past the limit the runtime collects more often, and it caps the
// time it spends doing so, so a larger site still builds. GOMEMLIMIT in the
// environment overrides it.
const defaultMemoryLimit = 256 << 20

// defaultGCPercent lets the heap grow to three times the live data before a
// collection, not twice: a build allocates much per page and keeps
// little of it, so fewer collections mean less marking of the same site
// model. With the memory limit above, a large site still peaks under it
// (the README's performance section has the figures). GOGC in the
// environment overrides it.
const defaultGCPercent = 200

// tuneCollector sets the collector for a build: `puente serve` keeps the
// runtime's defaults, since it holds the whole site in memory and has no
// small peak to keep.
func tuneCollector() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// startProfiles starts the profiles asked for; the returned function
// writes them: profiles of real corpora, beside the benchmarks, show
// where a build's time goes.
func startProfiles(cpuFile, memFile string) (stop func(), err error) {
	var cpu *os.File
	if cpuFile != "" {
		if cpu, err = os.Create(cpuFile); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, err
		}
	}
	if memFile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if memFile != "" {
			if f, err := os.Create(memFile); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
	}, nil
}
