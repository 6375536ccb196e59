// Package cms owns the browser editor at /admin/: the Decap CMS
// configuration derived from site.yaml and the content package's front
// matter schema (one collection per kind of page, one form field per front
// matter field), the admin page that loads the editor from the site's own
// origin, and the check that the committed copy of the configuration still
// matches what the schema gives. It knows nothing about rendering or HTTP.
package cms

import (
	"bytes"
	"fmt"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/lang"
)

// Dir holds the committed copy of the configuration and the pinned npm
// packages of the editor (decap-cms) and of its local backend
// (decap-server).
const Dir = "scripts/cms"

// ScriptDir is where `npm ci` in Dir puts the editor's script and the
// chunks it loads.
const ScriptDir = Dir + "/node_modules/decap-cms/dist"

// ScriptPackage is the installed editor's package.json: its presence and
// version decide what /admin/ serves.
const ScriptPackage = Dir + "/node_modules/decap-cms/package.json"

// AdminDir is the editor's folder in the built site.
const AdminDir = "admin"

// MediaFolder is where the editor uploads PDFs and images, inside assets/.
const MediaFolder = "uploads"

// RegenerateCommand is what brings the committed configuration up to date.
const RegenerateCommand = "go run ./cmd/puente cms"

// kinds are the kinds of page an editor creates, with their collection
// names and folders, in the order the editor lists them.
var kinds = []struct {
	kind       content.Kind
	collection string
	folder     string
}{
	{content.KindRegion, "regions", content.Dir + "/regions"},
	{content.KindEvent, "events", content.Dir + "/events"},
	{content.KindNewsletter, "newsletters", content.Dir + "/newsletters"},
	{content.KindCaseStudy, "case-studies", content.Dir + "/case-studies"},
	{content.KindPage, "pages", content.Dir},
}

// Collection returns the editor's collection for a content file's kind,
// and whether the editor has one.
func Collection(k content.Kind) (string, bool) {
	for _, c := range kinds {
		if c.kind == k {
			return c.collection, true
		}
	}
	return "", false
}

// The configuration, in the shape and order of Decap's documentation.
type decap struct {
	Backend      backend   `yaml:"backend"`
	LocalBackend bool      `yaml:"local_backend"`
	PublishMode  string    `yaml:"publish_mode,omitempty"`
	Locale       string    `yaml:"locale"`
	SiteURL      string    `yaml:"site_url"`
	MediaFolder  string    `yaml:"media_folder"`
	PublicFolder string    `yaml:"public_folder"`
	Slug         slugRule  `yaml:"slug"`
	I18n         i18n      `yaml:"i18n"`
	Collections  []coll    `yaml:"collections"`
	Subset       subsetEnv `yaml:"puente_languages"`
}

type backend struct {
	Name    string `yaml:"name"`
	Repo    string `yaml:"repo,omitempty"`
	Branch  string `yaml:"branch,omitempty"`
	BaseURL string `yaml:"base_url,omitempty"`
}

type slugRule struct {
	Encoding     string `yaml:"encoding"`
	CleanAccents bool   `yaml:"clean_accents"`
	SanitizeWith string `yaml:"sanitize_replacement"`
}

type i18n struct {
	Structure     string   `yaml:"structure"`
	Locales       []string `yaml:"locales,omitempty,flow"`
	DefaultLocale string   `yaml:"default_locale,omitempty"`
}

// subsetEnv is what the admin page switches to (Decap's CMS_ENV) when an
// editor works in some of the languages only: the page then gives the
// locales, so that Decap writes no file for a language left blank.
type subsetEnv struct {
	I18n i18n `yaml:"i18n"`
}

type coll struct {
	Name            string  `yaml:"name"`
	Label           string  `yaml:"label"`
	LabelSingular   string  `yaml:"label_singular"`
	Folder          string  `yaml:"folder"`
	Create          bool    `yaml:"create"`
	Extension       string  `yaml:"extension"`
	Format          string  `yaml:"format"`
	Slug            string  `yaml:"slug"`
	IdentifierField string  `yaml:"identifier_field"`
	Summary         string  `yaml:"summary"`
	I18n            bool    `yaml:"i18n"`
	Fields          []field `yaml:"fields"`
}

