// Package moved owns redirect safety: the URLs a site published at an
// earlier Git commit that it no longer publishes, neither as a page nor as
// an alias, and where an editor would add the alias that keeps each one
// working. It reads the earlier site from Git (git archive) into memory
// and loads it as a build does; it leaves loading to package build and
// printing to the command.
package moved

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/site"
)

// siteParts are what a site is loaded from; the rest of a repository
// (code, workflows) is not read from Git.
var siteParts = []string{config.File, "content", "layouts", "assets"}

// Check compares the site in source, loaded as now, with the site at the
// Git revision ref (a branch, tag or commit of the repository holding
// source) loaded with the same options, and reports, as errors, every URL
// published at ref that now is neither a page nor an alias. Each error
// stands at the line of the page that replaces the URL (the page built from
// the same file, from the file Git saw it renamed to, or its translation
// group's page in the same language), where `aliases:` is or would go.
func Check(source, ref string, now *build.Site, opts build.LoadOptions) (diag.List, error) {
	var errs diag.List
	if now == nil || now.Model == nil {
		return errs, nil
	}
	fsys, err := Tree(source, ref)
	if err != nil {
		return errs, err
	}
	opts.Lastmod = nil
	before, lerrs := build.Load(fsys, opts)
	if before == nil || before.Model == nil {
		return errs, fmt.Errorf("the site at %s does not load (%d errors; the first: %v)", ref, len(lerrs.Errors()), first(lerrs))
	}
	renames, err := renamed(source, ref)
	if err != nil {
		return errs, err
	}
	errs = Compare(before.Model, now.Model, ref, renames)
	errs.Add(Downloads(before, now, ref, renames)...)
	return errs.Sorted(), nil
}

// Downloads warns of every download or image published at its plain path
// (/assets/docs/x.pdf) at ref that is gone now: other sites link to them,
// and an alias redirects a page, not a file. Stylesheets and scripts are
// published fingerprinted only, under names that change with them.
func Downloads(before, after *build.Site, ref string, renames map[string]string) diag.List {
	var errs diag.List
	for _, e := range before.Assets.Entries() {
		if ext := path.Ext(e.Name); ext == ".css" || ext == ".js" {
			continue
		}
		if _, ok := after.Assets.Lookup(e.Name); ok {
			continue
		}
		url := "/" + build.AssetsDir + "/" + e.Name
		file := build.AssetsDir + "/" + e.Name
		if to, ok := renames[file]; ok {
			errs.Warnf(diag.Pos{File: to}, "%s was published at %s and is gone, renamed to this file: links to it from elsewhere break; keep a copy under its old name too", url, ref)
			continue
		}
		errs.Warnf(diag.Pos{File: file}, "%s was published at %s and is gone: links to it from elsewhere break; keep the file (aliases redirect pages, not files)", url, ref)
	}
	return errs
}

func first(l diag.List) error {
	if e := l.Errors(); len(e) > 0 {
		return e[0]
	}
	return nil
}

// Compare reports the URLs of before that after no longer publishes; ref
// names before in the messages, and renames maps a content file of before
// to its path in after.
func Compare(before, after *site.Model, ref string, renames map[string]string) diag.List {
	var errs diag.List
	live := map[string]bool{}
	for _, p := range after.Pages {
		live[p.URL] = true
	}
	for _, a := range after.Aliases {
		live[aliasPath(a.Path)] = true
	}
	byFile := map[string]*site.Page{}
	byGroup := map[string]*site.Page{} // group key + language
	byPlace := map[string]*site.Page{} // generated pages: kind, language, section, key
	for _, p := range after.Pages {
		switch {
		case p.File != nil:
			byFile[p.File.Path] = p
			if p.Group != nil {
				byGroup[p.Group.Key+"\x00"+p.Lang] = p
			}
		case p.Pager == nil || p.Pager.Number <= 1:
			byPlace[place(p)] = p
		}
	}
	gone := func(url string) bool { return !live[url] && !live[strings.TrimSuffix(url, "/")] }
	report := func(url string, was *site.Page) {
		var succ *site.Page
		if was.File != nil {
			succ = byFile[was.File.Path]
			if succ == nil {
				succ = byFile[renames[was.File.Path]]
			}
			if succ == nil && was.Group != nil {
				succ = byGroup[was.Group.Key+"\x00"+was.Lang]
			}
		} else {
			succ = byPlace[place(was)]
		}
		switch {
		case succ != nil && succ.File != nil:
			line, fix := aliasLine(succ)
			errs.Errorf(diag.Pos{File: succ.File.Path, Line: line}, "%s was published at %s and is gone: this page replaces it, %s", url, ref, fix(url))
		case succ != nil:
			errs.Errorf(diag.Pos{File: config.File}, "%s was published at %s and is gone: it is now %s, a list page, which cannot have aliases; add aliases: [%s] to the front matter of a page it should lead to", url, ref, succ.URL, url)
		case was.File != nil:
			errs.Errorf(diag.Pos{File: was.File.Path}, "%s was published at %s (from this file) and is gone: add aliases: [%s] to the front matter of the page that replaces it", url, ref, url)
		default:
			errs.Errorf(diag.Pos{File: config.File}, "%s (%s page) was published at %s and is gone: add aliases: [%s] to the front matter of a page it should lead to", url, was.Kind, ref, url)
		}
	}
	for _, p := range before.Pages {
		if p.Pager != nil && p.Pager.Number > 1 {
			continue // a list's later pages come and go with its length
		}
		if gone(p.URL) {
			report(p.URL, p)
		}
	}
	for _, a := range before.Aliases {
		if u := aliasPath(a.Path); gone(u) {
			report(u, a.Page)
		}
	}
	return errs.Sorted()
}

