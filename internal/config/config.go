// Package config owns site.yaml: it reads it into a checked, typed Config
// (base URL, languages, localized URL segments, the theme vocabulary, menus,
// pagination, Markdown and asset settings). It knows nothing about content,
// layouts or output.
package config

import (
	"fmt"
	"net/url"
	"strings"
)

// File is the path of the settings file, relative to the site root.
const File = "site.yaml"

// Config is the checked content of site.yaml.
type Config struct {
	// BaseURL is absolute and always ends in "/".
	BaseURL *url.URL
	// DefaultLanguage is the code that / sends a visitor to.
	DefaultLanguage string
	// Languages in the order the language switcher shows them.
	Languages []Language
	// Segments maps a section or index key (regions, events, newsletters,
	// case-studies, themes, years) to its URL segment per language code.
	Segments map[string]map[string]string
	// Themes is the theme vocabulary, in the order of site.yaml.
	Themes []Theme
	// Menus maps a menu name to its entries (section or index keys, or
	// standalone page slugs), in order.
	Menus map[string][]string
	// Pagination is the number of items per list page (default 20).
	Pagination int
	Markdown   Markdown
	// Bundles maps an output asset name (css/site.css) to the assets/ files
	// concatenated into it, in order.
	Bundles map[string][]string
	// CMS configures the browser editor at /admin/.
	CMS CMS
	// Lines holds the line of each top-level key and of nested keys by dotted
	// path ("themes.cross-border"), for errors found by later stages.
	Lines map[string]int
}

// Language is one site language.
type Language struct {
	Code  string // en, es, pt
	Name  string // the language's own name: English, Español, Português
	Title string // the site title in this language
}

// Theme is one entry of the theme vocabulary.
type Theme struct {
	Key         string
	Name        map[string]string // language code -> name
	Description map[string]string // language code -> description
}

// Markdown holds the Markdown settings.
type Markdown struct {
	// UnsafeHTML keeps raw HTML in Markdown; it is dropped when false.
	UnsafeHTML bool
}

// Language returns the language with code, and whether it is a site language.
func (c *Config) Language(code string) (Language, bool) {
	for _, l := range c.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// LanguageCodes returns the codes of the site languages in switcher order.
func (c *Config) LanguageCodes() []string {
	codes := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		codes[i] = l.Code
	}
	return codes
}

// Segment returns the URL segment of a section or index key in a language,
// falling back to the key itself when site.yaml does not localize it.
func (c *Config) Segment(key, lang string) string {
	if s, ok := c.Segments[key][lang]; ok && s != "" {
		return s
	}
	return key
}

// Theme returns the theme with key, and whether it is in the vocabulary.
func (c *Config) Theme(key string) (Theme, bool) {
	for _, t := range c.Themes {
		if t.Key == key {
			return t, true
		}
	}
	return Theme{}, false
}

// SetBaseURL replaces the base URL (for --base-url), with the same checks as
// site.yaml's baseURL.
func (c *Config) SetBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base URL %q is not an absolute http(s) URL like https://example.org/", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c.BaseURL = u
	return nil
}