type field struct {
	Label    string `yaml:"label"`
	Name     string `yaml:"name"`
	Widget   string `yaml:"widget"`
	Required bool   `yaml:"required"`
	// I18n is true (translated per language) or "duplicate" (one value
	// for every translation).
	I18n any    `yaml:"i18n"`
	Hint string `yaml:"hint,omitempty"`

	ValueType    string   `yaml:"value_type,omitempty"`
	Format       string   `yaml:"format,omitempty"`
	DateFormat   string   `yaml:"date_format,omitempty"`
	TimeFormat   *bool    `yaml:"time_format,omitempty"`
	PickerUTC    bool     `yaml:"picker_utc,omitempty"`
	Pattern      []string `yaml:"pattern,omitempty,flow"`
	Multiple     bool     `yaml:"multiple,omitempty"`
	Options      []option `yaml:"options,omitempty"`
	Collection   string   `yaml:"collection,omitempty"`
	SearchFields []string `yaml:"search_fields,omitempty,flow"`
	ValueField   string   `yaml:"value_field,omitempty"`
	DisplayField []string `yaml:"display_fields,omitempty,flow"`
	ChooseURL    *bool    `yaml:"choose_url,omitempty"`
	MediaFolder  string   `yaml:"media_folder,omitempty"`
	PublicFolder string   `yaml:"public_folder,omitempty"`
	Default      any      `yaml:"default,omitempty"`
}

type option struct {
	Label string `yaml:"label"`
	Value string `yaml:"value"`
}

// Languages returns the languages the editor's forms come in: the site's
// languages, the default first.
func Languages(cfg *config.Config) []string {
	out := []string{cfg.DefaultLanguage}
	for _, l := range cfg.LanguageCodes() {
		if l != cfg.DefaultLanguage {
			out = append(out, l)
		}
	}
	return out
}

// FileName is the configuration for editors writing in lang: config.yml
// for the site's default language, config.<lang>.yml for the others.
func FileName(cfg *config.Config, lang string) string {
	if lang == cfg.DefaultLanguage {
		return "config.yml"
	}
	return "config." + lang + ".yml"
}

const header = `# The Decap CMS configuration of /admin/, for editors writing in %s.
# Generated from site.yaml and puente's front matter schema: do not edit.
# After changing either, run: %s
`

// Generate returns the configuration for editors writing in lang: its
// labels, hints and interface in that language, and that language first
// (Decap's default locale, the pane on the left). Every language of the
// site is a locale; the admin page can narrow them (puente_languages).
func Generate(cfg *config.Config, lang string) []byte {
	locales := []string{lang}
	for _, l := range Languages(cfg) {
		if l != lang {
			locales = append(locales, l)
		}
	}
	d := decap{
		Backend:      backend{Name: "github", Repo: cfg.CMS.Repo, Branch: cfg.CMS.Branch, BaseURL: cfg.CMS.AuthURL},
		LocalBackend: true,
		Locale:       lang,
		SiteURL:      cfg.BaseURL.String(),
		MediaFolder:  "assets/" + MediaFolder,
		PublicFolder: "/assets/" + MediaFolder,
		Slug:         slugRule{Encoding: "ascii", CleanAccents: true, SanitizeWith: "-"},
		I18n:         i18n{Structure: "multiple_files", Locales: locales, DefaultLocale: lang},
		Subset:       subsetEnv{I18n: i18n{Structure: "multiple_files"}},
	}
	if cfg.CMS.Workflow {
		d.PublishMode = "editorial_workflow"
	}
	for _, k := range kinds {
		ct := collectionTexts[k.collection]
		c := coll{
			Name: k.collection, Label: ct.plural.in(lang), LabelSingular: ct.singular.in(lang),
			Folder: k.folder, Create: true, Extension: "md", Format: "yaml-frontmatter",
			Slug: "{{slug}}", IdentifierField: "title", Summary: "{{title}}", I18n: true,
		}
		for _, spec := range content.Schema(k.kind) {
			c.Fields = append(c.Fields, formField(cfg, spec, lang))
		}
		c.Fields = append(c.Fields, field{Label: fieldTexts["body"].label.in(lang), Name: "body", Widget: "markdown", Required: false, I18n: true})
		d.Collections = append(d.Collections, c)
	}
	var b bytes.Buffer
	name := lang
	if l, ok := cfg.Language(lang); ok && l.Name != "" {
		name = l.Name
	}
	fmt.Fprintf(&b, header, name, RegenerateCommand)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(d); err != nil {
		panic(err) // the value is ours: only a programming mistake fails
	}
	enc.Close()
	return b.Bytes()
}

