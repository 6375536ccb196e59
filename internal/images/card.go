package images

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/png"
	"math"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The social card: what a link to the site shows on social media and in
// messengers when its page has no image of its own. 1200×630 is the size
// Facebook, LinkedIn and X all crop to without loss.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// cardVersion changes whenever the card's design does.
const cardVersion = "card v1"

// The theme's colours: EU blue, a darker blue, the flag's yellow.
var (
	blue     = color.RGBA{0x00, 0x33, 0x99, 0xff}
	blueDark = color.RGBA{0x00, 0x22, 0x66, 0xff}
	yellow   = color.RGBA{0xff, 0xcc, 0x00, 0xff}
	white    = color.RGBA{0xff, 0xff, 0xff, 0xff}
	paleBlue = color.RGBA{0xdd, 0xe6, 0xf7, 0xff}
)

// Card is the text of one language's social card.
type Card struct {
	Lang string
	// Title is the site's title in that language, Subtitle a line under
	// it (the tagline), Host the site's address.
	Title, Subtitle, Host string
}

// card draws (or finds in a cache) the PNG of c.
func (p *Processor) card(c Card, used *keySet) Variant {
	key := shortHash(strings.Join([]string{cardVersion, c.Title, c.Subtitle, c.Host}, "\x00"))
	used.add(key)
	data, ok := p.cached(key)
	if !ok {
		data = encodePNG(drawCard(c))
		p.encodes.Add(1)
		p.store(key, "png", data)
	}
	name := fmt.Sprintf("social/card-%s.%s.png", c.Lang, shortHash(string(data))[:8])
	return Variant{Width: CardWidth, Height: CardHeight, Format: "png", Path: strings.TrimPrefix(p.opts.Prefix, "/") + name, URL: p.opts.Prefix + name, Data: data}
}

var fonts = sync.OnceValues(func() (*opentype.Font, *opentype.Font) {
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic(err) // the Go fonts are compiled in
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	return bold, regular
})

func face(f *opentype.Font, size float64) font.Face {
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err)
	}
	return fc
}

// drawCard lays out a card: the EU's circle of stars on the left, the
// title in white beside it, wrapped and made smaller until it fits in
// four lines, the subtitle in pale blue, the address at the foot over a
// yellow rule.
func drawCard(c Card) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	stddraw.Draw(m, m.Bounds(), image.NewUniform(blue), image.Point{}, stddraw.Src)
	stddraw.Draw(m, image.Rect(0, CardHeight-110, CardWidth, CardHeight), image.NewUniform(blueDark), image.Point{}, stddraw.Src)
	stddraw.Draw(m, image.Rect(0, CardHeight-118, CardWidth, CardHeight-110), image.NewUniform(yellow), image.Point{}, stddraw.Src)
	stars(m, 215, 262, 150, 20, yellow)

	bold, regular := fonts()
	const left, right = 430, CardWidth - 70
	var lines []string
	size := 68.0
	var fc font.Face
	for ; size >= 36; size -= 4 {
		fc = face(bold, size)
		lines = wrap(fc, c.Title, right-left)
		if len(lines) <= 4 {
			break
		}
	}
	lineH := int(size * 1.18)
	sub := face(regular, 30)
	var subLines []string
	if c.Subtitle != "" {
		subLines = wrap(sub, c.Subtitle, right-left)
		if len(subLines) > 2 {
			subLines = subLines[:2]
		}
	}
	block := len(lines)*lineH + len(subLines)*40
	if len(subLines) > 0 {
		block += 24
	}
	y := (CardHeight-118-block)/2 + int(size*0.9)
	for _, l := range lines {
		text(m, fc, l, left, y, white)
		y += lineH
	}
	y += 24 - lineH + 40
	for _, l := range subLines {
		text(m, sub, l, left, y, paleBlue)
		y += 40
	}
	if c.Host != "" {
		text(m, face(regular, 32), c.Host, 70, CardHeight-42, white)
	}
	return m
}

