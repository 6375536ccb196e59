package build

import (
	"path/filepath"

	"github.com/puente-ssg/puente/internal/assets"
	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/images"
	"github.com/puente-ssg/puente/internal/lang"
)

// ImageCacheDir is where encoded image variants are kept across builds,
// beside the build cache: <parent of dest>/.puente-cache/images.
func ImageCacheDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), CacheDir, "images")
}

// processImages makes the variants of the images in assets/ and the
// social cards of every language.
func processImages(proc *images.Processor, cfg *config.Config, strs *lang.Strings, man *assets.Manifest) *images.Set {
	var srcs []images.Source
	for _, e := range man.Entries() {
		if images.IsImage(e.Name) {
			// The manifest's integrity value is a hash of the bytes
			// already made: the source needs no second hashing.
			srcs = append(srcs, images.Source{Name: e.Name, Data: e.Data, Hash: e.Integrity})
		}
	}
	var cards []images.Card
	host := ""
	if cfg.BaseURL != nil {
		host = cfg.BaseURL.Host
	}
	for _, l := range cfg.Languages {
		c := images.Card{Lang: l.Code, Title: l.Title, Host: host}
		if strs != nil {
			if t, err := strs.T(l.Code, "tagline"); err == nil {
				c.Subtitle = t
			}
		}
		cards = append(cards, c)
	}
	return proc.Process(srcs, cards)
}

// imageProcessor is opts.Images, or one that encodes and keeps variants in
// memory only.
func imageProcessor(opts LoadOptions) *images.Processor {
	if opts.Images != nil {
		return opts.Images
	}
	return images.NewProcessor(images.Options{Prefix: "/" + AssetsDir + "/"})
}

// SiteImages returns a Processor that keeps variants where `puente build`
// with the default --dest does, for a site at source: serve shares that
// cache. With checkOnly it decodes images to check them, reads the cache
// and encodes and writes nothing, as check must.
func SiteImages(source string, checkOnly bool) *images.Processor {
	return images.NewProcessor(images.Options{
		Prefix:   "/" + AssetsDir + "/",
		CacheDir: ImageCacheDir(filepath.Join(source, "public")),
		ReadOnly: checkOnly,
		NoEncode: checkOnly,
	})
}
