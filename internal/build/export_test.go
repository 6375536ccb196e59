package build

// NewDirOutput gives the benchmarks the Output that `puente build` writes
// its staging folder with.
func NewDirOutput(root string) Output { return &dirOutput{root: root} }
