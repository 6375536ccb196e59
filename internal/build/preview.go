package build

import (
	"bytes"

	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/render"
)

// Preview renders single outputs of a rendering that is under way (see
// RenderOptions.Ready): serve answers a page with it as soon as the model
// is built rather than once every output is. An output comes out as the
// rendering writes it, byte for byte: the same job, with the same
// Renderer, minified the same way.
type Preview struct {
	site *Site
	r    *render.Renderer
	jobs map[string]*job
}

func newPreview(s *Site, r *render.Renderer, jobs []job) *Preview {
	p := &Preview{site: s, r: r, jobs: make(map[string]*job, len(jobs))}
	for i := range jobs {
		p.jobs[jobs[i].path] = &jobs[i]
	}
	return p
}

// Site is the site being rendered.
func (p *Preview) Site() *Site { return p.site }

// Render renders the output at name (a path of the output folder). It
// reports false when the rendering makes no such file; the problems are
// those of this output alone, as the rendering finds them too.
func (p *Preview) Render(name string) ([]byte, diag.List, bool) {
	j, ok := p.jobs[name]
	if !ok {
		return nil, nil, false
	}
	// As runJobs renders a job.
	var buf, minBuf bytes.Buffer
	errs := j.run(p.r, &buf)
	data := buf.Bytes()
	if m := p.r.Minifier(); m != nil && (j.page == nil || !p.r.PagesMinified()) {
		if err := m.MinifyTo(&minBuf, j.mediaType, data); err == nil {
			data = minBuf.Bytes()
		} else {
			errs.Errorf(diag.Pos{File: j.path}, "minifying output: %v", err)
		}
	}
	return bytes.Clone(data), errs, true
}
