// Package corpus generates synthetic puente sites for benchmarks: a
// trilingual site.yaml in puente's schema and N translation groups of
// content shaped like the programme site (regions, events, newsletters,
// case studies, standalone pages), with missing translations, drafts,
// aliases, localized slugs and 3-6 KB Markdown bodies whose internal links
// all resolve. The same options always give the same bytes.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/puente-ssg/puente/internal/content"
)

// Options describe the corpus to generate.
type Options struct {
	// Groups is the number of translation groups; each has up to three
	// files (en, es, pt), so a site has about Groups pages per language.
	Groups int
	// Seed picks every random choice; the same seed gives the same corpus.
	Seed uint64
	// Layouts and Assets are folders copied into the corpus as layouts/ and
	// assets/, so that it builds with a real theme. Empty skips the copy.
	Layouts string
	Assets  string
}

// MinGroups is the smallest corpus: home, section intros, standalone pages,
// regions and a few dated pages.
const MinGroups = fixedGroups + 3

// fixedGroups are the groups every corpus has: home, 4 section intros,
// the standalone pages and 20 regions.
const fixedGroups = 1 + 4 + 4 + 20

// page is one translation group, planned before any file is written so
// that bodies can link to pages that exist.
type page struct {
	idx     int
	kind    content.Kind
	section string // folder under content/, "" for home and standalone pages
	file    string // file slug shared by the translations ("_index" for intros)
	present [3]bool
	draft   bool
	// names are the per-language file slugs (differ with a translationKey);
	// slugs the localized URL slugs ("" keeps the file slug).
	names  [3]string
	slugs  [3]string
	tkey   bool
	titles [3]string

	regions, themes []string
	date, lastmod   time.Time
	start, end      time.Time
	countries       []string
	programme       string
	city            string
	venue, regURL   string
	issue           int
	cities, partnrs []string
	aliases         [3]bool
	footnotes       bool
	weight          int
}

// url is the page's URL in language li.
func (p *page) url(li int) string {
	l := langs[li]
	switch p.kind {
	case content.KindHome:
		return "/" + l + "/"
	case content.KindSection:
		return "/" + l + "/" + segment(p.section, li) + "/"
	}
	slug := p.names[li]
	if p.slugs[li] != "" {
		slug = p.slugs[li]
	}
	if p.section == "" {
		return "/" + l + "/" + slug + "/"
	}
	return "/" + l + "/" + segment(p.section, li) + "/" + slug + "/"
}

// path is the file of language li, relative to the site root.
func (p *page) path(li int) string {
	dir := "content"
	if p.section != "" {
		dir += "/" + p.section
	}
	return dir + "/" + p.names[li] + "." + langs[li] + ".md"
}

type generator struct {
	r     *rand.Rand
	opts  Options
	pages []*page
	// linkable are the groups published in each language that a body may
	// link to.
	linkable [3][]*page
	regions  []*page
}

// Generate writes a complete site into dir: site.yaml, content/ and, when
// asked, copies of a theme's layouts/ and assets/. dir must not hold a
// site.yaml or content/ already.
func Generate(dir string, opts Options) error {
	if opts.Groups < MinGroups {
		return fmt.Errorf("groups: %d is too few (want at least %d)", opts.Groups, MinGroups)
	}
	for _, name := range []string{"site.yaml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return fmt.Errorf("%s already exists; generate into an empty folder", filepath.Join(dir, name))
		}
	}
	g := &generator{r: rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15)), opts: opts}
	g.plan()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(siteYAML()), 0o644); err != nil {
		return err
	}
	if err := g.write(dir); err != nil {
		return err
	}
	if opts.Layouts != "" {
		if err := copyDir(opts.Layouts, filepath.Join(dir, "layouts")); err != nil {
			return fmt.Errorf("copying layouts: %w", err)
		}
	}
	if opts.Assets != "" {
		if err := copyDir(opts.Assets, filepath.Join(dir, "assets")); err != nil {
			return fmt.Errorf("copying assets: %w", err)
		}
	}
	return nil
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// date returns a day between from and to, inclusive.
func (g *generator) date(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	return from.AddDate(0, 0, g.r.IntN(days+1))
}

var (
	pastFrom = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	pastTo   = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	// Upcoming events start after every plausible build date of the
	// benchmarks; they are published because events are dated by start.
	futureFrom = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	futureTo   = time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
)

func (g *generator) add(p *page) *page {
	p.idx = len(g.pages)
	if p.names == [3]string{} {
		p.names = [3]string{p.file, p.file, p.file}
	}
	g.pages = append(g.pages, p)
	return p
}

