package build

import (
	"slices"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// searchJobs render a language's search index, a job for each of its
// parts (package search), which share the index's work. A part made by an
// earlier part's work is marked as following it (see job.follows), and
// comes after the parts that are made on their own: while one worker
// makes the terms files, which takes one core, the other writes chunks
// rather than wait for the next terms file.
func searchJobs(r *render.Renderer, lv *site.Lang, items []site.Item) []job {
	return indexJobs(r.SearchIndex(lv, items))
}

// indexJobs are the jobs of the parts of a language's search index.
func indexJobs(ix *render.SearchIndex) []job {
	lv := ix.Lang()
	from := &producer{"", "the " + lv.Code + " search index"}
	var jobs, followers []job
	for i, name := range ix.Parts() {
		path := lv.Code + "/" + name
		// Made whole, not minified: the parts are written compact, and
		// minifying them again would only cost the time of reading them.
		j := job{path: path, from: from, index: ix, leads: ix.Leads(i), follows: ix.Follows(i), made: func() ([]byte, diag.List) {
			var errs diag.List
			data, err := ix.Part(i)
			if err != nil {
				errs.Errorf(diag.Pos{File: path}, "%v", err)
			}
			return data, errs
		}}
		if j.follows {
			followers = append(followers, j)
		} else {
			jobs = append(jobs, j)
		}
	}
	return append(jobs, followers...)
}

// leadersFirst orders the jobs of a serve rebuild, in place, keeping the
// order within each group: first the jobs whose work later jobs follow
// (job.leads: a language's terms files, made from every body's words on
// one core, the longest job of an edit, which taken last would end the
// rebuild alone on one core), then the rest, then the followers, which
// taken early would leave a worker idle while another makes what they
// follow. Full builds keep outputs' order: there, the wait keeps two
// languages' indexes from being made at once, which costs more memory
// than the idle worker costs time.
func leadersFirst(jobs []job) []job {
	rank := func(j job) int {
		switch {
		case j.leads:
			return 0
		case j.follows:
			return 2
		}
		return 1
	}
	slices.SortStableFunc(jobs, func(a, b job) int { return rank(a) - rank(b) })
	return jobs
}
