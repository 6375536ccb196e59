package build

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// GitDates returns the date of the last commit of every file under
// content/ in the Git checkout at source, keyed by site-relative path
// (content/events/x.es.md). It runs one `git log` for the whole tree, not
// one per file. Outside a Git checkout, or without git, it returns nil.
func GitDates(source string) map[string]time.Time {
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil
	}
	top, err := exec.Command("git", "-C", abs, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil
	}
	root := strings.TrimSpace(string(top))
	prefix, err := filepath.Rel(root, abs)
	if err != nil {
		return nil
	}
	prefix = filepath.ToSlash(prefix)
	// Newest commits come first, so the first date seen for a file is its last.
	cmd := exec.Command("git", "-C", abs, "log", "--format=%x01%ct", "--name-only", "--no-renames", "-z", "--", "content")
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	return parseGitLog(out, prefix)
}

// parseGitLog reads `git log --format=%x01%ct --name-only -z` output.
// Paths in it are relative to the repository's top; prefix is the site's
// folder within the repository ("." when they are the same).
func parseGitLog(out []byte, prefix string) map[string]time.Time {
	dates := map[string]time.Time{}
	var current time.Time
	for _, field := range bytes.Split(out, []byte{0}) {
		s := strings.TrimLeft(string(field), "\n")
		if s == "" {
			continue
		}
		if s[0] == 1 {
			// A header may share its field with the first path after a newline.
			header, rest, _ := strings.Cut(s[1:], "\n")
			if sec, err := strconv.ParseInt(strings.TrimSpace(header), 10, 64); err == nil {
				current = time.Unix(sec, 0).UTC()
			}
			s = strings.TrimSpace(rest)
			if s == "" {
				continue
			}
		}
		rel := s
		if prefix != "." && prefix != "" {
			if !strings.HasPrefix(s, prefix+"/") {
				continue
			}
			rel = strings.TrimPrefix(s, prefix+"/")
		}
		if _, seen := dates[rel]; !seen && !current.IsZero() {
			dates[rel] = current
		}
	}
	return dates
}