// wrap breaks s into lines no wider than width.
func wrap(fc font.Face, s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && font.MeasureString(fc, try).Ceil() > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func text(m *image.RGBA, fc font.Face, s string, x, y int, c color.Color) {
	d := font.Drawer{Dst: m, Src: image.NewUniform(c), Face: fc, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// stars draws the flag's circle of twelve five-pointed stars, centred at
// (cx, cy) on a circle of radius r, each star of outer radius sr.
func stars(m *image.RGBA, cx, cy, r, sr float64, c color.Color) {
	b := m.Bounds()
	z := vector.NewRasterizer(b.Dx(), b.Dy())
	for i := 0; i < 12; i++ {
		a := float64(i) * math.Pi / 6
		star(z, cx+r*math.Sin(a), cy-r*math.Cos(a), sr)
	}
	z.Draw(m, b, image.NewUniform(c), image.Point{})
}

// star adds a five-pointed star, point up, to z.
func star(z *vector.Rasterizer, cx, cy, r float64) {
	inner := r * 0.382
	for k := 0; k < 10; k++ {
		rad := r
		if k%2 == 1 {
			rad = inner
		}
		a := float64(k) * math.Pi / 5
		x, y := float32(cx+rad*math.Sin(a)), float32(cy-rad*math.Cos(a))
		if k == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}

// dots adds the circle of twelve dots of the site's flag mark, as in its
// stylesheet, to z, scaled to a square of side s at (ox, oy).
func dots(z *vector.Rasterizer, ox, oy, s float64) {
	for i := 0; i < 12; i++ {
		a := float64(i) * math.Pi / 6
		circle(z, ox+s*(0.5+0.34*math.Sin(a)), oy+s*(0.5-0.34*math.Cos(a)), s*0.07)
	}
}

// circle adds a circle to z, as four cubic Béziers.
func circle(z *vector.Rasterizer, cx, cy, r float64) {
	const k = 0.5523
	f := func(v float64) float32 { return float32(v) }
	z.MoveTo(f(cx+r), f(cy))
	z.CubeTo(f(cx+r), f(cy+k*r), f(cx+k*r), f(cy+r), f(cx), f(cy+r))
	z.CubeTo(f(cx-k*r), f(cy+r), f(cx-r), f(cy+k*r), f(cx-r), f(cy))
	z.CubeTo(f(cx-r), f(cy-k*r), f(cx-k*r), f(cy-r), f(cx), f(cy-r))
	z.CubeTo(f(cx+k*r), f(cy-r), f(cx+r), f(cy-k*r), f(cx+r), f(cy))
	z.ClosePath()
}

// roundedSquare adds a square of side s with corners of radius r to z.
func roundedSquare(z *vector.Rasterizer, s, r float64) {
	const k = 0.5523
	f := func(v float64) float32 { return float32(v) }
	z.MoveTo(f(r), 0)
	z.LineTo(f(s-r), 0)
	z.CubeTo(f(s-r+k*r), 0, f(s), f(r-k*r), f(s), f(r))
	z.LineTo(f(s), f(s-r))
	z.CubeTo(f(s), f(s-r+k*r), f(s-r+k*r), f(s), f(s-r), f(s))
	z.LineTo(f(r), f(s))
	z.CubeTo(f(r-k*r), f(s), 0, f(s-r+k*r), 0, f(s-r))
	z.LineTo(0, f(r))
	z.CubeTo(0, f(r-k*r), f(r-k*r), 0, f(r), 0)
	z.ClosePath()
}

// icon draws the site's mark at size px: the flag's dots on blue, in a
// rounded square (rounded false fills the square: iOS rounds touch icons
// itself and shows transparency as black).
func icon(px int, rounded bool) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, px, px))
	s := float64(px)
	if rounded {
		z := vector.NewRasterizer(px, px)
		roundedSquare(z, s, s*0.18)
		z.Draw(m, m.Bounds(), image.NewUniform(blue), image.Point{})
	} else {
		stddraw.Draw(m, m.Bounds(), image.NewUniform(blue), image.Point{}, stddraw.Src)
	}
	z := vector.NewRasterizer(px, px)
	dots(z, 0, 0, s)
	z.Draw(m, m.Bounds(), image.NewUniform(yellow), image.Point{})
	return m
}

// iconSVG is the same mark as a scalable icon, for browsers that take one.
func iconSVG() []byte {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="18" fill="#039"/><g fill="#fc0">`)
	for i := 0; i < 12; i++ {
		a := float64(i) * math.Pi / 6
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="7"/>`, 50+34*math.Sin(a), 50-34*math.Cos(a))
	}
	b.WriteString(`</g></svg>`)
	return []byte(b.String())
}

// Icon is a favicon and how a page's head links it.
type Icon struct {
	Variant
	// Rel is the link's rel ("icon", "apple-touch-icon"); Sizes its sizes
	// attribute, when the file holds one size the browser should know of.
	Rel, Sizes string
}

// icons makes the favicons: favicon.ico (16 and 32 pixels), favicon.svg
// and apple-touch-icon.png (180 pixels), at the site's root, where
// browsers look for the first and last even when no page names them.
func (p *Processor) icons(used *keySet) []Icon {
	key := shortHash(cardVersion + " icons")
	used.add(key)
	var ico, touch []byte
	if data, ok := p.cached(key); ok && len(data) > 8 {
		n := binary.LittleEndian.Uint32(data)
		ico, touch = data[4:4+n], data[4+n:]
	} else {
		ico = encodeICO(encodePNG(icon(16, true)), encodePNG(icon(32, true)))
		touch = encodePNG(icon(180, false))
		both := binary.LittleEndian.AppendUint32(nil, uint32(len(ico)))
		both = append(append(both, ico...), touch...)
		p.encodes.Add(1)
		p.store(key, "icons", both)
	}
	return []Icon{
		{Rel: "icon", Sizes: "32x32", Variant: Variant{Width: 32, Height: 32, Format: "x-icon", Path: "favicon.ico", URL: "/favicon.ico", Data: ico}},
		{Rel: "icon", Variant: Variant{Width: 100, Height: 100, Format: "svg+xml", Path: "favicon.svg", URL: "/favicon.svg", Data: iconSVG()}},
		{Rel: "apple-touch-icon", Variant: Variant{Width: 180, Height: 180, Format: "png", Path: "apple-touch-icon.png", URL: "/apple-touch-icon.png", Data: touch}},
	}
}

func encodePNG(m image.Image) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, m); err != nil {
		panic(err) // into memory: cannot fail
	}
	return buf.Bytes()
}

// encodeICO wraps PNG images (16 and 32 pixels) in an ICO file, which every
// browser reads since Internet Explorer 9.
func encodeICO(pngs ...[]byte) []byte {
	sizes := []int{16, 32}
	var b []byte
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, 1) // icon
	b = binary.LittleEndian.AppendUint16(b, uint16(len(pngs)))
	offset := 6 + 16*len(pngs)
	for i, data := range pngs {
		b = append(b, byte(sizes[i]), byte(sizes[i]), 0, 0)
		b = binary.LittleEndian.AppendUint16(b, 1)  // planes
		b = binary.LittleEndian.AppendUint16(b, 32) // bits per pixel
		b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
		b = binary.LittleEndian.AppendUint32(b, uint32(offset))
		offset += len(data)
	}
	for _, data := range pngs {
		b = append(b, data...)
	}
	return b
}