// formField is the form field of one front matter field: its widget from
// the field's type and what it names, required as the decoder requires it,
// and shared fields duplicated across translations.
func formField(cfg *config.Config, spec content.FieldSpec, lang string) field {
	ft, ok := fieldTexts[spec.Name]
	f := field{Label: spec.Name, Name: spec.Name, Required: spec.Required, I18n: true}
	if ok {
		f.Label, f.Hint = ft.label.in(lang), ft.hint.in(lang)
	}
	if spec.Shared {
		f.I18n = "duplicate"
	}
	no := false
	switch spec.Type {
	case content.TypeInt:
		f.Widget, f.ValueType = "number", "int"
	case content.TypeBool:
		f.Widget = "boolean"
	case content.TypeDate:
		// Dates only, written as puente reads them (2006-01-02), in UTC so
		// that the day does not move with the editor's time zone.
		f.Widget, f.Format, f.DateFormat, f.TimeFormat, f.PickerUTC = "datetime", "YYYY-MM-DD", "YYYY-MM-DD", &no, true
	case content.TypeList:
		switch spec.Ref {
		case content.RefRegion:
			f.Widget, f.Collection, f.Multiple = "relation", "regions", true
			f.ValueField, f.SearchFields, f.DisplayField = "{{slug}}", []string{"title"}, []string{"title"}
		case content.RefTheme:
			f.Widget, f.Multiple = "select", true
			for _, t := range cfg.Themes {
				name := t.Name[lang]
				if name == "" {
					name = t.Name[cfg.DefaultLanguage]
				}
				f.Options = append(f.Options, option{Label: name, Value: t.Key})
			}
		case content.RefCountry:
			f.Widget, f.Multiple = "select", true
			f.Options = countryOptions(lang)
		default:
			f.Widget = "list"
		}
	default:
		switch {
		case spec.Ref == content.RefURL:
			f.Widget = "string"
			f.Pattern = []string{`^https://[^\s/?#]+\.[^\s]+$`, patternHint.in(lang)}
		case spec.Options != nil:
			f.Widget = "select"
			for _, o := range spec.Options {
				f.Options = append(f.Options, option{Label: o, Value: o})
			}
		case spec.Ref == content.RefAsset || spec.Ref == content.RefImage:
			// Such fields name a file inside assets/ (uploads/x.pdf),
			// while Markdown links to its published path (/assets/uploads/x.png).
			f.Widget, f.ChooseURL = "file", &no
			if spec.Ref == content.RefImage {
				f.Widget = "image"
			}
			f.MediaFolder, f.PublicFolder = "/assets/"+MediaFolder, MediaFolder
		case spec.Multiline:
			f.Widget = "text"
		default:
			f.Widget = "string"
		}
	}
	return f
}

// countryOptions lists every assigned ISO 3166-1 country by its name in
// lang (then its code), sorted as that language sorts.
func countryOptions(code string) []option {
	var out []option
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			iso := string([]rune{a, b})
			if lang.ValidCountry(iso) {
				out = append(out, option{Label: lang.CountryName(iso, code) + " (" + iso + ")", Value: iso})
			}
		}
	}
	tag, err := language.Parse(code)
	if err != nil {
		tag = language.English
	}
	col := collate.New(tag)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Label, out[j].Label) < 0 })
	return out
}

// MarshalYAML writes an option on one line: {label: México (MX), value: MX}.
func (o option) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, kv := range [][2]string{{"label", o.Label}, {"value", o.Value}} {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: kv[0]}, &yaml.Node{Kind: yaml.ScalarNode, Value: kv[1]})
	}
	return n, nil
}
