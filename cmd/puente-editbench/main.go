// Command puente-editbench measures `puente serve` from the outside, as an
// editor lives it: it starts a serve process on a site, waits
// for the first build to be served, then saves one content file again and
// again and times each save until the page served over HTTP shows it.
//
//	puente-editbench -puente ./puente -source site [-edits 21] [-edit body|title|location]
//
// It prints the first build's time (serve start to first page served) and
// the median, fastest and slowest save-to-served times. Each save edits an
// English event (the middle one by file name): by default it inserts a
// marker paragraph below the front matter; with -edit title it makes the
// marker the page's title, which every list showing the page shows too, and
// it also times until the event's year page (a list) shows it; the next
// save waits for that. -edit location does the same with the event's
// location, which its page and list entries show. The file is put back as
// it was at the end. Traffic goes to 127.0.0.1 only and every wait is
// bounded.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/build"
)

func main() {
	bin := flag.String("puente", "puente", "the puente `binary` to run")
	source := flag.String("source", ".", "the site `folder`")
	edits := flag.Int("edits", 21, "how many saves to time (0: time the first build only)")
	gap := flag.Duration("gap", 300*time.Millisecond, "pause between saves, so that each is a rebuild of its own")
	what := flag.String("edit", "body", "what each save changes: `body` (a paragraph), title or location (that front matter field)")
	flag.Parse()
	if *what != "body" && *what != "title" && *what != "location" {
		fmt.Fprintln(os.Stderr, "puente-editbench: -edit is body, title or location")
		os.Exit(2)
	}
	if err := run(os.Stdout, *bin, *source, *edits, *gap, *what); err != nil {
		fmt.Fprintln(os.Stderr, "puente-editbench:", err)
		os.Exit(1)
	}
}

func run(out io.Writer, bin, source string, edits int, gap time.Duration, what string) error {
	file, url, listURL, err := pickPage(source)
	if err != nil {
		return err
	}
	original, err := os.ReadFile(filepath.Join(source, file))
	if err != nil {
		return err
	}
	defer os.WriteFile(filepath.Join(source, file), original, 0o644)
	end := frontMatterEnd(original)
	if end < 0 {
		return fmt.Errorf("%s: no front matter", file)
	}

	port, err := freePort()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--source", source, "--port", strconv.Itoa(port))
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	defer func() {
		cancel()
		<-exited
	}()
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	client := &http.Client{Timeout: 5 * time.Second}
	if _, err := waitFor(client, exited, base+url, "", 10*time.Minute); err != nil {
		return fmt.Errorf("first build: %v\n%s", err, log.String())
	}
	first := time.Since(start)

	var times, listTimes []time.Duration
	for i := 1; i <= edits; i++ {
		marker := fmt.Sprintf("editbench-marker-%d-%d", time.Now().UnixNano(), i)
		var edited []byte
		if what == "body" {
			edited = append(append([]byte{}, original[:end]...), "\n"+marker+"\n"...)
		} else if edited, err = withField(original[:end], what, marker); err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		edited = append(edited, original[end:]...)
		t0 := time.Now()
		if err := os.WriteFile(filepath.Join(source, file), edited, 0o644); err != nil {
			return err
		}
		if _, err := waitFor(client, exited, base+url, marker, 30*time.Second); err != nil {
			return fmt.Errorf("edit %d: %v\n%s", i, err, log.String())
		}
		times = append(times, time.Since(t0))
		if what != "body" {
			// The lists that show the page follow when the rebuild ends
			// (serve publishes the edited page first); the next save waits
			// for them, so that each is timed on an idle server.
			if _, err := waitFor(client, exited, base+listURL, marker, 2*time.Minute); err != nil {
				return fmt.Errorf("edit %d, list %s: %v\n%s", i, listURL, err, log.String())
			}
			listTimes = append(listTimes, time.Since(t0))
		}
		time.Sleep(gap)
	}
	if edits == 0 {
		fmt.Fprintf(out, "serve first build %.2f s\n", first.Seconds())
		return nil
	}
	ms := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds()*1000, 'f', 1, 64) }
	slices.Sort(times)
	fmt.Fprintf(out, "serve first build %.2f s; save to served over %d %s edits of %s: median %s ms, fastest %s ms, slowest %s ms",
		first.Seconds(), len(times), what, file, ms(times[len(times)/2]), ms(times[0]), ms(times[len(times)-1]))
	if len(listTimes) > 0 {
		slices.Sort(listTimes)
		fmt.Fprintf(out, "; its year page %s showed it after a median of %s ms", listURL, ms(listTimes[len(listTimes)/2]))
	}
	fmt.Fprintln(out)
	return nil
}

// pickPage finds the middle English event by file name, its URL and the
// URL of its year's page (a list that shows its title), by loading the
// site as a build would.
func pickPage(source string) (file, url, yearURL string, err error) {
	matches, _ := filepath.Glob(filepath.Join(source, "content", "events", "*.en.md"))
	if len(matches) == 0 {
		return "", "", "", errors.New("no English event under content/events")
	}
	sort.Strings(matches)
	rel, err := filepath.Rel(source, matches[len(matches)/2])
	if err != nil {
		return "", "", "", err
	}
	file = filepath.ToSlash(rel)
	s, errs := build.Load(os.DirFS(source), build.LoadOptions{Drafts: true, Future: true, Now: time.Now()})
	if errs.HasErrors() {
		return "", "", "", fmt.Errorf("loading the site: %v", errs.Errors()[0])
	}
	for _, p := range s.Model.Pages {
		if p.File != nil && p.File.Path == file && p.YearPage != nil {
			return file, p.URL, p.YearPage.URL, nil
		}
	}
	return "", "", "", fmt.Errorf("no page with a year for %s", file)
}

// withField returns the YAML front matter front with the line of field
// replaced by one giving it value.
func withField(front []byte, field, value string) ([]byte, error) {
	lines := bytes.SplitAfter(front, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(l, []byte(field+":")) {
			lines[i] = []byte(field + ": " + value + "\n")
			return bytes.Join(lines, nil), nil
		}
	}
	return nil, fmt.Errorf("no %s line in the front matter", field)
}

// frontMatterEnd is the offset just after the closing "---" line.
func frontMatterEnd(b []byte) int {
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return -1
	}
	i := bytes.Index(b[4:], []byte("\n---\n"))
	if i < 0 {
		return -1
	}
	return 4 + i + len("\n---\n")
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitFor polls url every millisecond until it answers 200 and its body
// contains want, the time is up or the serve process has exited.
func waitFor(client *http.Client, exited <-chan struct{}, url, want string, limit time.Duration) (string, error) {
	deadline := time.Now().Add(limit)
	var last string
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return "", errors.New("puente serve exited")
		default:
		}
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(string(body), want) {
				return string(body), nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(time.Millisecond)
	}
	return "", fmt.Errorf("%s not served within %s (last: %s)", url, limit, last)
}
