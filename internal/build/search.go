package build

import (
	"io"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// searchJob renders a language's search index.
func searchJob(r *render.Renderer, lv *site.Lang, items []site.Item) job {
	name := lv.Code + "/" + render.SearchIndexName
	// No media type: the index is written compact, and minifying it again
	// would only cost the time of reading megabytes on a large site.
	return job{path: name, from: &producer{"", "the " + lv.Code + " search index"}, render: func(w io.Writer) diag.List {
		var errs diag.List
		if err := r.SearchIndex(w, lv, items); err != nil {
			errs.Errorf(diag.Pos{File: name}, "%v", err)
		}
		return errs
	}, stream: true}
}
