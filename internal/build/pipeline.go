package build

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// RenderOptions control rendering.
type RenderOptions struct {
	// LiveReload is injected before </body> of every page (serve only).
	LiveReload string
	// Banner marks draft and future pages with a visible banner (serve only).
	Banner bool
	// Progress, when set, is called now and then with done and total jobs.
	Progress func(done, total int)
	// EarlyPages, when set, is called during a serve rebuild once the pages
	// of an edit that changed only fields a page shows from its own file
	// (title, summary, an event's location, ...) or only bodies are
	// published, before the rest of the rebuild updates the lists, feeds
	// and search indexes that show them (see Session.earlyPages and
	// Session.bodyEdit).
	EarlyPages func()
	// Texts, when set, keeps bodies' plain text for the search index from
	// one rebuild to the next (serve).
	Texts *render.TextCache
	// Ready, when set, is called once the model is built and every
	// output's path known, before any is rendered, with a Preview that
	// renders any one output on demand (serve answers its first pages so
	// while the rest renders; see preview.go).
	Ready func(*Preview)

	// bodies keeps converted bodies between a Session's rebuilds.
	bodies *render.Bodies
	// record has the Renderer record what each page reads (deps.go).
	record bool
}

// job renders one output file: a page of the model (page set), or another
// file (render set). Pages need no closure of their own: a site has tens of
// thousands of them, and the jobs live through the whole rendering.
type job struct {
	page      *site.Page
	calendar  *site.Page // an event's own calendar file
	path      string
	mediaType string
	render    func(w io.Writer) diag.List
	// made, when set instead of render, gives the file's bytes whole:
	// bytes that nothing changes once made (assets, image variants,
	// sitemaps, a search index's parts, which serve keeps from one rebuild
	// to the next). They are not copied into a buffer, and are written as
	// they are unless minified (when the job has a media type), and serve
	// recognizes bytes it published before without reading them (see
	// Session.publish).
	made func() ([]byte, diag.List)
	// from says what writes a file that is not a page (see producer); a
	// pointer, since pages, most jobs, have none.
	from *producer
	// static is true for outputs that content does not change: assets,
	// the browser editor's files, image variants.
	static bool
	// same is true, in a field edit's jobs, for a search index's part
	// that the edit leaves as published (see freshSearchJobs).
	same bool
	// follows is true when the job's output is made by the work of an
	// earlier job, which it waits for if that job is still running; leads
	// is true for the job that does that work.
	follows, leads bool
	// inputs, on an output Go code makes from pages, are those pages
	// (see inputs): serve makes the output again when they changed.
	inputs *inputs
	// index is the search index a part of one is made from.
	index *render.SearchIndex
}

// producer is what writes an output file, for the message when two
// outputs claim one path: a source file when there is one, and words.
type producer struct {
	file string // site-relative, or ""
	what string
}

func (p producer) String() string {
	if p.file != "" {
		return p.what + " " + p.file
	}
	return p.what
}

// clashFile picks where a clash of two outputs is reported: a content
// file, the editor's to change, else any source file, else the output.
func clashFile(out string, files ...string) string {
	for _, f := range files {
		if strings.HasPrefix(f, content.Dir+"/") {
			return f
		}
	}
	for _, f := range files {
		if f != "" {
			return f
		}
	}
	return out
}

// producer says what writes the job's file.
func (j *job) producer() producer {
	switch {
	case j.page != nil && j.page.File != nil:
		return producer{j.page.File.Path, "the page of"}
	case j.page != nil:
		return producer{"", "the " + j.page.Kind + " page " + j.page.URL}
	case j.calendar != nil && j.calendar.File != nil:
		return producer{j.calendar.File.Path, "the calendar of"}
	case j.from != nil:
		return *j.from
	}
	return producer{"", "an output"}
}

// claimPaths is the registry of output paths: whatever the model allowed,
// no two outputs of one rendering are written to one path, where one would
// silently replace the other. The second is dropped with an error naming
// both, at the content file of either when there is one (the editor's to
// change), else at any file.
func claimPaths(jobs []job) ([]job, diag.List) {
	var errs diag.List
	owner := make(map[string]int, len(jobs))
	kept := jobs[:0]
	for i := range jobs {
		j := &jobs[i]
		if j.path == MarkerFile {
			errs.Errorf(diag.Pos{File: clashFile(j.path, j.producer().file)}, "%s writes %s, the file that marks a folder as puente's", j.producer(), j.path)
			continue
		}
		if first, ok := owner[j.path]; ok {
			a, b := jobs[first].producer(), j.producer()
			pos := diag.Pos{File: clashFile(j.path, b.file, a.file)}
			errs.Errorf(pos, "%s and %s both write %s; every output needs a path of its own", a, b, j.path)
			continue
		}
		owner[j.path] = len(kept)
		kept = append(kept, *j)
	}
	return kept, errs
}

