package markdown

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Labels gives the words the extensions write into a page, in the page's
// language: "callout_note", "callout_tip", "callout_important",
// "callout_warning", "callout_caution" and "video_watch".
type Labels func(key string) string

// defaultLabels are the words used when Options.Labels is nil or has no
// word for a key.
var defaultLabels = map[string]string{
	"callout_note":      "Note",
	"callout_tip":       "Tip",
	"callout_important": "Important",
	"callout_warning":   "Warning",
	"callout_caution":   "Caution",
	"video_watch":       "Watch the video",
}

func (l Labels) get(key string) string {
	if l != nil {
		if s := l(key); s != "" {
			return s
		}
	}
	return defaultLabels[key]
}

// KindCallout and KindEmbed are the nodes of puente's extensions.
var (
	KindCallout = ast.NewNodeKind("Callout")
	KindEmbed   = ast.NewNodeKind("Embed")
)

// Callout is a block quote that starts with a line [!NOTE], [!TIP],
// [!IMPORTANT], [!WARNING] or [!CAUTION], as GitHub writes them.
type Callout struct {
	ast.BaseBlock
	// Variant is note, tip, important, warning or caution.
	Variant string
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.Variant}, nil)
}

// Embed is a paragraph holding only a link to a YouTube or Vimeo video.
type Embed struct {
	ast.BaseBlock
	// Site is "YouTube" or "Vimeo"; Page the video's page, Player the
	// address of its player on the site's privacy-friendly domain.
	Site, Page, Player string
	// Title is the link's text when it was written as [title](url).
	Title string
}

// Kind implements ast.Node.
func (n *Embed) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (n *Embed) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Site": n.Site, "Page": n.Page}, nil)
}

// extensions adds callouts and video embeds to goldmark.
type extensions struct{ labels Labels }

// Extend implements goldmark.Extender.
func (e extensions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{labels: e.labels}, 500)))
}

type transformer struct{}

var calloutRE = regexp.MustCompile(`^\s*\[!(?i:(note|tip|important|warning|caution))\]\s*$`)

// Transform implements parser.ASTTransformer.
func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Blockquote:
			quotes = append(quotes, n)
		case *ast.Paragraph:
			paras = append(paras, n)
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		if e := embedOf(p, src); e != nil {
			p.Parent().ReplaceChild(p.Parent(), p, e)
		}
	}
	for _, q := range quotes {
		calloutOf(q, src)
	}
}

// calloutOf turns a block quote whose first line is a callout marker into
// a Callout.
func calloutOf(q *ast.Blockquote, src []byte) {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return
	}
	first := p.Lines().At(0)
	m := calloutRE.FindSubmatch(first.Value(src))
	if m == nil {
		return
	}
	// Drop the marker's inline nodes: the text on its line.
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok || t.Segment.Start >= first.Stop {
			break
		}
		p.RemoveChild(p, c)
		c = next
	}
	if p.ChildCount() == 0 {
		q.RemoveChild(q, p)
	}
	c := &Callout{Variant: strings.ToLower(string(m[1]))}
	for ch := q.FirstChild(); ch != nil; {
		next := ch.NextSibling()
		c.AppendChild(c, ch)
		ch = next
	}
	q.Parent().ReplaceChild(q.Parent(), q, c)
}

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoID   = regexp.MustCompile(`^[0-9]{4,12}$`)
)

// embedOf returns the Embed of a paragraph that holds only a link to a
// video, or nil.
func embedOf(p *ast.Paragraph, src []byte) *Embed {
	c := p.FirstChild()
	if c == nil || c.NextSibling() != nil {
		return nil
	}
	var dest, title string
	switch l := c.(type) {
	case *ast.AutoLink:
		if l.AutoLinkType != ast.AutoLinkURL {
			return nil
		}
		dest = string(l.URL(src))
	case *ast.Link:
		dest = string(l.Destination)
		title = strings.TrimSpace(plainText(l, src))
		if title == dest {
			title = ""
		}
	default:
		return nil
	}
	e := videoOf(dest)
	if e == nil {
		return nil
	}
	e.Title = title
	return e
}

