package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseCMS(t *testing.T) {
	cfg, errs := Parse([]byte(head + "cms:\n  repo: owner/site\n  branch: live\n  authURL: https://auth.example.org/\n  workflow: true\n"))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	want := CMS{Repo: "owner/site", Branch: "live", AuthURL: "https://auth.example.org", Workflow: true}
	if cfg.CMS != want {
		t.Errorf("cms = %+v, want %+v", cfg.CMS, want)
	}
	cfg, _ = Parse([]byte(head))
	if cfg.CMS != (CMS{Branch: "main"}) {
		t.Errorf("default cms = %+v", cfg.CMS)
	}
}

func TestParseCMSErrors(t *testing.T) {
	in := head + "cms:\n  repo: https://github.com/owner/site\n  branch: a b\n  authURL: http://auth.example.org\n  workflow: yes please\n  brnach: x\n"
	_, errs := Parse([]byte(in))
	want := []string{
		`site.yaml:7:9: cms.repo: "https://github.com/owner/site" is not a GitHub repository like owner/name`,
		`site.yaml:8:11: cms.branch: "a b" is not a branch name like main`,
		`site.yaml:9:12: cms.authURL: "http://auth.example.org" is not an https URL like https://auth.example.org`,
		`site.yaml:10:13: cms.workflow: "yes please" is not true or false`,
		`site.yaml:11:3: cms: unknown key "brnach" (did you mean "branch"?)`,
	}
	if got := lines(errs.Errors()); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