func (j *job) run(r *render.Renderer, w io.Writer) diag.List {
	switch {
	case j.page != nil:
		return r.Page(w, j.page)
	case j.calendar != nil:
		r.EventCalendar(w, j.calendar)
		return nil
	case j.made != nil:
		data, errs := j.made()
		w.Write(data)
		return errs
	}
	return j.render(w)
}

// Render renders every output of s into out, in parallel on all cores, and
// returns the number of files and bytes written and every problem found.
func Render(s *Site, out Output, opts RenderOptions) (files int, size int64, errs diag.List) {
	files, size, _, _, errs = renderSite(s, out, opts)
	return files, size, errs
}

// renderSite is Render, returning the Renderer and the outputs' jobs too:
// serve keeps them for the next edits that need no new model (see
// Session.bodyEdit and Session.fieldEdit).
func renderSite(s *Site, out Output, opts RenderOptions) (files int, size int64, r *render.Renderer, jobs []job, errs diag.List) {
	if opts.Texts == nil {
		// One build: the pages' conversions hand their text to the search
		// indexes, which would otherwise parse every body a second time.
		opts.Texts = render.NewSpillTextCache()
		defer opts.Texts.Close()
	}
	r, err := newRenderer(s, opts)
	if err != nil {
		errs.Errorf(diag.Pos{File: render.Dir}, "%v", err)
		return 0, 0, nil, nil, errs
	}
	jobs, errs = claimPaths(outputs(s, r))
	if errs.HasErrors() {
		return 0, 0, r, nil, errs
	}
	if opts.Ready != nil {
		opts.Ready(newPreview(s, r, jobs))
	}
	files, size, errs = runJobs(r, jobs, out, opts)
	return files, size, r, jobs, errs
}

// newRenderer makes the Renderer of s with opts.
func newRenderer(s *Site, opts RenderOptions) (*render.Renderer, error) {
	ropts := render.Options{LiveReload: opts.LiveReload, Banner: opts.Banner, Source: s.fsys, Minifier: s.Minifier, Bodies: opts.bodies,
		Images: s.Images, Texts: opts.Texts, Record: opts.record}
	if ropts.Texts == nil {
		// One build: the pages' conversions hand their text to the search
		// indexes, which would otherwise parse every body a second time.
		ropts.Texts = render.NewTextCache()
	}
	return render.New(s.Templates, s.Model, s.Strings, s.Assets, ropts)
}

// renderPages renders the given pages again with a Renderer of the same
// model, which already knows every output path for its link checks.
func renderPages(m *site.Model, r *render.Renderer, pages []*site.Page, out Output, opts RenderOptions) (int, int64, diag.List) {
	var jobs []job
	root := rootNotFound(m)
	for _, p := range pages {
		jobs = appendPageJobs(jobs, p, root)
	}
	return runJobs(r, jobs, out, opts)
}

// appendPageJobs adds the jobs of a page: its file, and for the default
// language's 404 page the site's root 404.html too, so that the root one is
// rendered whenever that page is.
func appendPageJobs(jobs []job, p, rootNotFound *site.Page) []job {
	jobs = append(jobs, job{page: p, path: p.OutputPath, mediaType: "text/html"})
	if p == rootNotFound {
		jobs = append(jobs, job{page: p, path: "404.html", mediaType: "text/html"})
	}
	return jobs
}

// rootNotFound is the page published as the site's root 404.html: the
// default language's, if there is one.
func rootNotFound(m *site.Model) *site.Page {
	if d := defaultLang(m); d != nil {
		return d.NotFound
	}
	return nil
}

// runJobs renders jobs into out on all cores, minifying when the Renderer
// was made to (renderSite): pages come out of it minified already, unless
// it could not minify the layouts, and every other file is minified here.
func runJobs(r *render.Renderer, jobs []job, out Output, opts RenderOptions) (files int, size int64, errs diag.List) {
	files, size, errs = runJobsRaw(r, jobs, out, opts)
	return files, size, summarize(errs)
}

