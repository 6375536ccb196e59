// Command puente-editbench measures `puente serve` from the outside, as an
// editor lives it, and holds it to a full build. It starts a serve process
// on a site, times it to the first page served, then makes every kind of
// edit an editor makes (a body, title, summary, date in the same year and
// in another, regions, themes, translationKey, slug, draft on and off, a
// file deleted and added back, renamed, a translation added and removed)
// and times each save until serve serves every output that the edit
// changes exactly as a full build does.
//
//	puente-editbench -puente ./puente -source site [-edits 6] [-kinds body,title,...]
//
// What an edit changes is not listed anywhere: the tool builds the whole
// site from a private copy of it as it is, and before each kind of edit as
// edited, with serve's options (drafts, future pages, banners, the
// live-reload script, which it reads from a page serve sends), and the
// outputs whose bytes differ are the ones to wait for: the page, its
// translations, its year, section, region and theme lists, the home page,
// feeds, calendars, sitemaps, the search indexes; for a deletion or a move,
// the old URL answering 404. Saves alternate between the two states, so
// that two full builds stand for every save of a kind. A save that serve
// does not bring to the full build's bytes within -timeout is reported as
// a failure, not a time. After each kind (-verify each: after each save)
// every output of the site is compared, so that an edit cannot leave a page
// wrong that a full build would not change.
//
// It prints the time to the first page served, then a table of the
// median, 95th percentile and slowest save-to-served times per kind, and
// the median time to the edited page itself (or its old URL's 404). With
// -edits 0 it times the start only; -check adds the whole site's
// comparison after it, and -pull N changes N content files before serve
// starts, as a `git pull` would (put back at the end). Traffic goes to
// 127.0.0.1 only and every wait is bounded. The site's files are put back
// as they were at the end.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

type options struct {
	bin, source string
	edits       int
	kinds       []string
	timeout     time.Duration
	gap         time.Duration
	verify      string // none, kind or each
	check       bool
	pull        int
	tmp         string
	verbose     bool
}

func main() {
	var o options
	flag.StringVar(&o.bin, "puente", "puente", "the puente `binary` to run")
	flag.StringVar(&o.source, "source", ".", "the site `folder`")
	flag.IntVar(&o.edits, "edits", 6, "saves to time per kind of edit, alternating between the edit and its undo (0: time the start only)")
	kindList := flag.String("kinds", strings.Join(kinds, ","), "the kinds of edit to time, comma-separated")
	flag.DurationVar(&o.timeout, "timeout", time.Minute, "how long a save may take to be served before it counts as a failure")
	flag.DurationVar(&o.gap, "gap", 300*time.Millisecond, "pause between saves, so that each is a rebuild of its own")
	flag.StringVar(&o.verify, "verify", "kind", "compare every output with a full build after each `kind` of edit, after each save (each), or never (none)")
	flag.BoolVar(&o.check, "check", false, "with -edits 0: compare every output with a full build once the first page is served")
	flag.IntVar(&o.pull, "pull", 0, "change this many content `files` before serve starts, as a git pull would")
	flag.BoolVar(&o.verbose, "v", false, "list the outputs each kind of edit changes")
	flag.StringVar(&o.tmp, "tmp", os.TempDir(), "`folder` for the site's private copy")
	flag.Parse()
	o.kinds = strings.Split(*kindList, ",")
	for _, k := range o.kinds {
		if !slices.Contains(kinds, k) {
			fmt.Fprintf(os.Stderr, "puente-editbench: unknown kind %q (want some of %s)\n", k, strings.Join(kinds, ","))
			os.Exit(2)
		}
	}
	if o.verify != "none" && o.verify != "kind" && o.verify != "each" {
		fmt.Fprintln(os.Stderr, "puente-editbench: -verify is none, kind or each")
		os.Exit(2)
	}
	if err := run(os.Stdout, os.Stderr, o); err != nil {
		fmt.Fprintln(os.Stderr, "puente-editbench:", err)
		os.Exit(1)
	}
}

// result is what the saves of one name ("draft on") gave.
type result struct {
	name     string
	file     string
	affected int
	times    []time.Duration
	own      []time.Duration // to the edited page itself
	failure  string
}

// errFailed says some edit failed; the table says which.
var errFailed = errors.New("serve did not match a full build after some edits (see the table)")

