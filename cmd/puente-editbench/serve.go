package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// serveProc is a running `puente serve` process on a free loopback port.
type serveProc struct {
	cmd    *exec.Cmd
	origin string // http://127.0.0.1:port
	prefix string // the site's base path without its final slash
	client *http.Client
	exited chan struct{}
	log    *syncBuffer
	cancel context.CancelFunc
	// events has a value when serve told open pages that it published
	// something (see listen).
	events chan struct{}
}

// startServe starts bin serve on source. It returns at once; firstPage
// waits for the first page.
func startServe(bin, source string) (*serveProc, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", "--source", source, "--port", strconv.Itoa(port))
	// An interrupt, as Ctrl-C: a serve that keeps a cache for its next
	// start may write it on the way out.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	log := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	s := &serveProc{cmd: cmd, origin: "http://127.0.0.1:" + strconv.Itoa(port),
		client: &http.Client{Timeout: 30 * time.Second}, exited: make(chan struct{}), log: log, cancel: cancel,
		events: make(chan struct{}, 1)}
	go func() {
		cmd.Wait()
		close(s.exited)
	}()
	return s, nil
}

// stop interrupts serve and waits for it to exit.
func (s *serveProc) stop() {
	s.cancel()
	<-s.exited
}

// firstPage waits until the site's root answers 200.
func (s *serveProc) firstPage(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	last := ""
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("puente serve exited:\n%s", s.log.tail())
		default:
		}
		resp, err := s.client.Get(s.origin + "/")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(time.Millisecond)
	}
	return fmt.Errorf("no page served within %s (last: %s)\n%s", limit, last, s.log.tail())
}

// listen follows serve's live-reload events, as an open page does, so
// that converge reads the outputs as soon as serve says it published
// something rather than read them over and over, which on two cores would
// slow serve down. The events only wake converge up: what counts is what
// serve serves, and converge also reads on a timer.
func (s *serveProc) listen() {
	go func() {
		resp, err := (&http.Client{}).Get(s.origin + "/_puente/events")
		if err != nil {
			return
		}
		defer resp.Body.Close()
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if strings.HasPrefix(line, "event:") {
				select {
				case s.events <- struct{}{}:
				default:
				}
			}
		}
	}()
}

// get fetches an output by its path under the output root.
func (s *serveProc) get(name string) (int, []byte, error) {
	resp, err := s.client.Get(s.origin + s.prefix + "/" + name)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// check says whether serve serves name as want says: the bytes whose
// digest it holds, or a 404 when it has none; if not, what it serves.
func (s *serveProc) check(want digests, name string) (bool, string) {
	status, body, err := s.get(name)
	if err != nil {
		return false, err.Error()
	}
	sum, ok := want[name]
	switch {
	case !ok && status == http.StatusNotFound:
		return true, ""
	case !ok:
		return false, fmt.Sprintf("%d, a full build has no such file", status)
	case status != http.StatusOK:
		return false, strconv.Itoa(status)
	case sha256.Sum256(body) != sum:
		return false, "other bytes than a full build's"
	}
	return true, ""
}

// converge reads the outputs names until serve serves every one of them
// as want says, all at once, and returns the time from t0 to the reading
// that found the last of them right, and to the first that found focus
// (one of names, or "") right. Until focus is right it reads focus alone,
// so that the time to it does not include reading large outputs such as
// the search indexes. It reads again when serve tells pages to reload,
// and on a timer that waits as long as four readings took (1 to 100 ms),
// so that reading large outputs over and over leaves serve most of the
// machine. It fails when limit passes first, naming what was still wrong.
func (s *serveProc) converge(t0 time.Time, want digests, names []string, focus string, limit time.Duration) (all, first time.Duration, err error) {
	deadline := t0.Add(limit)
	if !slices.Contains(names, focus) {
		focus = ""
	}
	pending := names
	var done time.Duration
	for {
		reading := pending
		if focus != "" && first == 0 {
			reading = []string{focus}
		}
		var still []string
		why := map[string]string{}
		read := time.Now()
		for _, n := range reading {
			select {
			case <-s.exited:
				return 0, 0, fmt.Errorf("puente serve exited:\n%s", s.log.tail())
			default:
			}
			if ok, w := s.check(want, n); !ok {
				still = append(still, n)
				why[n] = w
			} else if n == focus && first == 0 {
				first = time.Since(t0)
			}
		}
		switch {
		case len(reading) < len(pending) && len(still) == 0:
			// focus is right: now every output, at once.
			continue
		case len(reading) < len(pending):
			// focus is still wrong; the others are read once it is right.
		case len(still) == 0:
			if done == 0 {
				done = time.Since(t0)
			}
			// Every output was right when last read; they must be right
			// together, not one after another while others went wrong.
			if len(pending) == len(names) {
				return done, first, nil
			}
			pending = names
			continue
		default:
			pending = still
		}
		done = 0
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("serve did not match a full build within %s: %s", limit, describeWrong(still, why))
		}
		wait := min(max(4*time.Since(read), time.Millisecond), 100*time.Millisecond)
		select {
		case <-s.events:
		case <-time.After(wait):
		}
	}
}

func describeWrong(names []string, why map[string]string) string {
	var b strings.Builder
	for i, n := range names {
		if i == 5 {
			fmt.Fprintf(&b, " and %d more", len(names)-5)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", n, why[n])
	}
	return b.String()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is serve's output, written from two pipes at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// tail is the end of serve's output, for messages.
func (b *syncBuffer) tail() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	if len(s) > 2000 {
		s = "..." + s[len(s)-2000:]
	}
	return s
}

var errNoCandidate = errors.New("no page fits")
