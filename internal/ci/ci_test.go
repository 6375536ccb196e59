package ci_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

const root = "../.."

// puenteCmd finds puente invocations in a script, up to a redirection, a
// pipe, a list operator or a comment.
var puenteCmd = regexp.MustCompile(`go run \./cmd/puente [^>|;&}#\n]*`)

// readmeCommands are the commands of the README's Publishing section.
func readmeCommands(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Publishing\n")
	if !ok {
		t.Fatal(`README.md has no "## Publishing" section`)
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	cmds := map[string]bool{}
	for _, m := range puenteCmd.FindAllString(section, -1) {
		cmds[strings.TrimSpace(m)] = true
	}
	if len(cmds) == 0 {
		t.Fatal("README.md's Publishing section gives no puente command")
	}
	return cmds
}

// scriptCommands checks that every puente command of a CI script is the
// README's, and returns them.
func scriptCommands(t *testing.T, where, script string, readme map[string]bool) []string {
	t.Helper()
	var got []string
	for _, m := range puenteCmd.FindAllString(script, -1) {
		c := strings.TrimSpace(m)
		got = append(got, c)
		if !readme[c] {
			t.Errorf("%s runs %q, which the README's Publishing section does not give (it gives %q)", where, c, keys(readme))
		}
	}
	return got
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestGitHubWorkflows(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in .github/workflows: %v", err)
	}
	var out bytes.Buffer
	opts := &actionlint.LinterOptions{Oneline: true}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc // its checks of run: scripts, when installed
	} else {
		t.Log("shellcheck is not installed: run: scripts are not checked by it (apt-get install shellcheck)")
	}
	linter, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	readme := readmeCommands(t)
	var all []string
	uses := map[string]bool{}
	events := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		errs, err := linter.Lint(filepath.ToSlash(f), src, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("actionlint: %s:%d:%d: %s [%s]", f, e.Line, e.Column, e.Message, e.Kind)
		}
		var wf struct {
			On   map[string]any `yaml:"on"`
			Jobs map[string]struct {
				Steps []struct {
					Uses string `yaml:"uses"`
					Run  string `yaml:"run"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(src, &wf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for ev := range wf.On {
			events[ev] = true
		}
		for name, job := range wf.Jobs {
			for _, st := range job.Steps {
				if st.Uses != "" {
					action, version, ok := strings.Cut(st.Uses, "@")
					if !ok || !regexp.MustCompile(`^v\d+(\.\d+){0,2}$|^[0-9a-f]{40}$`).MatchString(version) {
						t.Errorf("%s: job %s uses %s, not pinned to a version", f, name, st.Uses)
					}
					uses[action] = true
				}
				all = append(all, scriptCommands(t, f+": job "+name, st.Run, readme)...)
			}
		}
	}
	for _, ev := range []string{"pull_request", "push", "schedule"} {
		if !events[ev] {
			t.Errorf("no workflow runs on %s", ev)
		}
	}
	for _, a := range []string{"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages", "actions/upload-artifact"} {
		if !uses[a] {
			t.Errorf("no workflow uses %s", a)
		}
	}
	wantRun(t, "GitHub", all, "check --since", "--format github", "build --base-url")
}

// wantRun fails unless some command contains each of wants.
func wantRun(t *testing.T, host string, cmds []string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		found := false
		for _, c := range cmds {
			found = found || strings.Contains(c, w)
		}
		if !found {
			t.Errorf("%s CI runs no puente command with %q (it runs %q)", host, w, cmds)
		}
	}
}

// gitlabKeywords are the top-level keys of .gitlab-ci.yml that are not jobs.
var gitlabKeywords = map[string]bool{"default": true, "variables": true, "stages": true, "workflow": true, "include": true, "image": true, "services": true, "cache": true, "before_script": true, "after_script": true}

// gitlabJob is the part of a GitLab job this test reads; KnownFields
// refuses a misspelled keyword.
type gitlabJob struct {
	Stage        string            `yaml:"stage"`
	Image        string            `yaml:"image"`
	Needs        []string          `yaml:"needs"`
	Variables    map[string]string `yaml:"variables"`
	BeforeScript []string          `yaml:"before_script"`
	Script       []string          `yaml:"script"`
	Pages        *struct {
		PathPrefix string `yaml:"path_prefix"`
		Publish    string `yaml:"publish"`
		ExpireIn   string `yaml:"expire_in"`
	} `yaml:"pages"`
	Artifacts struct {
		Name     string   `yaml:"name"`
		ExposeAs string   `yaml:"expose_as"`
		When     string   `yaml:"when"`
		Paths    []string `yaml:"paths"`
		Reports  struct {
			CodeQuality string `yaml:"codequality"`
		} `yaml:"reports"`
		ExpireIn string `yaml:"expire_in"`
	} `yaml:"artifacts"`
	Environment struct {
		Name string `yaml:"name"`
		URL  string `yaml:"url"`
	} `yaml:"environment"`
	Rules []struct {
		If        string            `yaml:"if"`
		When      string            `yaml:"when"`
		Variables map[string]string `yaml:"variables"`
	} `yaml:"rules"`
}

func TestGitLabCI(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]yaml.Node
	if err := yaml.Unmarshal(src, &top); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}
	var stages []string
	if n, ok := top["stages"]; !ok || n.Decode(&stages) != nil || len(stages) == 0 {
		t.Fatal(".gitlab-ci.yml: no stages list")
	}
	var def struct {
		Image string `yaml:"image"`
	}
	if n, ok := top["default"]; ok {
		n.Decode(&def)
	}
	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(goMod)
	if goVersion == nil || def.Image != "golang:"+string(goVersion[1]) {
		t.Errorf("default image %q, want golang:%s, the Go of go.mod", def.Image, goVersion[1])
	}
	readme := readmeCommands(t)
	jobs := map[string]gitlabJob{}
	var all []string
	for name, n := range top {
		if gitlabKeywords[name] || strings.HasPrefix(name, ".") {
			continue
		}
		var job gitlabJob
		raw, _ := yaml.Marshal(&n)
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&job); err != nil {
			t.Errorf("job %s: %v", name, err)
			continue
		}
		if len(job.Script) == 0 {
			t.Errorf("job %s has no script", name)
		}
		if !contains(stages, job.Stage) {
			t.Errorf("job %s: stage %q is not in stages %q", name, job.Stage, stages)
		}
		for _, need := range job.Needs {
			if _, ok := top[need]; !ok {
				t.Errorf("job %s needs %s, which is not a job", name, need)
			}
		}
		jobs[name] = job
		all = append(all, scriptCommands(t, ".gitlab-ci.yml: job "+name, strings.Join(append(job.BeforeScript, job.Script...), "\n"), readme)...)
	}
	wantRun(t, "GitLab", all, "check --since", "--format gitlab", "build --base-url")

	// The code quality report is the file the check writes.
	reported := false
	for name, job := range jobs {
		if f := job.Artifacts.Reports.CodeQuality; f != "" {
			reported = true
			if !strings.Contains(strings.Join(job.Script, "\n"), "--format gitlab > "+f) {
				t.Errorf("job %s reports %s as code quality, but its script does not write check --format gitlab to it", name, f)
			}
			if job.Artifacts.When != "always" {
				t.Errorf("job %s: the report must be kept when the check fails (artifacts: when: always)", name)
			}
		}
	}
	if !reported {
		t.Error("no job has a codequality report")
	}

	// The live site: the pages job publishes public/ on the default branch
	// and on a schedule, never for a merge request (a GitLab without
	// parallel deployments would publish the request as the live site).
	pages, ok := jobs["pages"]
	if !ok {
		t.Fatal("no pages job")
	}
	if !contains(pages.Artifacts.Paths, "public") {
		t.Errorf("pages job artifacts %q, want public", pages.Artifacts.Paths)
	}
	rules := func(j gitlabJob) []string {
		var out []string
		for _, r := range j.Rules {
			out = append(out, r.If)
		}
		return out
	}
	for _, c := range []string{`$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`, `$CI_PIPELINE_SOURCE == "schedule"`} {
		if !contains(rules(pages), c) {
			t.Errorf("pages job has no rule %s", c)
		}
	}
	for _, r := range rules(pages) {
		if strings.Contains(r, "merge_request") {
			t.Errorf("pages job runs for merge requests (%s): without parallel deployments it would replace the live site", r)
		}
	}

	// Merge requests are previewed at their own path: deployed where the
	// project says parallel deployments work, else as an artifact.
	var deployed, artifact bool
	for name, job := range jobs {
		mr := false
		for _, r := range rules(job) {
			mr = mr || strings.Contains(r, `$CI_PIPELINE_SOURCE == "merge_request_event"`)
		}
		if !mr || name == "check" {
			continue
		}
		script := strings.Join(job.Script, "\n")
		if !strings.Contains(script, "mr-$CI_MERGE_REQUEST_IID") && (job.Pages == nil || !strings.Contains(job.Pages.PathPrefix, "$CI_MERGE_REQUEST_IID")) {
			t.Errorf("job %s builds a merge request's preview, not at its own path", name)
		}
		switch {
		case job.Pages != nil:
			deployed = true
			if !strings.Contains(strings.Join(rules(job), " "), `$PAGES_PARALLEL_DEPLOYMENTS == "true"`) {
				t.Errorf("job %s deploys a preview with path_prefix whether or not parallel deployments are available", name)
			}
		case len(job.Artifacts.Paths) > 0:
			artifact = true
		}
	}
	if !deployed || !artifact {
		t.Errorf("merge request previews: deployed %v, as an artifact %v; want both, each under its rule", deployed, artifact)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
