package config

import (
	"net/url"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// CMS holds the settings of the browser editor (Decap CMS) that `puente cms`
// writes into its configuration: where the site's repository is and how
// editors sign in. The fields of its forms come from the content schema,
// not from here.
type CMS struct {
	// Repo is the GitHub repository the editor commits to: owner/name.
	// Empty leaves the editor with its local backend only.
	Repo string
	// Branch is the branch pages are published from (default main).
	Branch string
	// AuthURL is the base URL of the OAuth server that signs editors in
	// to GitHub; empty uses Netlify's.
	AuthURL string
	// Workflow turns on the editorial workflow: a saved page becomes a
	// pull request, published when it is merged.
	Workflow bool
}

var (
	cmsKeys = []string{"repo", "branch", "authURL", "workflow"}
	repoRE  = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
)

func (p *parser) cms(kv pair) {
	if !p.mapping(kv.v, kv.label, "a mapping, like {repo: owner/name, branch: main}", true) {
		return
	}
	c := &p.cfg.CMS
	for _, f := range p.pairs(kv.v, kv.path, keys{known: cmsKeys}) {
		if f.key == "workflow" {
			var b bool
			if f.v.Kind != yaml.ScalarNode || f.v.ShortTag() != "!!bool" || f.v.Decode(&b) != nil {
				p.errorf(f.v, "%s%s is not true or false", f.label, describe(f.v))
				continue
			}
			c.Workflow = b
			continue
		}
		s, ok := p.text(f.v, f.label, "text")
		if !ok {
			continue
		}
		switch f.key {
		case "repo":
			if !repoRE.MatchString(s) {
				p.errorf(f.v, "%s%q is not a GitHub repository like owner/name", f.label, s)
				continue
			}
			c.Repo = s
		case "branch":
			if s == "" || strings.ContainsAny(s, " \t~^:?*[\\") {
				p.errorf(f.v, "%s%q is not a branch name like main", f.label, s)
				continue
			}
			c.Branch = s
		case "authURL":
			u, err := url.Parse(s)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				p.errorf(f.v, "%s%q is not an https URL like https://auth.example.org", f.label, s)
				continue
			}
			c.AuthURL = strings.TrimSuffix(s, "/")
		}
	}
}
