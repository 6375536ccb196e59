// Package build owns the pipeline from a site folder to a published tree:
// load settings, content, layouts, UI strings and assets; build the site
// model; render every output in parallel on all cores; write into a staging
// folder beside the destination and swap it in only when everything
// succeeded. It knows nothing about flags, HTTP or file watching.
package build

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"time"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/cms"
	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/lang"
	"github.com/puente-ssg/puente/internal/render"
	"github.com/puente-ssg/puente/internal/site"
)

// I18nDir holds the UI strings, one YAML file per language.
const I18nDir = render.Dir + "/i18n"

// AssetsDir is the assets folder, relative to the site root.
const AssetsDir = "assets"

// LoadOptions control what a load keeps.
type LoadOptions struct {
	// Drafts and Future include draft and future-dated pages.
	Drafts bool
	Future bool
	// BaseURL overrides site.yaml's baseURL when not empty.
	BaseURL string
	// Minify minifies every output: CSS and JS assets, and the HTML, XML,
	// JSON and SVG that rendering writes (see Site.Minifier).
	Minify bool
	// Now decides upcoming events and future pages; zero means time.Now().
	Now time.Time
	// Lastmod gives files without a lastmod in front matter their last
	// change (Git commit dates, see GitDates), by site-relative path.
	Lastmod map[string]time.Time
	// DropBodies forgets each file's Markdown once its front matter is
	// read, and the lines of its fields once the model is built; rendering
	// reads a body again, and a message a line, from the site's folder
	// (render.Options.Source). A large build then never holds every body
	// at once, and its collector has less to go over again and again.
	DropBodies bool
	// Images makes the variants of the images in assets/ and keeps them
	// for the next build (see images.Processor); nil means one that encodes
	// and caches in memory only.
	Images *images.Processor
}

// Site is everything a build loaded, ready to render.
type Site struct {
	Config    *config.Config
	Files     []*content.File
	Model     *site.Model
	Templates *render.Templates
	Strings   *lang.Strings
	Assets    *assets.Manifest
	// Admin is the browser editor at /admin/ (see package cms).
	Admin []cms.File
	// Images are the variants of assets/' images, the social cards and the
	// favicons.
	Images *images.Set
	// Minifier minifies the assets and what rendering writes; nil when
	// LoadOptions.Minify is off.
	Minifier *assets.Minifier

	fsys fs.FS
}

// newMinifier is the one minifier of a build, or nil.
func newMinifier(opts LoadOptions) *assets.Minifier {
	if !opts.Minify {
		return nil
	}
	return assets.NewMinifier()
}

// Load reads a whole site from fsys and builds its model. Every problem
// found is in the list; the Site is complete only when the list has no
// errors.
func Load(fsys fs.FS, opts LoadOptions) (*Site, diag.List) {
	var errs diag.List
	cfg, cerrs := loadConfig(fsys, opts)
	errs.Add(cerrs...)
	if cerrs.HasErrors() {
		// Languages, segments and themes decide how every file reads: with
		// a broken site.yaml, the rest would only echo its errors.
		return nil, errs
	}
	s := &Site{Config: cfg, Minifier: newMinifier(opts)}
	var ferrs diag.List
	copts := contentOptions(cfg)
	copts.DropBodies = opts.DropBodies
	s.Files, ferrs = content.Load(fsys, copts)
	errs.Add(ferrs...)
	s.fsys = fsys
	var terrs diag.List
	s.Templates, terrs = render.Load(fsys)
	errs.Add(terrs...)
	var serrs diag.List
	s.Strings, serrs = lang.LoadStrings(fsys, I18nDir, cfg.LanguageCodes())
	errs.Add(serrs...)
	var aerrs diag.List
	s.Assets, aerrs = loadAssets(fsys, cfg, s.Minifier)
	errs.Add(aerrs...)
	s.Admin = cms.Files(fsys, cfg)
	s.Images = processImages(imageProcessor(opts), cfg, s.Strings, s.Assets)
	var merrs diag.List
	s.Model, merrs = site.Build(cfg, s.Files, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: opts.Now, Lastmod: opts.Lastmod})
	errs.Add(merrs...)
	if opts.DropBodies && !ferrs.HasErrors() {
		for _, f := range s.Files {
			f.Front.Lines = nil
		}
	}
	if errs.HasErrors() {
		// Nothing will render, yet broken links and images are worth
		// reporting in the same run as the other problems.
		if r, err := render.New(s.Templates, s.Model, s.Strings, s.Assets, render.Options{Source: fsys, Images: s.Images}); err == nil {
			errs.Add(r.Links(s.Model.Pages)...)
		}
	}
	return s, errs
}

