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
	// (title, summary, an event's location, ...) are published, before the
	// rest of the rebuild updates the lists, feeds and search index that
	// show them (see Session.earlyPages).
	EarlyPages func()

	// bodies keeps converted bodies between a Session's rebuilds.
	bodies *render.Bodies
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
}

func (j *job) run(r *render.Renderer, w io.Writer) diag.List {
	switch {
	case j.page != nil:
		return r.Page(w, j.page)
	case j.calendar != nil:
		r.EventCalendar(w, j.calendar)
		return nil
	}
	return j.render(w)
}

// Render renders every output of s into out, in parallel on all cores, and
// returns the number of files and bytes written and every problem found.
func Render(s *Site, out Output, opts RenderOptions) (files int, size int64, errs diag.List) {
	files, size, _, errs = renderSite(s, out, opts)
	return files, size, errs
}

// renderSite is Render, returning the Renderer too: serve keeps it for
// the next body edit (see Session.bodyEdit).
func renderSite(s *Site, out Output, opts RenderOptions) (files int, size int64, r *render.Renderer, errs diag.List) {
	ropts := render.Options{LiveReload: opts.LiveReload, Banner: opts.Banner, Source: s.fsys, Minifier: s.Minifier, Bodies: opts.bodies}
	r, err := render.New(s.Templates, s.Model, s.Strings, s.Assets, ropts)
	if err != nil {
		errs.Errorf(diag.Pos{File: render.Dir}, "%v", err)
		return 0, 0, nil, errs
	}
	jobs := outputs(s, r)
	files, size, errs = runJobs(r, jobs, out, opts)
	return files, size, r, errs
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
				buf.Reset()
				local = append(local, j.run(r, &buf)...)
				data := buf.Bytes()
				if minifier != nil && (j.page == nil || !r.PagesMinified()) {
					if err := minifier.MinifyTo(&minBuf, j.mediaType, data); err == nil {
						data = minBuf.Bytes()
					} else {
						local.Errorf(diag.Pos{File: j.path}, "minifying output: %v", err)
					}
				}
				if err := out.WriteFile(j.path, data); err != nil {
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
	return int(written.Load()), bytesW.Load(), summarize(errs)
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
	add := func(p, mt string, fn func(w io.Writer) diag.List) {
		jobs = append(jobs, job{path: p, mediaType: mt, render: fn})
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
	add("index.html", "text/html", r.Chooser)
	for _, a := range m.Aliases {
		a := a
		add(render.AliasOutputPath(a.Path), "text/html", func(w io.Writer) diag.List { return r.Alias(w, a) })
	}
	add("robots.txt", "text/plain", func(w io.Writer) diag.List { r.Robots(w); return nil })
	add("sitemap.xml", "application/xml", func(w io.Writer) diag.List { r.SitemapIndex(w); return nil })
	for _, lv := range m.Langs {
		lv := lv
		add(lv.Code+"/sitemap.xml", "application/xml", func(w io.Writer) diag.List { r.Sitemap(w, lv); return nil })
		var all []site.Item
		for _, g := range m.Groups {
			if g.Section == "" {
				continue
			}
			if p := g.In(lv.Code); p != nil && p.File != nil && p.File.Kind != "section" {
				all = append(all, site.Item{Page: p})
			}
		}
		add(lv.Code+"/index.xml", "application/atom+xml", func(w io.Writer) diag.List {
			r.Feed(w, lv, lv.Title, "/"+lv.Code+"/index.xml", lv.Home.URL, all)
			return nil
		})
		items := m.Items(lv.Code)
		add(lv.Code+"/"+render.SearchIndexName, "application/json", func(w io.Writer) diag.List {
			var errs diag.List
			if err := r.SearchIndex(w, lv, items); err != nil {
				errs.Errorf(diag.Pos{File: lv.Code + "/" + render.SearchIndexName}, "%v", err)
			}
			return errs
		})
		var events []*site.Page
		for _, it := range items {
			if it.Page.Kind == "event" {
				events = append(events, it.Page)
			}
		}
		if sec, ok := lv.Sections["events"]; ok {
			add(strings.TrimPrefix(sec.URL, "/")+render.CalendarName, "text/calendar", func(w io.Writer) diag.List {
				r.Calendar(w, lv, events)
				return nil
			})
		}
		for _, key := range sortedKeys(lv.Sections) {
			sec := lv.Sections[key]
			feedURL := sec.URL + "index.xml"
			items := sectionItems(sec)
			title := lv.Title + " – " + sec.Title
			if sec.Title == "" {
				title = lv.Title + " – " + key
			}
			add(path.Clean(feedURL[1:]), "application/atom+xml", func(w io.Writer) diag.List {
				r.Feed(w, lv, title, feedURL, sec.URL, items)
				return nil
			})
		}
	}
	if s.Assets != nil {
		for _, e := range s.Assets.Entries() {
			e := e
			jobs = append(jobs, job{path: e.Path, render: func(w io.Writer) diag.List { w.Write(e.Data); return nil }})
			// Editors link to downloads and images by their plain name
			// (/assets/docs/x.pdf); layouts use the fingerprinted one through
			// the asset function. Stylesheets and scripts are published
			// fingerprinted only, so that every one can be cached forever.
			if ext := path.Ext(e.Name); ext != ".css" && ext != ".js" {
				jobs = append(jobs, job{path: AssetsDir + "/" + e.Name, render: func(w io.Writer) diag.List { w.Write(e.Data); return nil }})
			}
		}
	}
	return jobs
}

// EventCalendarPath is where an event's own calendar is written.
func EventCalendarPath(p *site.Page) string {
	return strings.TrimPrefix(p.URL, "/") + render.EventCalendarName
}

// sectionItems gathers every item of a paginated section, across its pages.
func sectionItems(first *site.Page) []site.Item {
	if first.Pager == nil {
		return first.Items
	}
	var items []site.Item
	for _, p := range first.Pager.Pages {
		items = append(items, p.Items...)
	}
	return items
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