func run(out, progress io.Writer, o options) (err error) {
	if o.pull > 0 {
		restore, err := pull(o.source, o.pull)
		if err != nil {
			return err
		}
		defer func() {
			if rerr := restore(); err == nil {
				err = rerr
			}
		}()
	}
	start := time.Now()
	srv, err := startServe(o.bin, o.source)
	if err != nil {
		return err
	}
	defer srv.stop()
	if err := srv.firstPage(10 * time.Minute); err != nil {
		return fmt.Errorf("first page: %v", err)
	}
	fmt.Fprintf(out, "serve: first page served after %.2f s\n", time.Since(start).Seconds())
	if o.edits == 0 && !o.check {
		return nil
	}

	ref, err := newReferee(o.source, o.tmp)
	if err != nil {
		return err
	}
	defer ref.close()
	s, err := ref.site()
	if err != nil {
		return err
	}
	if s.Config.BaseURL != nil {
		srv.prefix = strings.TrimSuffix(s.Config.BaseURL.Path, "/")
	}
	srv.listen()
	pk := newPicker(s)
	if o.verbose {
		fmt.Fprintf(progress, "%d events to edit, %d to move, %d to translate\n", len(pk.events), len(pk.movable), len(pk.untranslated))
	}
	if len(pk.events) == 0 && o.edits > 0 {
		return errors.New("no event of the default language with every translation")
	}
	// One full build without the live-reload script tells what serve
	// injects into a page; the reference builds then inject it too.
	var probe string
	for _, p := range s.Model.Pages {
		if p.File != nil && strings.HasSuffix(p.OutputPath, ".html") {
			probe = p.OutputPath
			break
		}
	}
	_, _, built, err := ref.build(probe)
	if err != nil {
		return err
	}
	status, served, err := srv.get(probe)
	if err != nil || status != 200 {
		return fmt.Errorf("%s: serve answers %d %v", probe, status, err)
	}
	if ref.render.LiveReload, err = liveReload(served, built); err != nil {
		return fmt.Errorf("%s: %v", probe, err)
	}
	base, basePages, _, err := ref.build("")
	if err != nil {
		return err
	}
	all := sortedKeys(base)
	if _, _, err := srv.converge(time.Now(), base, all, "", o.timeout); err != nil {
		return fmt.Errorf("after the first build: %v", err)
	}
	fmt.Fprintf(out, "serve: every output (%d files) equal to a full build's\n", len(all))
	if o.edits == 0 {
		return nil
	}

	var results []*result
	byName := map[string]*result{}
	failed := false
	for _, kind := range o.kinds {
		tg, variant, affected, err := prepare(pk, ref, base, basePages, kind, o.source)
		if err != nil {
			r := &result{name: kind, failure: err.Error()}
			results = append(results, r)
			failed = true
			continue
		}
		for _, n := range tg.names {
			if byName[n] == nil {
				byName[n] = &result{name: n, file: tg.file, affected: len(affected)}
				results = append(results, byName[n])
			}
		}
		fmt.Fprintf(progress, "%s: %s, %d outputs change\n", tg.kind, tg.file, len(affected))
		if o.verbose {
			fmt.Fprintf(progress, "\t%s\n", strings.Join(affected, "\n\t"))
		}
		if err := timeKind(srv, o, tg, base, variant, affected, byName); err != nil {
			apply(o.source, tg.variant, tg.base)
			return err
		}
		if o.verify != "none" {
			if _, _, err := srv.converge(time.Now(), base, all, "", o.timeout); err != nil && byName[tg.names[1]].failure == "" {
				byName[tg.names[1]].failure = "after the edits of this kind, not every output equal to a full build's: " + err.Error()
			}
		}
		for _, n := range tg.names {
			if byName[n].failure != "" {
				failed = true
			}
		}
	}
	report(out, results)
	if failed {
		return errFailed
	}
	return nil
}

// prepare makes the toggle of a kind on the first page it fits and builds
// its variant in full: a page whose edit leaves the site broken (a link
// to it, an alias that would clash) gives way to the next.
func prepare(pk *picker, ref *referee, base digests, basePages map[string]string, kind, source string) (*toggle, digests, []string, error) {
	var last error = errNoCandidate
	for i, p := range pk.candidates(kind) {
		if i == 5 {
			break
		}
		tg, err := pk.edit(kind, p, source)
		if err != nil {
			last = err
			continue
		}
		if err := apply(ref.shadow, tg.base, tg.variant); err != nil {
			return nil, nil, nil, err
		}
		variant, variantPages, _, err := ref.build("")
		if rerr := apply(ref.shadow, tg.variant, tg.base); rerr != nil {
			return nil, nil, nil, rerr
		}
		if err != nil {
			last = fmt.Errorf("%s: %v", tg.file, err)
			continue
		}
		affected := diff(base, variant)
		if len(affected) == 0 {
			last = fmt.Errorf("%s: the edit changes no output", tg.file)
			continue
		}
		tg.own = [2]string{ownPage(tg.variant, variantPages, tg.base, basePages), ownPage(tg.base, basePages, tg.variant, variantPages)}
		return tg, variant, affected, nil
	}
	return nil, nil, nil, fmt.Errorf("no page to make this edit on: %v", last)
}

// ownPage is the output of the edited page once the site is in state to:
// the page of a file it has, or where the page of a file it lacks was (a
// 404 then).
func ownPage(to fileState, toPages map[string]string, from fileState, fromPages map[string]string) string {
	for _, f := range sortedKeys(to) {
		if to[f] != nil && toPages[f] != "" {
			return toPages[f]
		}
	}
	for _, f := range sortedKeys(from) {
		if from[f] != nil && fromPages[f] != "" {
			return fromPages[f]
		}
	}
	return ""
}

