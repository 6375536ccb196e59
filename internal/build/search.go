package build

import (
	"crypto/sha256"
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
	return job{path: name, bodies: true, from: &producer{"", "the " + lv.Code + " search index"}, render: func(w io.Writer) diag.List {
		var errs diag.List
		if err := r.SearchIndex(w, lv, items); err != nil {
			errs.Errorf(diag.Pos{File: name}, "%v", err)
		}
		return errs
	}}
}

// bodiesHash covers every content page's file, bodies included: what the
// search indexes show beyond the cards.
func bodiesHash(m *site.Model) [32]byte {
	h := sha256.New()
	for _, p := range m.Pages {
		if p.File != nil {
			h.Write(p.File.Hash[:])
		}
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}
