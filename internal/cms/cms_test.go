package cms

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
)

const siteYAML = `baseURL: https://example.org/
defaultLanguage: en
languages:
  en: {name: English, title: Site}
  es: {name: Español, title: Sitio}
  pt: {name: Português, title: Sítio}
themes:
  cross-border:
    name: {en: Cross-border cooperation, es: Cooperación transfronteriza, pt: Cooperação transfronteiriça}
  innovation:
    name: {en: Innovation, es: Innovación, pt: Inovação}
cms: {repo: owner/site, branch: main, authURL: https://auth.example.org, workflow: true}
`

func loadConfig(t *testing.T, yml string) *config.Config {
	t.Helper()
	cfg, errs := config.Load(fstest.MapFS{"site.yaml": {Data: []byte(yml)}})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	return cfg
}

// parsed reads a generated configuration back, as Decap would.
type parsed struct {
	Backend      map[string]any `yaml:"backend"`
	LocalBackend bool           `yaml:"local_backend"`
	PublishMode  string         `yaml:"publish_mode"`
	Locale       string         `yaml:"locale"`
	MediaFolder  string         `yaml:"media_folder"`
	PublicFolder string         `yaml:"public_folder"`
	I18n         struct {
		Structure     string   `yaml:"structure"`
		Locales       []string `yaml:"locales"`
		DefaultLocale string   `yaml:"default_locale"`
	} `yaml:"i18n"`
	Collections []struct {
		Name   string           `yaml:"name"`
		Label  string           `yaml:"label"`
		Folder string           `yaml:"folder"`
		I18n   bool             `yaml:"i18n"`
		Fields []map[string]any `yaml:"fields"`
	} `yaml:"collections"`
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	var p parsed
	if err := yaml.Unmarshal(data, &p); err != nil {
		t.Fatalf("generated configuration is not YAML: %v\n%s", err, data)
	}
	return p
}