// videoOf recognizes a video's page or player address.
func videoOf(dest string) *Embed {
	u, err := url.Parse(dest)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil
	}
	host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u.Host), "www."), "m.")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	var id string
	switch host {
	case "youtube.com", "youtube-nocookie.com":
		switch {
		case len(segs) == 1 && segs[0] == "watch":
			id = u.Query().Get("v")
		case len(segs) == 2 && (segs[0] == "embed" || segs[0] == "shorts" || segs[0] == "live"):
			id = segs[1]
		}
	case "youtu.be":
		if len(segs) == 1 {
			id = segs[0]
		}
	case "vimeo.com":
		if len(segs) == 1 && vimeoID.MatchString(segs[0]) {
			return &Embed{Site: "Vimeo", Page: "https://vimeo.com/" + segs[0], Player: "https://player.vimeo.com/video/" + segs[0] + "?dnt=1&autoplay=1"}
		}
		return nil
	case "player.vimeo.com":
		if len(segs) == 2 && segs[0] == "video" && vimeoID.MatchString(segs[1]) {
			return &Embed{Site: "Vimeo", Page: "https://vimeo.com/" + segs[1], Player: "https://player.vimeo.com/video/" + segs[1] + "?dnt=1&autoplay=1"}
		}
		return nil
	default:
		return nil
	}
	if !youtubeID.MatchString(id) {
		return nil
	}
	player := "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"
	page := "https://www.youtube.com/watch?v=" + id
	if start := seconds(u.Query().Get("t")); start > 0 {
		player += "&start=" + strconv.Itoa(start)
		page += "&t=" + strconv.Itoa(start) + "s"
	}
	return &Embed{Site: "YouTube", Page: page, Player: player}
}

// seconds reads a YouTube start time: 90, 90s or 1m30s.
func seconds(t string) int {
	if n, err := strconv.Atoi(strings.TrimSuffix(t, "s")); err == nil {
		return n
	}
	total, n := 0, 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r == 'h':
			total, n = total+n*3600, 0
		case r == 'm':
			total, n = total+n*60, 0
		case r == 's':
			total, n = total+n, 0
		default:
			return 0
		}
	}
	return total
}

type nodeRenderer struct{ labels Labels }

// RegisterFuncs implements renderer.NodeRenderer.
func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, r.callout)
	reg.Register(KindEmbed, r.embed)
}

// A callout is a note (role="note"): an aside inside the text, not a
// landmark of the page.
func (r *nodeRenderer) callout(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	if entering {
		w.WriteString(`<aside class="callout callout-` + n.Variant + `" role="note">` + "\n")
		w.WriteString(`<p class="callout-title">`)
		w.Write(util.EscapeHTML([]byte(r.labels.get("callout_" + n.Variant))))
		w.WriteString("</p>\n")
	} else {
		w.WriteString("</aside>\n")
	}
	return ast.WalkContinue, nil
}

// An embed is a link to the video's page, which works without
// JavaScript and asks nothing of the video's site until it is followed;
// assets/js/embed.js turns it into the player on click.
func (r *nodeRenderer) embed(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Embed)
	title := n.Title
	if title == "" {
		title = r.labels.get("video_watch")
	}
	var b bytes.Buffer
	b.WriteString(`<p class="embed embed-` + strings.ToLower(n.Site) + `"><a class="embed-link" href="`)
	b.Write(util.EscapeHTML([]byte(n.Page)))
	b.WriteString(`" data-player="`)
	b.Write(util.EscapeHTML([]byte(n.Player)))
	b.WriteString(`"><span class="embed-play" aria-hidden="true"></span><span class="embed-title">`)
	b.Write(util.EscapeHTML([]byte(title)))
	b.WriteString(`</span> <span class="embed-site">(` + n.Site + `)</span></a></p>` + "\n")
	w.Write(b.Bytes())
	return ast.WalkSkipChildren, nil
}
