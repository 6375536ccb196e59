package build

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/puente-ssg/puente/internal/parallel"
)

// treeEntry is an entry of a folder listed by listTree: its path relative
// to the folder, slash-separated ("." for the folder itself), and its
// Lstat.
type treeEntry struct {
	rel string
	fi  fs.FileInfo
}

// listTree lists dir and everything under it in filepath.WalkDir's order
// (a folder before its entries, entries in lexical order, depth first,
// links not followed), each with its Lstat. The folders of each depth are
// read on every core: a published site has a folder per page, and the
// build cache lists it after every build.
func listTree(dir string) ([]treeEntry, error) {
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil, err
	}
	type node struct {
		treeEntry
		children []int
	}
	nodes := []node{{treeEntry: treeEntry{rel: ".", fi: fi}}}
	var level []int
	if fi.IsDir() {
		level = []int{0}
	}
	for len(level) > 0 {
		listed := make([][]treeEntry, len(level))
		errs := make([]error, len(level))
		parallel.For(len(level), func(i int) {
			n := &nodes[level[i]]
			abs := dir
			if n.rel != "." {
				abs = filepath.Join(dir, filepath.FromSlash(n.rel))
			}
			entries, err := os.ReadDir(abs)
			if err != nil {
				errs[i] = err
				return
			}
			out := make([]treeEntry, len(entries))
			for j, e := range entries {
				fi, err := e.Info()
				if err != nil {
					errs[i] = err
					return
				}
				rel := e.Name()
				if n.rel != "." {
					rel = n.rel + "/" + rel
				}
				out[j] = treeEntry{rel: rel, fi: fi}
			}
			listed[i] = out
		})
		var next []int
		for i, parent := range level {
			if errs[i] != nil {
				return nil, errs[i]
			}
			for _, e := range listed[i] {
				nodes[parent].children = append(nodes[parent].children, len(nodes))
				if e.fi.IsDir() {
					next = append(next, len(nodes))
				}
				nodes = append(nodes, node{treeEntry: e})
			}
		}
		level = next
	}
	out := make([]treeEntry, 0, len(nodes))
	var visit func(int)
	visit = func(i int) {
		out = append(out, nodes[i].treeEntry)
		for _, c := range nodes[i].children {
			visit(c)
		}
	}
	visit(0)
	return out, nil
}
