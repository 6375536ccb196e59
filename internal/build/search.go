package build

import (
	"io"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// searchJobs render a language's search index, a job for each of its
// parts (package search), which share the index's work.
func searchJobs(r *render.Renderer, lv *site.Lang, items []site.Item) []job {
	ix := r.SearchIndex(lv, items)
	from := &producer{"", "the " + lv.Code + " search index"}
	var jobs []job
	for i, name := range ix.Parts() {
		path := lv.Code + "/" + name
		// No media type: the parts are written compact, and minifying
		// them again would only cost the time of reading them.
		jobs = append(jobs, job{path: path, from: from, render: func(w io.Writer) diag.List {
			var errs diag.List
			if err := ix.WritePart(w, i); err != nil {
				errs.Errorf(diag.Pos{File: path}, "%v", err)
			}
			return errs
		}})
	}
	return jobs
}