func (g *generator) pickThemes() []string {
	n := 1 + g.r.IntN(3)
	var out []string
	for _, i := range g.r.Perm(len(themes))[:n] {
		out = append(out, themes[i].key)
	}
	return out
}

func (g *generator) pickRegions() []string {
	n := 1 + g.r.IntN(2)
	var out []string
	for _, i := range g.r.Perm(len(g.regions))[:n] {
		out = append(out, g.regions[i].file)
	}
	return out
}

// plan decides every group, its languages, slugs and front matter.
func (g *generator) plan() {
	all := [3]bool{true, true, true}
	g.add(&page{kind: content.KindHome, file: content.IndexSlug, present: all,
		titles: [3]string{langInfo["en"][1], langInfo["es"][1], langInfo["pt"][1]}})
	for _, sec := range []string{"regions", "events", "newsletters", "case-studies"} {
		g.add(&page{kind: content.KindSection, section: sec, file: content.IndexSlug, present: all, titles: sectionTitles[sec]})
	}
	for _, s := range standalone {
		g.add(&page{kind: content.KindPage, file: s.slug, present: all, titles: s.titles, slugs: s.slugs, date: g.date(pastFrom, pastTo), footnotes: true})
	}
	for i, codes := range regionPairs {
		p := &page{kind: content.KindRegion, section: "regions", present: all, countries: codes,
			programme: programmes[i%len(programmes)], themes: g.pickThemes(), weight: i + 1}
		for li := range langs {
			var names []string
			for _, c := range codes {
				for _, k := range countries {
					if k.code == c {
						names = append(names, k.name[li])
					}
				}
			}
			p.titles[li] = strings.Join(names, "–")
			p.slugs[li] = content.Slugify(strings.Join(names, " "))
		}
		p.file = p.slugs[0]
		p.slugs[0] = ""
		g.regions = append(g.regions, g.add(p))
	}

	rest := g.opts.Groups - fixedGroups
	nEvents := rest * 45 / 100
	nNews := rest * 20 / 100
	if nNews == 0 {
		nNews = 1
	}
	var news []*page
	for i := range rest {
		p := &page{regions: g.pickRegions(), themes: g.pickThemes(), footnotes: g.chance(0.3)}
		var heads [3][]string
		switch {
		case i < nEvents:
			p.kind, p.section = content.KindEvent, "events"
			if g.chance(0.03) {
				p.start = g.date(futureFrom, futureTo)
				p.regURL = "https://example.org/register/" + strconv.Itoa(i) + "/"
			} else {
				p.start = g.date(pastFrom, pastTo)
			}
			if g.chance(0.6) {
				p.end = p.start.AddDate(0, 0, 1+g.r.IntN(3))
			}
			p.city = pick(g.r, cities)
			if g.chance(0.3) {
				p.venue = "Centro de Convenciones " + p.city
			}
			for li := range langs {
				heads[li] = vocab[li].eventHeads
			}
		case i < nEvents+nNews:
			p.kind, p.section = content.KindNewsletter, "newsletters"
			p.date = g.date(pastFrom, pastTo)
			news = append(news, p)
			for li := range langs {
				heads[li] = vocab[li].newsHeads
			}
		default:
			p.kind, p.section = content.KindCaseStudy, "case-studies"
			p.date = g.date(pastFrom, pastTo)
			a, b := g.r.IntN(len(cities)), g.r.IntN(len(cities)-1)
			if b >= a {
				b++
			}
			p.cities = []string{cities[a], cities[b]}
			for _, c := range p.cities {
				p.partnrs = append(p.partnrs, fmt.Sprintf(pick(g.r, partners), c))
			}
			for li := range langs {
				heads[li] = vocab[li].caseHeads
			}
		}
		if !p.date.IsZero() && g.chance(0.3) {
			p.lastmod = p.date.AddDate(0, 0, 1+g.r.IntN(60))
		}
		hi, ti, si := g.r.IntN(len(vocab[0].eventHeads)), g.r.IntN(len(vocab[0].titleHeads)), g.r.IntN(len(vocab[0].titleTails))
		city := pick(g.r, cities)
		for li := range langs {
			v := vocab[li]
			p.titles[li] = fmt.Sprintf("%s: %s %s (%s)", heads[li][hi%len(heads[li])], v.titleHeads[ti], v.titleTails[si], city)
		}
		p.file = content.Slugify(p.titles[0]) + "-" + strconv.Itoa(i+1)
		p.names = [3]string{p.file, p.file, p.file}

		// About one file in ten is missing: English a little less often,
		// so most groups have the default language.
		p.present = [3]bool{!g.chance(0.05), !g.chance(0.12), !g.chance(0.12)}
		if p.present == [3]bool{} {
			p.present[0] = true
		}
		p.draft = g.chance(0.02)
		for li := 1; li < 3; li++ {
			if p.present[li] && g.chance(0.5) {
				p.slugs[li] = content.Slugify(p.titles[li]) + "-" + strconv.Itoa(i+1)
			}
		}
		// A few Spanish files are named in Spanish and joined by translationKey.
		if p.present[0] && p.present[1] && g.chance(0.03) {
			p.tkey = true
			p.names[1] = content.Slugify(p.titles[1]) + "-" + strconv.Itoa(i+1)
			p.slugs[1] = ""
		}
		for li := range langs {
			p.aliases[li] = p.present[li] && g.chance(0.05)
		}
		g.add(p)
	}
	// Newsletter issues follow their dates.
	slices.SortStableFunc(news, func(a, b *page) int { return a.date.Compare(b.date) })
	for i, p := range news {
		p.issue = i + 1
		for li := range langs {
			p.titles[li] = fmt.Sprintf("%s %d – %s", vocab[li].newsHeads[0], p.issue, p.titles[li][strings.Index(p.titles[li], ": ")+2:])
		}
	}

	for _, p := range g.pages {
		if p.draft || p.kind == content.KindHome || p.kind == content.KindSection {
			continue
		}
		for li := range langs {
			if p.present[li] {
				g.linkable[li] = append(g.linkable[li], p)
			}
		}
	}
}