// TestFieldsFollowSchema holds every collection to the content schema,
// field by field: a field added to a kind and missing here, or with the
// wrong rule, fails.
func TestFieldsFollowSchema(t *testing.T) {
	cfg := loadConfig(t, siteYAML)
	p := parse(t, Generate(cfg, "en"))
	if p.I18n.Structure != "multiple_files" || !slices.Equal(p.I18n.Locales, []string{"en", "es", "pt"}) || p.I18n.DefaultLocale != "en" {
		t.Errorf("i18n = %+v", p.I18n)
	}
	if p.Backend["name"] != "github" || p.Backend["repo"] != "owner/site" || p.Backend["base_url"] != "https://auth.example.org" || p.PublishMode != "editorial_workflow" || !p.LocalBackend {
		t.Errorf("backend = %v, publish_mode %q, local_backend %v", p.Backend, p.PublishMode, p.LocalBackend)
	}
	if p.MediaFolder != "assets/uploads" || p.PublicFolder != "/assets/uploads" {
		t.Errorf("media %q, public %q", p.MediaFolder, p.PublicFolder)
	}
	want := map[string]content.Kind{"regions": content.KindRegion, "events": content.KindEvent, "newsletters": content.KindNewsletter, "case-studies": content.KindCaseStudy, "pages": content.KindPage}
	if len(p.Collections) != len(want) {
		t.Fatalf("%d collections, want %d", len(p.Collections), len(want))
	}
	for _, c := range p.Collections {
		kind, ok := want[c.Name]
		if !ok {
			t.Errorf("unexpected collection %q", c.Name)
			continue
		}
		if !c.I18n {
			t.Errorf("%s: not translated", c.Name)
		}
		var names []string
		for _, f := range c.Fields {
			names = append(names, f["name"].(string))
		}
		if wantNames := append(content.Fields(kind), "body"); !slices.Equal(names, wantNames) {
			t.Errorf("%s: fields %v, want %v", c.Name, names, wantNames)
		}
		for _, spec := range content.Schema(kind) {
			f := c.Fields[slices.Index(names, spec.Name)]
			where := c.Name + "." + spec.Name
			if f["required"] != spec.Required {
				t.Errorf("%s: required %v, want %v", where, f["required"], spec.Required)
			}
			wantI18n := any(true)
			if spec.Shared {
				wantI18n = "duplicate"
			}
			if f["i18n"] != wantI18n {
				t.Errorf("%s: i18n %v, want %v", where, f["i18n"], wantI18n)
			}
			widget := f["widget"]
			switch {
			case spec.Type == content.TypeDate:
				if widget != "datetime" || f["format"] != "YYYY-MM-DD" || f["time_format"] != false {
					t.Errorf("%s: %v, want a date written YYYY-MM-DD", where, f)
				}
			case spec.Ref == content.RefURL:
				pat, _ := f["pattern"].([]any)
				if widget != "string" || len(pat) != 2 || !strings.HasPrefix(pat[0].(string), "^https://") {
					t.Errorf("%s: %v, want an https pattern", where, f)
				}
			case spec.Ref == content.RefRegion:
				if widget != "relation" || f["collection"] != "regions" || f["value_field"] != "{{slug}}" || f["multiple"] != true {
					t.Errorf("%s: %v, want a relation to the region pages", where, f)
				}
			case spec.Ref == content.RefTheme:
				opts, _ := f["options"].([]any)
				var keys []string
				for _, o := range opts {
					keys = append(keys, o.(map[string]any)["value"].(string))
				}
				if widget != "select" || f["multiple"] != true || !slices.Equal(keys, []string{"cross-border", "innovation"}) {
					t.Errorf("%s: %v, want a select of site.yaml's themes", where, f)
				}
				if opts[0].(map[string]any)["label"] != "Cross-border cooperation" {
					t.Errorf("%s: first option %v, want the theme's name", where, opts[0])
				}
			case spec.Ref == content.RefAsset:
				if widget != "file" || f["media_folder"] != "/assets/uploads" || f["public_folder"] != "uploads" {
					t.Errorf("%s: %v, want a file from the media library, named inside assets/", where, f)
				}
			case spec.Ref == content.RefImage:
				if widget != "image" || f["public_folder"] != "uploads" {
					t.Errorf("%s: %v, want an image from the media library, named inside assets/", where, f)
				}
			case spec.Options != nil:
				opts, _ := f["options"].([]any)
				if widget != "select" || len(opts) != len(spec.Options) {
					t.Errorf("%s: %v, want a select of %v", where, f, spec.Options)
				}
			case spec.Type == content.TypeInt:
				if widget != "number" || f["value_type"] != "int" {
					t.Errorf("%s: %v, want a whole number", where, f)
				}
			case spec.Type == content.TypeBool:
				if widget != "boolean" {
					t.Errorf("%s: widget %v", where, widget)
				}
			case spec.Type == content.TypeList:
				if widget != "list" && widget != "select" {
					t.Errorf("%s: widget %v, want a list", where, widget)
				}
			default:
				if widget != "string" && widget != "text" {
					t.Errorf("%s: widget %v, want text", where, widget)
				}
			}
		}
	}
}

// TestLabelsInEveryLanguage fails when a field or collection has no label
// in one of the editors' languages.
func TestLabelsInEveryLanguage(t *testing.T) {
	seen := map[string]bool{"body": true}
	for _, k := range kinds {
		for _, spec := range content.Schema(k.kind) {
			seen[spec.Name] = true
		}
		for _, l := range []string{"en", "es", "pt"} {
			if collectionTexts[k.collection].plural[l] == "" || collectionTexts[k.collection].singular[l] == "" {
				t.Errorf("collection %s: no label in %s", k.collection, l)
			}
		}
	}
	for name := range seen {
		for _, l := range []string{"en", "es", "pt"} {
			if fieldTexts[name].label[l] == "" {
				t.Errorf("field %s: no label in %s (internal/cms/labels.go)", name, l)
			}
		}
	}
	for name := range fieldTexts {
		if !seen[name] {
			t.Errorf("labels for %q, which no kind has", name)
		}
	}
}

func TestLanguageConfigs(t *testing.T) {
	cfg := loadConfig(t, siteYAML)
	files := Configs(cfg)
	if len(files) != 3 || files["config.yml"] == nil || files["config.es.yml"] == nil || files["config.pt.yml"] == nil {
		t.Fatalf("files %v", len(files))
	}
	p := parse(t, files["config.es.yml"])
	if p.Locale != "es" || p.I18n.DefaultLocale != "es" || !slices.Equal(p.I18n.Locales, []string{"es", "en", "pt"}) {
		t.Errorf("es: locale %q, i18n %+v", p.Locale, p.I18n)
	}
	if p.Collections[1].Label != "Eventos" || p.Collections[1].Fields[0]["label"] != "Título" {
		t.Errorf("es labels: %q, %v", p.Collections[1].Label, p.Collections[1].Fields[0]["label"])
	}
	// Deterministic.
	if string(Generate(cfg, "pt")) != string(files["config.pt.yml"]) {
		t.Error("two generations differ")
	}
}