// aliasPath is an alias as the site publishes it: a folder with an
// index.html unless it names a file.
func aliasPath(p string) string {
	if path.Ext(p) == "" && !strings.HasSuffix(p, "/") {
		return p + "/"
	}
	return p
}

func place(p *site.Page) string {
	return p.Kind + "\x00" + p.Lang + "\x00" + p.Section + "\x00" + p.Key
}

// aliasLine is where to add an alias to p's front matter, and the advice.
func aliasLine(p *site.Page) (int, func(string) string) {
	if line, ok := p.File.Front.Lines.Of("aliases"); ok {
		return line, func(u string) string { return "add " + u + " to its aliases" }
	}
	line, ok := p.File.Front.Lines.Of("title")
	if !ok {
		line = 1
	}
	return line, func(u string) string { return "add aliases: [" + u + "] to its front matter" }
}

// Tree reads the site at Git revision ref of the repository holding
// source into memory: site.yaml, content/, layouts/ and assets/ of the
// folder that holds source at that revision.
func Tree(source, ref string) (fstest.MapFS, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	prefix, err := git(abs, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("--since needs a Git checkout: %v", err)
	}
	commit, err := git(abs, "rev-parse", "--verify", "--quiet", ref+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("--since %s: no such commit, branch or tag in this repository (in CI, fetch it first: git fetch origin %s)", ref, ref)
	}
	// ls-tree and archive read paths relative to the folder they run in:
	// run them at the repository's top.
	top, err := git(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	abs = strings.TrimSpace(top)
	tree := strings.TrimSpace(commit) + ":" + strings.TrimSuffix(strings.TrimSpace(prefix), "/")
	names, err := git(abs, "ls-tree", "--name-only", tree)
	if err != nil {
		return nil, fmt.Errorf("--since %s: the site's folder is not in that commit", ref)
	}
	args := []string{"archive", "--format=tar", tree, "--"}
	present := map[string]bool{}
	for _, n := range strings.Split(strings.TrimSpace(names), "\n") {
		present[n] = true
	}
	for _, p := range siteParts {
		if present[p] {
			args = append(args, p)
		}
	}
	if !present[config.File] {
		return nil, fmt.Errorf("--since %s: no %s in that commit", ref, config.File)
	}
	cmd := exec.Command("git", append([]string{"-C", abs}, args...)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git archive %s: %v: %s", tree, err, strings.TrimSpace(stderr.String()))
	}
	fsys := fstest.MapFS{}
	tr := tar.NewReader(&out)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading git archive %s: %v", tree, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue // folders are implied; links are not followed in a site
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		fsys[path.Clean(h.Name)] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return fsys, nil
}

// renamed maps content and asset files at ref to where Git sees them now, in the
// working tree (so that an uncommitted rename counts), by site-relative path.
func renamed(source, ref string) (map[string]string, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	out, err := git(abs, "diff", "--name-status", "-M", "-z", "--relative", ref, "--", "content", build.AssetsDir)
	if err != nil {
		return nil, fmt.Errorf("git diff %s: %v", ref, err)
	}
	m := map[string]string{}
	fields := strings.Split(out, "\x00")
	for i := 0; i < len(fields); {
		status := fields[i]
		switch {
		case strings.HasPrefix(status, "R") || strings.HasPrefix(status, "C"):
			if i+2 < len(fields) {
				m[fields[i+1]] = fields[i+2]
			}
			i += 3
		case status == "":
			i++
		default:
			i += 2
		}
	}
	return m, nil
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out.String(), nil
}
