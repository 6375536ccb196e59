package render

import (
	"strings"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/diag"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/markdown"
	"github.com/puente-ssg/puente/internal/site"
)

// assetsPrefix is where editors find assets from Markdown: the plain,
// unfingerprinted paths (/assets/photos/plaza.jpg).
const assetsPrefix = "/assets/"

// imageOf returns the processed image a Markdown destination names, if it
// is one of assets/.
func (r *Renderer) imageOf(dest string) (*images.Image, bool) {
	name, ok := strings.CutPrefix(dest, assetsPrefix)
	if !ok {
		return nil, false
	}
	return r.opts.Images.Lookup(name)
}

// pictureHook makes the images of p's Markdown that are in assets/
// responsive pictures. The first image of a page loads at once, unless the
// page has a picture of its own above its text (front matter image).
func (r *Renderer) pictureHook(p *site.Page) markdown.Picture {
	if r.opts.Images == nil {
		return nil
	}
	first := p.File == nil || p.File.Front.Image == ""
	return func(ref markdown.ImageRef) (string, bool) {
		eager := first
		first = false
		im, ok := r.imageOf(ref.Dest)
		if !ok || im.Err != nil || len(im.Variants) == 0 {
			return "", false
		}
		title := ""
		if ref.Alone {
			title = ref.Title
		}
		return images.Picture(im, images.PictureOptions{Alt: ref.Alt, Title: title, Eager: eager, URL: r.relURL}), true
	}
}

// checkImageLink reports an image of assets/ that cannot be read, or that
// is over the size budget.
func (r *Renderer) checkImageLink(errs *diag.List, pos diag.Pos, dest string) {
	im, ok := r.imageOf(dest)
	if !ok {
		return
	}
	reportImage(errs, pos, dest, im)
}

func reportImage(errs *diag.List, pos diag.Pos, what string, im *images.Image) {
	if im.Err != nil {
		errs.Errorf(pos, "image %s %v", what, im.Err)
		return
	}
	if over := im.OverBudget(); over != "" {
		errs.Warnf(pos, "image %s is %s: make it smaller before committing it (pages get resized copies, but the repository keeps the original)", what, over)
	}
}

// checkFrontImage reports a front matter image that is not an image of
// assets/, or that cannot be read, at the line of image:.
func (r *Renderer) checkFrontImage(p *site.Page) diag.List {
	name := p.File.Front.Image
	if name == "" {
		return nil
	}
	var errs diag.List
	pos := diag.Pos{File: p.File.Path, Line: r.line(p.File, "image")}
	if im, ok := r.opts.Images.Lookup(name); ok {
		reportImage(&errs, pos, name, im)
		return errs
	}
	trimmed := strings.TrimPrefix(strings.TrimPrefix(name, "/"), "assets/")
	if _, ok := r.opts.Images.Lookup(trimmed); ok {
		errs.Errorf(pos, "image: %q: write the path inside assets/, like %q", name, trimmed)
		return errs
	}
	if _, ok := r.assets.Lookup(name); ok && !images.IsImage(name) {
		errs.Errorf(pos, "image: %q is not a JPEG or PNG file", name)
		return errs
	}
	var names []string
	for _, n := range r.assets.Names() {
		if images.IsImage(n) {
			names = append(names, n)
		}
	}
	errs.Errorf(pos, "image: %q is not an image in assets/%s", name, diag.Suggest(name, names))
	return errs
}

// frontImage returns the page's own image, if it has a usable one.
func (r *Renderer) frontImage(p *site.Page) (*images.Image, string, bool) {
	if p == nil || p.File == nil || p.File.Front.Image == "" {
		return nil, "", false
	}
	im, ok := r.opts.Images.Lookup(p.File.Front.Image)
	if !ok || im.Err != nil || len(im.Variants) == 0 {
		return nil, "", false
	}
	return im, p.File.Front.ImageAlt, true
}

// pagePicture is the picture of a page's front matter image, loaded at
// once: it stands above the text.
func (r *Renderer) pagePicture(p *site.Page) template.HTML {
	im, alt, ok := r.frontImage(p)
	if !ok {
		return ""
	}
	return template.HTML(images.Picture(im, images.PictureOptions{Alt: alt, Eager: true, URL: r.relURL, Class: "page-picture"}))
}

// SocialImage is what a page shows when it is shared: og:image and the
// X (Twitter) card.
type SocialImage struct {
	// URL is absolute; Type a MIME type.
	URL, Type, Alt string
	Width, Height  int
}

// socialImage is the page's own image, at its largest variant no wider
// than the social card in its own format (JPEG or PNG, which every network
// reads), else the social card of its language.
func (r *Renderer) socialImage(p *site.Page) (SocialImage, bool) {
	abs := func(u string) string { return site.AbsURL(r.model.Config.BaseURL, u) }
	if im, alt, ok := r.frontImage(p); ok {
		var best images.Variant
		for _, v := range im.Variants {
			if v.Format == im.Format && v.Width <= images.CardWidth && v.Width >= best.Width {
				best = v
			}
		}
		if best.URL != "" {
			return SocialImage{URL: abs(best.URL), Type: best.MediaType(), Alt: alt, Width: best.Width, Height: best.Height}, true
		}
	}
	if r.opts.Images == nil || p == nil {
		return SocialImage{}, false
	}
	card, ok := r.opts.Images.Cards[p.Lang]
	if !ok {
		return SocialImage{}, false
	}
	title := p.Lang
	for _, l := range r.model.Config.Languages {
		if l.Code == p.Lang {
			title = l.Title
		}
	}
	return SocialImage{URL: abs(card.URL), Type: card.MediaType(), Alt: title, Width: card.Width, Height: card.Height}, true
}

// iconLinks are the <link>s of the favicons, for a page's head.
func (r *Renderer) iconLinks() []images.Icon {
	if r.opts.Images == nil {
		return nil
	}
	return r.opts.Images.Icons
}

// imagesChecks reports problems of a content page's front matter image.
func (r *Renderer) imageChecks(f *content.File, p *site.Page) diag.List {
	if f == nil || r.opts.Images == nil {
		return nil
	}
	return r.checkFrontImage(p)
}