// timeKind saves the toggle's states in turn, o.edits times, timing each
// until serve matches, and leaves the site as it was. An error means the
// site's state is no longer known, and ends the run.
func timeKind(srv *serveProc, o options, tg *toggle, base, variant digests, affected []string, byName map[string]*result) error {
	states := [2]fileState{tg.variant, tg.base}
	want := [2]digests{variant, base}
	at := 1 // the state serve shows: base
	saves := o.edits
	if saves%2 == 1 {
		saves++ // the last goes back to base, untimed
	}
	for i := 0; i < saves; i++ {
		to := 1 - at
		r := byName[tg.names[to]]
		t0 := time.Now()
		if err := apply(o.source, states[at], states[to]); err != nil {
			return err
		}
		at = to
		d, own, err := srv.converge(t0, want[at], affected, tg.own[to], o.timeout)
		if err != nil {
			r.failure = err.Error()
			break
		}
		if i < o.edits {
			r.times = append(r.times, d)
			if own > 0 {
				r.own = append(r.own, own)
			}
		}
		if o.verify == "each" {
			if _, _, err := srv.converge(time.Now(), want[at], sortedKeys(want[at]), "", o.timeout); err != nil {
				r.failure = "not every output equal to a full build's: " + err.Error()
				break
			}
		}
		time.Sleep(o.gap)
	}
	failed := byName[tg.names[0]].failure != "" || byName[tg.names[1]].failure != ""
	if at == 1 && !failed {
		return nil
	}
	// A failure may have left the edit in place, or serve elsewhere: undo
	// it and make sure serve follows, or nothing after can be timed.
	t0 := time.Now()
	if at == 0 {
		if err := apply(o.source, states[0], states[1]); err != nil {
			return err
		}
	}
	if _, _, err := srv.converge(t0, base, affected, "", o.timeout); err != nil {
		return fmt.Errorf("%s: serve did not come back to the site as it was: %v", tg.kind, err)
	}
	return nil
}

// report prints the table of results.
func report(out io.Writer, results []*result) {
	fmt.Fprintln(out, "| edit | file | outputs changed | saves | median ms | p95 ms | slowest ms | its own page, median ms |")
	fmt.Fprintln(out, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	ms := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds()*1000, 'f', 1, 64) }
	for _, r := range results {
		if r.failure != "" {
			fmt.Fprintf(out, "| %s | %s | %d | %d | FAIL: %s | | | |\n", r.name, r.file, r.affected, len(r.times), strings.ReplaceAll(r.failure, "\n", " "))
			continue
		}
		if len(r.times) == 0 {
			fmt.Fprintf(out, "| %s | %s | %d | 0 | - | - | - | - |\n", r.name, r.file, r.affected)
			continue
		}
		t := slices.Sorted(slices.Values(r.times))
		own := "-"
		if len(r.own) > 0 {
			own = ms(median(slices.Sorted(slices.Values(r.own))))
		}
		fmt.Fprintf(out, "| %s | %s | %d | %d | %s | %s | %s | %s |\n", r.name, r.file, r.affected, len(t), ms(median(t)), ms(percentile(t, 95)), ms(t[len(t)-1]), own)
	}
}

// median of sorted durations.
func median(t []time.Duration) time.Duration {
	n := len(t)
	if n%2 == 1 {
		return t[n/2]
	}
	return (t[n/2-1] + t[n/2]) / 2
}

// percentile of sorted durations, by the nearest rank.
func percentile(t []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p/100*float64(len(t)))) - 1
	return t[max(i, 0)]
}

// pull changes n content files, as a pull of others' work would: every
// other one gets a paragraph below its front matter, the rest a new
// title. It returns how to put them back.
func pull(source string, n int) (func() error, error) {
	var files []string
	filepath.WalkDir(filepath.Join(source, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasPrefix(d.Name(), "_index") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) < n {
		return nil, fmt.Errorf("-pull %d: the site has %d content files", n, len(files))
	}
	originals := map[string][]byte{}
	restore := func() error {
		var first error
		for p, data := range originals {
			if err := os.WriteFile(p, data, 0o644); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	// Spread over the site, not the first folder only.
	for i := range n {
		p := files[i*len(files)/n]
		data, err := os.ReadFile(p)
		if err != nil {
			restore()
			return nil, err
		}
		originals[p] = data
		var changed []byte
		if i%2 == 0 {
			end := frontMatterEnd(data)
			if end < 0 {
				restore()
				return nil, fmt.Errorf("%s: no front matter", p)
			}
			changed = slices.Concat(data[:end], []byte("\nA paragraph from a colleague.\n"), data[end:])
		} else if changed, err = setField(data, "title", strconv.Quote("Pulled "+strconv.Itoa(i))); err != nil {
			restore()
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		if err := os.WriteFile(p, changed, 0o644); err != nil {
			restore()
			return nil, err
		}
	}
	return restore, nil
}
