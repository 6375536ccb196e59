// Package parallel owns running independent steps on all cores: loading
// files, linking pages, hashing inputs. Callers keep results in slices
// indexed by step, so that output never depends on scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n) on GOMAXPROCS goroutines and
// returns when all calls have returned. fn must be safe to call
// concurrently for different i.
func For(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// Ranges calls fn for consecutive ranges [lo, hi) that together cover
// [0, n), on all cores: a few ranges per core, so that uneven ranges even
// out, and each call can keep state of its own (a memo) across its range.
func Ranges(n int, fn func(lo, hi int)) {
	chunks := min(n, 4*runtime.GOMAXPROCS(0))
	For(chunks, func(c int) {
		fn(c*n/chunks, (c+1)*n/chunks)
	})
}
