//go:build !unix

package images

import "time"

// cpuTime is unknown here: the benchmark's CPU figure reads 0.
func cpuTime() time.Duration { return 0 }