// runJobsRaw is runJobs without summarize, for callers that add problems
// of their own first.
func runJobsRaw(r *render.Renderer, jobs []job, out Output, opts RenderOptions) (files int, size int64, errs diag.List) {
	minifier := r.Minifier()

	var (
		mu      sync.Mutex
		done    atomic.Int64
		written atomic.Int64
		bytesW  atomic.Int64
		next    atomic.Int64
		wg      sync.WaitGroup
	)
	workers := runtime.GOMAXPROCS(0)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf, minBuf bytes.Buffer
			var local diag.List
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					break
				}
				j := jobs[i]
				var data []byte
				made := j.made != nil
				if made {
					var errs diag.List
					data, errs = j.made()
					local = append(local, errs...)
				} else {
					buf.Reset()
					local = append(local, j.run(r, &buf)...)
					data = buf.Bytes()
				}
				if minifier != nil && (!made || j.mediaType != "") && (j.page == nil || !r.PagesMinified()) {
					if err := minifier.MinifyTo(&minBuf, j.mediaType, data); err == nil {
						data, made = minBuf.Bytes(), false
					} else {
						local.Errorf(diag.Pos{File: j.path}, "minifying output: %v", err)
					}
				}
				if err := writeMade(out, j.path, data, made); err != nil {
					local.Errorf(diag.Pos{File: j.path}, "writing: %v", err)
				} else {
					written.Add(1)
					bytesW.Add(int64(len(data)))
				}
				done.Add(1)
			}
			mu.Lock()
			errs.Add(local...)
			mu.Unlock()
		}()
	}
	if opts.Progress != nil {
		stop := make(chan struct{})
		go func() {
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					opts.Progress(int(done.Load()), len(jobs))
				}
			}
		}()
		wg.Wait()
		close(stop)
	} else {
		wg.Wait()
	}
	return int(written.Load()), bytesW.Load(), errs
}

// writeMade writes an output's bytes to out, handing over made bytes
// (job.made, as made) themselves to an output that keeps them
// (madeKeeper).
func writeMade(out Output, name string, data []byte, made bool) error {
	if k, ok := out.(madeKeeper); ok && made {
		k.keepMade(name, data)
		return nil
	}
	return out.WriteFile(name, data)
}

// madeKeeper is an Output that can keep bytes that are never changed
// (job.made) rather than a copy of them.
type madeKeeper interface {
	keepMade(name string, data []byte)
}

// summarize keeps one error per template position: a layout mistake would
// otherwise be reported once for every page that uses the layout.
func summarize(errs diag.List) diag.List {
	var out diag.List
	perLayout := map[diag.Pos]int{}
	for _, e := range errs.Sorted() {
		if len(e.Pos.File) > len(render.Dir) && e.Pos.File[:len(render.Dir)+1] == render.Dir+"/" {
			perLayout[e.Pos]++
			if perLayout[e.Pos] > 1 {
				continue
			}
		}
		out = append(out, e)
	}
	for i, e := range out {
		if n := perLayout[e.Pos]; n > 1 {
			out[i].Msg += fmt.Sprintf(" (and %d more pages)", n-1)
		}
	}
	return out
}

