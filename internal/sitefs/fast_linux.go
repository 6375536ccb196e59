package sitefs

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// fastReader reads a regular file beneath the site folder with one
// openat2 call: RESOLVE_BENEATH has the kernel refuse what os.Root
// refuses (a path or link leading out, an absolute link), where os.Root
// opens and closes every folder along the path in turn and registers the
// file with the poller. A site's build reads each content file more than
// once, so at tens of thousands of files the saved system calls count.
// Whatever it cannot read, for any reason, it leaves to os.Root, which
// reads it or says why not in its own words.
type fastReader struct {
	dir int // the site folder, or -1
	off atomic.Bool
}

func openFastReader(dir string) fastReader {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		fd = -1
	}
	return fastReader{dir: fd}
}

func (r *fastReader) close() {
	if r.dir >= 0 {
		unix.Close(r.dir)
		r.dir = -1
	}
}

// read returns the bytes of name, in buf's memory when it is large
// enough, and true, or false to leave it to os.Root.
func (r *fastReader) read(name string, buf []byte) ([]byte, bool) {
	if r.dir < 0 || r.off.Load() {
		return nil, false
	}
	how := unix.OpenHow{Flags: unix.O_RDONLY | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH}
	var fd int
	var err error
	for {
		fd, err = unix.Openat2(r.dir, name, &how)
		if err != unix.EINTR && err != unix.EAGAIN {
			break
		}
	}
	if err != nil {
		if err == unix.ENOSYS || err == unix.EPERM {
			// A kernel before 5.6, or a sandbox that refuses the call.
			r.off.Store(true)
		}
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false
	}
	// One byte more than the size, as os.ReadFile does, so that a file
	// that grew meanwhile is read to its end without a copy at once.
	data := buf[:0]
	if int64(cap(buf)) < st.Size+1 {
		data = make([]byte, 0, st.Size+1)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := unix.Read(fd, data[len(data):cap(data)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, false
		}
		if n == 0 {
			return data, true
		}
		data = data[:len(data)+n]
	}
}
