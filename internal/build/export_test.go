package build

import (
	"time"

	"github.com/puente-ssg/puente/internal/parallel"
	"github.com/puente-ssg/puente/internal/site"
)

// NewDirOutput gives the benchmarks the Output that `puente build` writes
// its staging folder with.
func NewDirOutput(root string) Output { return &dirOutput{root: root} }

// SetBinaryHash makes the warm records of this test process those of
// another program (h) until the returned func puts it back.
func SetBinaryHash(h [32]byte) func() {
	old := binaryHash
	binaryHash = func() [32]byte { return h }
	return func() { binaryHash = old }
}

// Rendered is how many files the Session's last rebuild rendered.
func (s *Session) Rendered() int { return len(s.rendered) }

// Way is the path the Session's last rebuild took: body (bodyEdit),
// fields (fieldEdit) or full.
func (s *Session) Way() string { return s.way }

// RenderedPaths are the files the Session's last rebuild rendered.
func (s *Session) RenderedPaths() []string { return s.rendered }

// SetRacyWindow sets how long before a load a file must have changed for
// the parse record to keep its state, until the returned func puts it back.
func SetRacyWindow(d time.Duration) func() {
	old := racyWindow
	racyWindow = d
	return func() { racyWindow = old }
}

// ChangedPages is how many pages diffModels finds changed between two
// models, for the benchmarks.
func ChangedPages(a, b *site.Model) int { return len(diffModels(a, b, parallel.Ranges)) }

// OutputOrder lists the outputs of a full build of s in the order its
// workers take them, and which of them follow another's work
// (job.follows).
func OutputOrder(s *Site) (paths []string, follows []bool, err error) {
	r, err := newRenderer(s, RenderOptions{})
	if err != nil {
		return nil, nil, err
	}
	for _, j := range outputs(s, r) {
		paths = append(paths, j.path)
		follows = append(follows, j.follows)
	}
	return paths, follows, nil
}