// write writes every content file.
func (g *generator) write(dir string) error {
	made := map[string]bool{}
	var sb strings.Builder
	for _, p := range g.pages {
		for li := range langs {
			if !p.present[li] {
				continue
			}
			sb.Reset()
			g.frontMatter(&sb, p, li)
			g.body(&sb, p, li)
			name := filepath.Join(dir, filepath.FromSlash(p.path(li)))
			if d := filepath.Dir(name); !made[d] {
				if err := os.MkdirAll(d, 0o755); err != nil {
					return err
				}
				made[d] = true
			}
			if err := os.WriteFile(name, []byte(sb.String()), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func q(s string) string { return strconv.Quote(s) }

func day(t time.Time) string { return t.Format("2006-01-02") }

func list(ss []string) string {
	qs := make([]string, len(ss))
	for i, s := range ss {
		qs[i] = q(s)
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

func (g *generator) frontMatter(b *strings.Builder, p *page, li int) {
	v := vocab[li]
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: %s\n", q(p.titles[li]))
	if p.slugs[li] != "" {
		fmt.Fprintf(b, "slug: %s\n", p.slugs[li])
	}
	if p.tkey && li == 1 {
		fmt.Fprintf(b, "translationKey: %s\n", p.file)
	}
	fmt.Fprintf(b, "summary: %s\n", q(fmt.Sprintf("%s %s %s.", pick(g.r, v.subjects), pick(g.r, v.verbs), pick(g.r, v.objects))))
	if !p.date.IsZero() {
		fmt.Fprintf(b, "date: %s\n", day(p.date))
	}
	if !p.lastmod.IsZero() {
		fmt.Fprintf(b, "lastmod: %s\n", day(p.lastmod))
	}
	if p.draft {
		b.WriteString("draft: true\n")
	}
	switch p.kind {
	case content.KindRegion:
		fmt.Fprintf(b, "countries: %s\nprogramme: %s\nweight: %d\n", list(p.countries), p.programme, p.weight)
	case content.KindEvent:
		fmt.Fprintf(b, "start: %s\n", day(p.start))
		if !p.end.IsZero() {
			fmt.Fprintf(b, "end: %s\n", day(p.end))
		}
		fmt.Fprintf(b, "location: %s\n", q(p.city))
		if p.venue != "" {
			fmt.Fprintf(b, "venue: %s\n", q(p.venue))
		}
		if p.regURL != "" {
			fmt.Fprintf(b, "registration: %s\n", p.regURL)
		}
	case content.KindNewsletter:
		fmt.Fprintf(b, "issue: %d\n", p.issue)
	case content.KindCaseStudy:
		fmt.Fprintf(b, "cities: %s\npartners: %s\n", list(p.cities), list(p.partnrs))
	}
	if len(p.regions) > 0 {
		fmt.Fprintf(b, "regions: %s\n", list(p.regions))
	}
	if len(p.themes) > 0 {
		fmt.Fprintf(b, "themes: %s\n", list(p.themes))
	}
	if p.aliases[li] {
		fmt.Fprintf(b, "aliases: [/old/%s/%s/%d/]\n", langs[li], p.section, p.idx)
	}
	b.WriteString("---\n\n")
}

// copyDir copies the regular files under src into dst.
func copyDir(src, dst string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return errors.New(src + " is not a folder")
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
