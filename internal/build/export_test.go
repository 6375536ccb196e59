package build

// NewDirOutput gives the benchmarks the Output that `puente build` writes
// its staging folder with.
func NewDirOutput(root string) Output { return &dirOutput{root: root} }

// Rendered is how many files the Session's last rebuild rendered.
func (s *Session) Rendered() int { return s.rendered }