func TestCheckReportsStaleConfiguration(t *testing.T) {
	cfg := loadConfig(t, siteYAML)
	fsys := fstest.MapFS{}
	for name, data := range Configs(cfg) {
		fsys[Dir+"/"+name] = &fstest.MapFile{Data: data}
	}
	if errs := Check(fstest.MapFS{}, cfg); len(errs) != 0 {
		t.Fatalf("a site without the configuration: %v", errs)
	}
	if errs := Check(fsys, cfg); len(errs) != 0 {
		t.Fatalf("fresh configuration: %v", errs)
	}
	// A theme added to site.yaml, the configuration not regenerated.
	cfg2 := loadConfig(t, strings.Replace(siteYAML, "  innovation:\n", "  value-chains:\n    name: {en: Value chains, es: Cadenas de valor, pt: Cadeias de valor}\n  innovation:\n", 1))
	delete(fsys, Dir+"/config.pt.yml")
	errs := Check(fsys, cfg2)
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		`scripts/cms/config.yml:105: does not match site.yaml and the front matter schema (want "- {label: Value chains, value: value-chains}", found "- {label: Innovation, value: innovation}"); run go run ./cmd/puente cms`,
		`scripts/cms/config.es.yml:105: does not match site.yaml and the front matter schema (want "- {label: Cadenas de valor, value: value-chains}", found "- {label: Innovación, value: innovation}"); run go run ./cmd/puente cms`,
		`scripts/cms/config.pt.yml: missing: the editor's configuration is generated from site.yaml and the front matter schema; run go run ./cmd/puente cms`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRepositoryConfigurationCurrent regenerates this repository's editor
// configuration and compares it with the committed one.
func TestRepositoryConfigurationCurrent(t *testing.T) {
	root := os.DirFS("../..")
	cfg, errs := config.Load(root)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	for _, e := range Check(root, cfg) {
		t.Error(e)
	}
}

func TestAdminPage(t *testing.T) {
	cfg := loadConfig(t, siteYAML)
	find := func(files []File, p string) []byte {
		for _, f := range files {
			if f.Path == p {
				return f.Data
			}
		}
		return nil
	}
	without := Files(fstest.MapFS{}, cfg)
	page := string(find(without, "admin/index.html"))
	if !strings.Contains(page, `"script":false`) || !strings.Contains(page, "npm ci --ignore-scripts") || find(without, "admin/decap-cms.js") != nil {
		t.Errorf("without the script: %s", page)
	}
	if find(without, "admin/config.yml") == nil || find(without, "admin/config.es.yml") == nil {
		t.Error("configurations missing from the built site")
	}
	with := Files(fstest.MapFS{
		ScriptDir + "/decap-cms.js":     {Data: []byte("cms")},
		ScriptDir + "/12.decap-cms.js":  {Data: []byte("chunk")},
		ScriptDir + "/x.wasm":           {Data: []byte("wasm")},
		ScriptDir + "/decap-cms.js.map": {Data: []byte("map")},
		ScriptDir + "/cms.js":           {Data: []byte("copy")},
	}, cfg)
	page = string(find(with, "admin/index.html"))
	if !strings.Contains(page, `"script":true`) || !strings.Contains(page, `s.src = "\/admin\/decap-cms.js"`) {
		t.Errorf("with the script: %s", page)
	}
	for p, want := range map[string]bool{"admin/decap-cms.js": true, "admin/12.decap-cms.js": true, "admin/x.wasm": true, "admin/decap-cms.js.map": false, "admin/cms.js": false} {
		if (find(with, p) != nil) != want {
			t.Errorf("%s published: %v, want %v", p, !want, want)
		}
	}
	// Nothing but this origin: no absolute URL in the page.
	if strings.Contains(page, "http") && !strings.Contains(page, `"http://127.0.0.1:"`) {
		t.Errorf("page refers to another origin: %s", page)
	}
}
