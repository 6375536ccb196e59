package corpus

import (
	"fmt"
	"strings"
)

// siteYAML is the corpus's site.yaml: the shape of the real site with the
// corpus's twelve themes and a menu that includes a standalone page.
func siteYAML() string {
	var b strings.Builder
	b.WriteString("baseURL: https://corpus.example.org/\ndefaultLanguage: en\nlanguages:\n")
	for _, l := range langs {
		fmt.Fprintf(&b, "  %s: {name: %s, title: %s}\n", l, langInfo[l][0], q(langInfo[l][1]))
	}
	b.WriteString("segments:\n")
	for _, s := range segments {
		fmt.Fprintf(&b, "  %s: {en: %s, es: %s, pt: %s}\n", s.key, s.seg[0], s.seg[1], s.seg[2])
	}
	b.WriteString("themes:\n")
	for _, t := range themes {
		fmt.Fprintf(&b, "  %s:\n    name: {en: %s, es: %s, pt: %s}\n", t.key, q(t.name[0]), q(t.name[1]), q(t.name[2]))
		fmt.Fprintf(&b, "    description: {en: %s, es: %s, pt: %s}\n",
			q("Work of the programmes on "+strings.ToLower(t.name[0])+"."),
			q("El trabajo de los programas en "+strings.ToLower(t.name[1])+"."),
			q("O trabalho dos programas em "+strings.ToLower(t.name[2])+"."))
	}
	b.WriteString("menus:\n  main: [regions, events, newsletters, case-studies, themes, years, about]\n")
	b.WriteString("pagination: 20\nmarkdown:\n  unsafeHTML: false\n")
	return b.String()
}

// sentence is one plain sentence in language li.
func (g *generator) sentence(li int) string {
	v := vocab[li]
	s := fmt.Sprintf("%s %s %s %s.", pick(g.r, v.subjects), pick(g.r, v.verbs), pick(g.r, v.objects), pick(g.r, v.places))
	if g.chance(0.3) {
		s = pick(g.r, v.connectors) + " " + strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

// link is a Markdown link to a published page in language li, other than p.
func (g *generator) link(p *page, li int) string {
	for range 8 {
		t := pick(g.r, g.linkable[li])
		if t != p {
			return fmt.Sprintf("[%s](%s)", t.titles[li], t.url(li))
		}
	}
	return fmt.Sprintf("[%s](%s)", sectionTitles["events"][li], "/"+langs[li]+"/"+segment("events", li)+"/")
}

// paragraph writes a paragraph of 3-6 sentences, some with links.
func (g *generator) paragraph(b *strings.Builder, p *page, li int, links int, note string) {
	n := 3 + g.r.IntN(4)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		s := g.sentence(li)
		if links > 0 && g.chance(0.5) || links > 0 && i == n-1 {
			s = strings.TrimSuffix(s, ".") + " (" + vocab[li].see + ": " + g.link(p, li) + ")."
			links--
		}
		if i == 1 && g.chance(0.3) {
			s = strings.Replace(s, " ", " **", 1) + "**"
			s = strings.TrimSuffix(s, ".**") + "**."
		}
		b.WriteString(s)
	}
	b.WriteString(note)
	b.WriteString("\n\n")
}

// body writes a 3-6 KB Markdown body: headings, paragraphs with links,
// lists, a table, a blockquote and, on some pages, footnotes.
func (g *generator) body(b *strings.Builder, p *page, li int) {
	v := vocab[li]
	start := b.Len()
	target := 3000 + g.r.IntN(3000)
	headings := g.r.Perm(len(v.headings))
	h := 0
	heading := func(level string) {
		fmt.Fprintf(b, "%s %s\n\n", level, v.headings[headings[h%len(headings)]])
		h++
	}
	notes := 0
	note := func() string {
		if !p.footnotes || notes >= 3 {
			return ""
		}
		notes++
		return fmt.Sprintf("[^%d]", notes)
	}

	g.paragraph(b, p, li, 1, "")
	heading("##")
	g.paragraph(b, p, li, 2, note())
	for range 3 + g.r.IntN(4) {
		fmt.Fprintf(b, "- %s\n", strings.TrimSuffix(g.sentence(li), "."))
	}
	b.WriteString("\n")
	heading("##")
	g.paragraph(b, p, li, 0, "")
	fmt.Fprintf(b, "| %s | %s | %s |\n| --- | --- | ---: |\n", v.tableHead[0], v.tableHead[1], v.tableHead[2])
	for range 3 + g.r.IntN(3) {
		fmt.Fprintf(b, "| %d | %s | %d |\n", 2014+g.r.IntN(12), pick(g.r, cities), 10+g.r.IntN(490))
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "> \"%s\", %s.\n\n", strings.TrimSuffix(g.sentence(li), "."), v.quoteBy)
	heading("###")
	g.paragraph(b, p, li, 1, note())
	for i := range 3 + g.r.IntN(3) {
		fmt.Fprintf(b, "%d. %s\n", i+1, g.sentence(li))
	}
	b.WriteString("\n")
	for b.Len()-start < target {
		if g.chance(0.4) {
			heading("##")
		}
		g.paragraph(b, p, li, g.r.IntN(2), note())
	}
	fmt.Fprintf(b, "## %s\n\n", v.related)
	for _, r := range p.regions {
		rp := g.regionByKey(r)
		fmt.Fprintf(b, "- [%s](%s)\n", rp.titles[li], rp.url(li))
	}
	for _, t := range p.themes {
		for _, th := range themes {
			if th.key == t {
				fmt.Fprintf(b, "- [%s](/%s/%s/%s/)\n", th.name[li], langs[li], segment("themes", li), t)
			}
		}
	}
	fmt.Fprintf(b, "- [%s](https://ec.europa.eu/regional_policy/)\n", "DG REGIO")
	for i := 1; i <= notes; i++ {
		fmt.Fprintf(b, "\n[^%d]: %s", i, pick(g.r, v.footnote))
	}
	if notes > 0 {
		b.WriteString("\n")
	}
}

func (g *generator) regionByKey(key string) *page {
	for _, r := range g.regions {
		if r.file == key {
			return r
		}
	}
	return g.regions[0]
}
