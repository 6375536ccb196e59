package translations

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/cms"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/site"
)

// Changes is what changed in a stale translation's source since the
// translation was last updated, from Git: the source as it was at the
// translation's last commit against the source now.
type Changes struct {
	// Commit and Date are the translation's last commit.
	Commit string    `json:"commit"`
	Date   time.Time `json:"date"`
	// Paragraphs are the source's changed paragraphs, words added and
	// removed.
	Paragraphs []Paragraph `json:"paragraphs"`
	// Note says why there is no comparison, when there is none.
	Note string `json:"note,omitempty"`
}

// AddChanges fills in, for every stale translation of the report, the
// changes to its source since the translation's last commit in the Git
// checkout at dir. Outside Git it leaves the report as it is.
func AddChanges(r *Result, dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	top, err := git(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return
	}
	prefix, err := filepath.Rel(strings.TrimSpace(top), abs)
	if err != nil {
		return
	}
	for li := range r.Languages {
		for ei := range r.Languages[li].Stale {
			e := &r.Languages[li].Stale[ei]
			e.Changes = changes(abs, filepath.ToSlash(prefix), e.Source, e.File)
		}
	}
}

func changes(dir, prefix, source, translation string) *Changes {
	out, err := git(dir, "log", "-1", "--format=%H %ct", "--", translation)
	fields := strings.Fields(out)
	if err != nil || len(fields) != 2 {
		return &Changes{Note: "the translation has no commit yet"}
	}
	sec, _ := strconv.ParseInt(fields[1], 10, 64)
	c := &Changes{Commit: fields[0][:min(12, len(fields[0]))], Date: time.Unix(sec, 0).UTC()}
	repoPath := source
	if prefix != "." && prefix != "" {
		repoPath = prefix + "/" + source
	}
	old, err := git(dir, "show", fields[0]+":"+repoPath)
	if err != nil {
		c.Note = "the source did not exist when the translation was last changed"
		return c
	}
	now, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(source)))
	if err != nil {
		c.Note = fmt.Sprintf("the source cannot be read: %v", err)
		return c
	}
	c.Paragraphs = Diff(old, string(now))
	if len(c.Paragraphs) == 0 {
		c.Note = "the source's text is the same as then"
	}
	return c
}

func git(dir string, args ...string) (string, error) {
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	return string(out), err
}

// adminURL is the page's entry in the browser editor, "" for a kind the
// editor has no collection for.
func adminURL(p *site.Page) string {
	coll, ok := cms.Collection(p.File.Kind)
	if !ok || p.File.Slug == content.IndexSlug {
		return ""
	}
	return "/" + cms.AdminDir + "/#/collections/" + coll + "/entries/" + p.File.Slug
}
