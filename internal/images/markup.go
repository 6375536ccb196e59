package images

import (
	"html"
	"strconv"
	"strings"
)

// Sizes is the sizes attribute of every picture: the width an image takes
// in the page, which the browser needs before it has the stylesheet to pick
// from srcset. The theme's text column is 70ch wide, about 40em, with a
// 1 rem margin each side on a phone.
const Sizes = "(min-width: 44em) 40em, calc(100vw - 2rem)"

// PictureOptions describe one use of an image.
type PictureOptions struct {
	Alt string
	// Title, when not empty, makes the picture a figure with this caption.
	Title string
	// Eager loads the image at once: the first image of a page is likely
	// its largest content, which lazy loading would delay.
	Eager bool
	// URL maps a root-relative URL to the one to publish (a base path).
	URL func(string) string
	// Class is added to the picture (or the figure).
	Class string
}

// Picture writes the <picture> markup of im: a WebP source and an <img> in
// the source's format, each with every width in srcset, the largest
// variant's width and height (so that the page does not shift as it loads),
// lazy loading and async decoding unless Eager.
func Picture(im *Image, o PictureOptions) string {
	url := o.URL
	if url == nil {
		url = func(s string) string { return s }
	}
	srcset := func(format string) string {
		var b strings.Builder
		for _, v := range im.Variants {
			if v.Format != format {
				continue
			}
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(html.EscapeString(url(v.URL)))
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(v.Width))
			b.WriteByte('w')
		}
		return b.String()
	}
	largest, _ := im.Largest("")
	// The fallback src is a middle width: a browser without srcset is old,
	// and likely on a small screen.
	src := largest
	for _, v := range im.Variants {
		if v.Format == im.Format && v.Width <= 800 {
			src = v
		}
	}
	var b strings.Builder
	if o.Title != "" {
		b.WriteString("<figure")
		if o.Class != "" {
			b.WriteString(` class="` + html.EscapeString(o.Class) + `"`)
		}
		b.WriteString(">")
	}
	b.WriteString("<picture")
	if o.Class != "" && o.Title == "" {
		b.WriteString(` class="` + html.EscapeString(o.Class) + `"`)
	}
	b.WriteString(`><source type="image/webp" srcset="`)
	b.WriteString(srcset("webp"))
	b.WriteString(`" sizes="` + Sizes + `"><img src="`)
	b.WriteString(html.EscapeString(url(src.URL)))
	b.WriteString(`" srcset="`)
	b.WriteString(srcset(im.Format))
	b.WriteString(`" sizes="` + Sizes + `" width="`)
	b.WriteString(strconv.Itoa(largest.Width))
	b.WriteString(`" height="`)
	b.WriteString(strconv.Itoa(largest.Height))
	b.WriteString(`" alt="`)
	b.WriteString(html.EscapeString(o.Alt))
	b.WriteString(`"`)
	if !o.Eager {
		b.WriteString(` loading="lazy" decoding="async"`)
	}
	b.WriteString("></picture>")
	if o.Title != "" {
		b.WriteString("<figcaption>")
		b.WriteString(html.EscapeString(o.Title))
		b.WriteString("</figcaption></figure>")
	}
	return b.String()
}