// loadConfig reads site.yaml and applies --base-url.
func loadConfig(fsys fs.FS, opts LoadOptions) (*config.Config, diag.List) {
	cfg, errs := config.Load(fsys)
	if opts.BaseURL != "" {
		if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
			errs.Errorf(diag.Pos{File: "--base-url"}, "%v", err)
		}
	}
	return cfg, errs
}

// contentOptions tells the content loader the site's languages.
func contentOptions(cfg *config.Config) content.Options {
	return content.Options{Languages: cfg.LanguageCodes(), DefaultLanguage: cfg.DefaultLanguage}
}

// loadAssets builds the asset manifest, published under /assets/.
func loadAssets(fsys fs.FS, cfg *config.Config, mini *assets.Minifier) (*assets.Manifest, diag.List) {
	lines := make(map[string]int, len(cfg.Bundles))
	for name := range cfg.Bundles {
		lines[name] = cfg.Lines["bundles."+name]
	}
	return assets.Build(fsys, assets.Options{Bundles: cfg.Bundles, BundleLines: lines, Minifier: mini, Prefix: "/" + AssetsDir + "/"})
}

// Output is where rendered files go.
type Output interface {
	// WriteFile writes data at a slash-separated path relative to the
	// output root. It is called from several goroutines at once.
	WriteFile(name string, data []byte) error
}

// File is one rendered output file.
type File struct {
	Path string
	Data []byte
}

// fileNames returns the paths of files in a sorted order.
func fileNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// dirOutput writes files under a folder on disk that exists (the staging
// folder of a build); it makes the folders inside it.
type dirOutput struct {
	root string
	dirs dirCache
}

func (d *dirOutput) WriteFile(name string, data []byte) error {
	if dir := path.Dir(name); dir != "." {
		if err := d.dirs.mkdirAll(d.root, dir); err != nil {
			return err
		}
	}
	return writeFile(d.root+"/"+name, data)
}

// Discard is an Output that keeps nothing: check renders into it.
type Discard struct{}

// WriteFile does nothing.
func (Discard) WriteFile(string, []byte) error { return nil }

// Summary describes a finished build.
type Summary struct {
	Pages    int
	PerLang  []LangCount
	Files    int
	Bytes    int64
	Duration time.Duration
	Dest     string
	// Cached is true when nothing changed since the last build, which
	// left Dest as it was; the counts are that build's (see CacheDir).
	Cached bool
}

// LangCount is the number of pages in one language.
type LangCount struct {
	Lang  string
	Pages int
}

func (s Summary) String() string {
	langs := ""
	for i, l := range s.PerLang {
		if i > 0 {
			langs += ", "
		}
		langs += fmt.Sprintf("%s %d", l.Lang, l.Pages)
	}
	if s.Cached {
		return fmt.Sprintf("nothing changed since the last build (%d files in %s kept); %d pages (%s) in %s", s.Files, filepath.Base(s.Dest), s.Pages, langs, s.Duration.Round(time.Millisecond))
	}
	return fmt.Sprintf("built %d pages (%s), wrote %d files in %s", s.Pages, langs, s.Files, s.Duration.Round(time.Millisecond))
}