// outputs lists every file of the site: pages, 404s, the chooser, aliases,
// feeds, sitemaps, robots.txt and assets.
func outputs(s *Site, r *render.Renderer) []job {
	m := s.Model
	var jobs []job
	add := func(p, mt string, from producer, fn func(w io.Writer) diag.List) {
		jobs = append(jobs, job{path: p, mediaType: mt, render: fn, from: &from})
		r.AddPath("/" + p)
	}
	addMade := func(p, mt string, from producer, static bool, made func() ([]byte, diag.List)) {
		jobs = append(jobs, job{path: p, mediaType: mt, made: made, from: &from, static: static})
		r.AddPath("/" + p)
	}
	jobs = make([]job, 0, len(m.Pages)+len(m.Pages)/2+len(m.Aliases)+64)
	root := rootNotFound(m)
	for _, p := range m.Pages {
		// Links to pages are checked against the model
		// (Renderer.exists); only other files are added.
		jobs = appendPageJobs(jobs, p, root)
		if p.Kind == "event" {
			name := EventCalendarPath(p)
			jobs = append(jobs, job{calendar: p, path: name, mediaType: "text/calendar"})
			r.AddPath("/" + name)
		}
	}
	add("index.html", "text/html", producer{"", "the language chooser"}, r.Chooser)
	for _, a := range m.Aliases {
		a := a
		from := producer{"", "the alias " + a.Path}
		if a.Page.File != nil {
			from = producer{a.Page.File.Path, "the alias " + a.Path + " in"}
		}
		add(render.AliasOutputPath(a.Path), "text/html", from, func(w io.Writer) diag.List { return r.Alias(w, a) })
	}
	if len(m.Aliases) > 0 {
		add("_redirects", "text/plain", producer{"", "the redirects file"}, func(w io.Writer) diag.List { r.Redirects(w); return nil })
	}
	add("robots.txt", "text/plain", producer{"", "robots.txt"}, func(w io.Writer) diag.List { r.Robots(w); return nil })
	add("sitemap.xml", "application/xml", producer{"", "the sitemap index"}, func(w io.Writer) diag.List { r.SitemapIndex(w); return nil })
	for _, lv := range m.Langs {
		lv := lv
		addMade(lv.Code+"/sitemap.xml", "application/xml", producer{"", "the " + lv.Code + " sitemap"}, false, func() ([]byte, diag.List) { return r.Sitemap(lv), nil })
		jobs[len(jobs)-1].inputs = sitemapInputs(lv.Code)
		var all []site.Item
		for _, g := range m.Groups {
			if g.Section == "" {
				continue
			}
			if p := g.In(lv.Code); p != nil && p.File != nil && p.File.Kind != "section" {
				all = append(all, site.Item{Page: p})
			}
		}
		add(lv.Code+"/index.xml", "application/atom+xml", producer{"", "the " + lv.Code + " feed"}, func(w io.Writer) diag.List {
			r.Feed(w, lv, lv.Title, "/"+lv.Code+"/index.xml", lv.Home.URL, all)
			return nil
		})
		search := searchInputs(lv.Code)
		for _, j := range searchJobs(r, lv, search.list(m)) {
			j.inputs = search
			jobs = append(jobs, j)
			r.AddPath("/" + j.path)
		}
		if sec, ok := lv.Sections["events"]; ok {
			events := calendarEvents(m, lv.Code)
			add(strings.TrimPrefix(sec.URL, "/")+render.CalendarName, "text/calendar", producer{"", "the " + lv.Code + " events calendar"}, func(w io.Writer) diag.List {
				r.Calendar(w, lv, events)
				return nil
			})
			jobs[len(jobs)-1].inputs = calendarInputs(lv.Code)
		}
		for _, key := range sortedKeys(lv.Sections) {
			sec := lv.Sections[key]
			feedURL := sec.URL + "index.xml"
			items := render.SectionItems(sec)
			if !render.HasFeed(items) {
				continue
			}
			title := lv.Title + " – " + sec.Title
			if sec.Title == "" {
				title = lv.Title + " – " + key
			}
			add(path.Clean(feedURL[1:]), "application/atom+xml", producer{"", "the " + lv.Code + " " + key + " feed"}, func(w io.Writer) diag.List {
				r.Feed(w, lv, title, feedURL, sec.URL, items)
				return nil
			})
		}
	}
	for _, f := range s.Admin {
		f := f
		jobs = append(jobs, job{path: f.Path, static: true, made: func() ([]byte, diag.List) { return f.Data, nil }})
	}
	if s.Assets != nil {
		for _, e := range s.Assets.Entries() {
			e := e
			from := &producer{AssetsDir + "/" + e.Name, "the asset"}
			jobs = append(jobs, job{path: e.Path, from: from, static: true, made: func() ([]byte, diag.List) { return e.Data, nil }})
			// Editors link to downloads and images by their plain name
			// (/assets/docs/x.pdf); layouts use the fingerprinted one through
			// the asset function. Stylesheets and scripts are published
			// fingerprinted only, so that every one can be cached forever.
			if ext := path.Ext(e.Name); ext != ".css" && ext != ".js" {
				jobs = append(jobs, job{path: AssetsDir + "/" + e.Name, from: from, static: true, made: func() ([]byte, diag.List) { return e.Data, nil }})
			}
		}
	}
	// Image variants, social cards and favicons: images.Set.Files.
	for _, v := range s.Images.Files() {
		v := v
		addMade(v.Path, "", producer{"", "the image variant " + v.Path}, true, func() ([]byte, diag.List) { return v.Data, nil })
	}
	return jobs
}

// EventCalendarPath is where an event's own calendar is written.
func EventCalendarPath(p *site.Page) string {
	return strings.TrimPrefix(p.URL, "/") + render.EventCalendarName
}

func defaultLang(m *site.Model) *site.Lang {
	for _, lv := range m.Langs {
		if lv.Code == m.Config.DefaultLanguage {
			return lv
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
