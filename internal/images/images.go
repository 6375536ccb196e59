// Package images owns the site's raster images: it reads each JPEG and PNG
// of assets/, makes it at a few widths (never wider than the source) in WebP
// and in its own format, caches what it encoded across builds, writes the
// <picture> markup that offers them, and draws the generated pictures of a
// site: the social card of each language and the favicons. It knows nothing
// about pages, layouts or where files are written: build hands it the
// assets' bytes and publishes the variants it returns.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // DecodeConfig tells a GIF apart from a broken file
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gen2brain/webp"

	"github.com/puente-ssg/puente/internal/parallel"
)

// Widths are the widths made of each image, in pixels, when the source is
// wider: a phone's screen at 1x and 2x, a column at 2x and 3x. A source
// narrower than the largest is also made at its own width.
var Widths = []int{400, 800, 1200, 1600}

// The size budget of a source image: larger files are published resized
// all the same, but they weigh on the repository and every clone of it, and
// a 2,500-pixel photo already covers the largest width at 1.5x.
const (
	BudgetBytes  = 1 << 20
	BudgetPixels = 2500
)

// MaxPixels is the largest image decoded: a file of a few kilobytes can
// claim to be 100,000 pixels square, which would take 40 GB to decode.
const MaxPixels = 50_000_000

// Encoder settings. They are part of every cache key and of every
// published name: changing one re-encodes and renames every variant.
const (
	webpQuality = 75
	webpMethod  = 4
	jpegQuality = 80
	// settingsVersion changes whenever how a variant is made changes
	// (scaler, orientation, encoders), so that old cached files are not
	// taken for new ones.
	settingsVersion = "v1 catmullrom chain exif"
)

// encoderID names the WebP encoder in use: gen2brain/webp runs libwebp
// compiled to WebAssembly, unless a shared libwebp is found on the machine,
// whose output may differ. Both are in the cache key.
var encoderID = sync.OnceValue(func() string {
	if webp.Dynamic() == nil {
		return "libwebp-shared"
	}
	return "libwebp-wasm"
})

// Options configure a Processor.
type Options struct {
	// Prefix is the URL path assets are published under ("/assets/").
	Prefix string
	// CacheDir holds encoded variants across builds ("" keeps them in
	// memory only, for as long as the Processor lives).
	CacheDir string
	// ReadOnly reads CacheDir but never writes it (check writes nothing).
	ReadOnly bool
	// NoEncode decodes images to check them but encodes nothing: variants
	// have no Data unless the cache had them (check).
	NoEncode bool
}

// Processor makes images' variants and keeps what it made: in memory, so
// that serve's rebuilds find an unchanged image at once, and in
// Options.CacheDir, so that a new build does too. It is safe for concurrent
// use.
type Processor struct {
	opts Options
	mu   sync.Mutex
	mem  map[string][]byte // cache key -> encoded bytes, of the last Process
	// encodes counts the variants encoded (not found in a cache), for
	// tests and benchmarks.
	encodes atomic.Int64
}

// NewProcessor returns a Processor with opts.
func NewProcessor(opts Options) *Processor {
	if opts.Prefix == "" {
		opts.Prefix = "/assets/"
	}
	return &Processor{opts: opts, mem: map[string][]byte{}}
}

// Encodes returns how many variants the Processor has encoded, rather than
// found in a cache, since it was made.
func (p *Processor) Encodes() int64 { return p.encodes.Load() }

// Source is one file of assets/.
type Source struct {
	// Name is the path inside assets/ ("photos/plaza.jpg").
	Name string
	Data []byte
	// Hash identifies Data (a hash the caller already has); empty means
	// the Processor hashes Data itself.
	Hash string
}

// IsImage reports whether name is a file the Processor makes variants of.
func IsImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// Image is one source image and the variants made of it.
type Image struct {
	Name string
	// Width and Height are the source's, upright (after its EXIF
	// orientation); Format is "jpeg" or "png"; Size its bytes.
	Width, Height int
	Format        string
	Size          int
	// Err is why the image could not be read; it then has no variants.
	Err error
	// Variants, narrowest first: for each width the WebP, then the
	// source's format.
	Variants []Variant
}

// Variant is one published file made from an image.
type Variant struct {
	Width, Height int
	// Format is "webp", "jpeg" or "png".
	Format string
	// Path is the output path relative to the public root, URL its
	// root-relative URL.
	Path, URL string
	// Data is the encoded file (nil when the Processor does not encode).
	Data []byte
}

// MediaType is the variant's MIME type.
func (v Variant) MediaType() string { return "image/" + v.Format }

// OverBudget says how a source exceeds the size budget, or "".
func (im *Image) OverBudget() string {
	var over []string
	if im.Size > BudgetBytes {
		over = append(over, fmt.Sprintf("%.1f MB (budget 1 MB)", float64(im.Size)/(1<<20)))
	}
	if im.Width > BudgetPixels || im.Height > BudgetPixels {
		over = append(over, fmt.Sprintf("%d×%d pixels (budget %d on the longer side)", im.Width, im.Height, BudgetPixels))
	}
	return strings.Join(over, " and ")
}

// Largest returns the widest variant in format ("" for the source's own).
func (im *Image) Largest(format string) (Variant, bool) {
	if format == "" {
		format = im.Format
	}
	var best Variant
	ok := false
	for _, v := range im.Variants {
		if v.Format == format && v.Width >= best.Width {
			best, ok = v, true
		}
	}
	return best, ok
}

// Set is the images of one build, by name inside assets/, and the site's
// generated pictures.
type Set struct {
	images map[string]*Image
	names  []string
	// Cards are the social cards by language code; Icons the favicons.
	Cards map[string]Variant
	Icons []Icon
}

// Lookup returns the image of a name inside assets/.
func (s *Set) Lookup(name string) (*Image, bool) {
	if s == nil {
		return nil, false
	}
	im, ok := s.images[name]
	return im, ok
}

// Names returns the names of the images inside assets/, in order.
func (s *Set) Names() []string {
	if s == nil {
		return nil
	}
	return s.names
}

// Files returns every file to publish: variants in name order, then
// cards and icons.
func (s *Set) Files() []Variant {
	if s == nil {
		return nil
	}
	var out []Variant
	for _, n := range s.names {
		out = append(out, s.images[n].Variants...)
	}
	for _, code := range sortedKeys(s.Cards) {
		out = append(out, s.Cards[code])
	}
	for _, ic := range s.Icons {
		out = append(out, ic.Variant)
	}
	return out
}

// Process makes the variants of every image among sources (other files are
// left out) and the given cards, on all cores. Variants already made, by
// this Processor or into its cache folder, are read back, not encoded
// again. Only what this call used stays in memory.
func (p *Processor) Process(sources []Source, cards []Card) *Set {
	var imgs []Source
	for _, s := range sources {
		if IsImage(s.Name) {
			imgs = append(imgs, s)
		}
	}
	set := &Set{images: make(map[string]*Image, len(imgs)), Cards: map[string]Variant{}}
	used := newKeySet()
	out := make([]*Image, len(imgs))
	parallel.For(len(imgs), func(i int) { out[i] = p.image(imgs[i], used) })
	for i, im := range out {
		set.images[imgs[i].Name] = im
		set.names = append(set.names, imgs[i].Name)
	}
	cardOut := make([]Variant, len(cards))
	parallel.For(len(cards), func(i int) { cardOut[i] = p.card(cards[i], used) })
	for i, c := range cards {
		set.Cards[c.Lang] = cardOut[i]
	}
	set.Icons = p.icons(used)
	p.mu.Lock()
	for k := range p.mem {
		if !used.has(k) {
			delete(p.mem, k)
		}
	}
	p.mu.Unlock()
	return set
}

// image works out one image's variants, from the caches or by encoding.
func (p *Processor) image(src Source, used *keySet) *Image {
	im := &Image{Name: src.Name, Size: len(src.Data)}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(src.Data))
	if errors.Is(err, image.ErrFormat) {
		im.Err = errors.New("is not a JPEG or PNG image (its bytes are of no format puente reads)")
		return im
	}
	if err != nil {
		im.Err = fmt.Errorf("cannot be decoded: %v", err)
		return im
	}
	if format != "jpeg" && format != "png" {
		im.Err = fmt.Errorf("is a %s file, not a %s", strings.ToUpper(format), strings.ToUpper(strings.TrimPrefix(path.Ext(src.Name), ".")))
		return im
	}
	if cfg.Width*cfg.Height > MaxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		im.Err = fmt.Errorf("is %d×%d pixels: too large to resize (at most %d megapixels)", cfg.Width, cfg.Height, MaxPixels/1_000_000)
		return im
	}
	orient := 1
	if format == "jpeg" {
		orient = exifOrientation(src.Data)
	}
	im.Format, im.Width, im.Height = format, cfg.Width, cfg.Height
	if orient >= 5 {
		im.Width, im.Height = cfg.Height, cfg.Width
	}
	hash := src.Hash
	if hash == "" {
		sum := sha256.Sum256(src.Data)
		hash = hex.EncodeToString(sum[:])
	}
	id := shortHash(hash + "|" + p.settings())[:8]
	base := strings.TrimSuffix(src.Name, path.Ext(src.Name))
	var widths []int
	for _, w := range Widths[:len(Widths)-1] {
		if w < im.Width {
			widths = append(widths, w)
		}
	}
	if im.Width <= Widths[len(Widths)-1] {
		widths = append(widths, im.Width)
	} else {
		widths = append(widths, Widths[len(Widths)-1])
	}

	type task struct {
		v   Variant
		key string
	}
	var tasks []task
	for _, w := range widths {
		h := max(1, (im.Height*w+im.Width/2)/im.Width)
		for _, f := range []string{"webp", format} {
			ext := map[string]string{"webp": "webp", "jpeg": "jpg", "png": "png"}[f]
			out := fmt.Sprintf("%s.%s-%d.%s", base, id, w, ext)
			v := Variant{Width: w, Height: h, Format: f, Path: strings.TrimPrefix(p.opts.Prefix, "/") + out, URL: p.opts.Prefix + out}
			tasks = append(tasks, task{v: v, key: shortHash(fmt.Sprintf("%s|%d|%s|%s", hash, w, f, p.settings()))})
		}
	}
	var missing []int
	for i := range tasks {
		used.add(tasks[i].key)
		if data, ok := p.cached(tasks[i].key); ok {
			tasks[i].v.Data = data
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		// Something must be made, or (NoEncode) checked: decode in full,
		// which also finds files whose header reads but whose data is cut.
		m, _, err := image.Decode(bytes.NewReader(src.Data))
		if err != nil {
			im.Err = fmt.Errorf("cannot be decoded: %v", err)
			return im
		}
		if !p.opts.NoEncode {
			m = orientImage(m, orient)
			// Each width is scaled from the next wider one, the widest from
			// the source: a 12-megapixel photo is then read once, not once
			// per width. The chain always starts at the widest, whichever
			// variants the cache lacks, so that the bytes never depend on
			// what was cached.
			smallest := len(widths)
			for _, ti := range missing {
				for wi, w := range widths {
					if tasks[ti].v.Width == w {
						smallest = min(smallest, wi)
					}
				}
			}
			scaled := make([]image.Image, len(widths))
			from := m
			for wi := len(widths) - 1; wi >= smallest; wi-- {
				w := widths[wi]
				scaled[wi] = scale(from, w, max(1, (im.Height*w+im.Width/2)/im.Width))
				from = scaled[wi]
			}
			errs := make([]error, len(missing))
			parallel.For(len(missing), func(k int) {
				t := &tasks[missing[k]]
				var src image.Image
				for wi, w := range widths {
					if w == t.v.Width {
						src = scaled[wi]
					}
				}
				data, err := encode(src, t.v.Format, format == "png")
				if err != nil {
					errs[k] = fmt.Errorf("cannot be encoded as %s: %v", t.v.Format, err)
					return
				}
				p.encodes.Add(1)
				t.v.Data = data
				p.store(t.key, t.v.Format, data)
			})
			for _, err := range errs {
				if err != nil {
					im.Err = err
					return im
				}
			}
		}
	}
	for _, t := range tasks {
		im.Variants = append(im.Variants, t.v)
	}
	return im
}

// settings names everything besides the source that decides a variant's
// bytes.
func (p *Processor) settings() string {
	return fmt.Sprintf("%s|webp q%d m%d png-lossless %s|jpeg q%d|png default", settingsVersion, webpQuality, webpMethod, encoderID(), jpegQuality)
}

// cached finds an encoded variant in memory, else in the cache folder.
func (p *Processor) cached(key string) ([]byte, bool) {
	p.mu.Lock()
	data, ok := p.mem[key]
	p.mu.Unlock()
	if ok {
		return data, true
	}
	if p.opts.CacheDir == "" {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(p.opts.CacheDir, key))
	if err != nil {
		return nil, false
	}
	p.mu.Lock()
	p.mem[key] = data
	p.mu.Unlock()
	return data, true
}

// store keeps an encoded variant in memory and in the cache folder. A
// cache file that cannot be written only costs an encode next time.
func (p *Processor) store(key, format string, data []byte) {
	p.mu.Lock()
	p.mem[key] = data
	p.mu.Unlock()
	if p.opts.CacheDir == "" || p.opts.ReadOnly {
		return
	}
	if err := os.MkdirAll(p.opts.CacheDir, 0o755); err != nil {
		return
	}
	// Written aside and renamed, so that a build killed midway or another
	// build at the same time never leaves half a file under the key.
	tmp, err := os.CreateTemp(p.opts.CacheDir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if err := os.Rename(tmp.Name(), filepath.Join(p.opts.CacheDir, key)); err != nil {
		os.Remove(tmp.Name())
	}
}

// encode writes m in format.
// A PNG source gets a lossless WebP: PNGs are mostly screenshots, charts
// and logos, whose edges and text lossy coding blurs.
func encode(m image.Image, format string, lossless bool) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "webp":
		err = webp.Encode(&buf, straight(m), webp.Options{Quality: webpQuality, Method: webpMethod, Lossless: lossless})
	case "jpeg":
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality})
	case "png":
		enc := png.Encoder{CompressionLevel: png.DefaultCompression}
		err = enc.Encode(&buf, m)
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	return buf.Bytes(), err
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:16]
}

// keySet records the cache keys one Process used.
type keySet struct {
	mu sync.Mutex
	m  map[string]bool
}

func newKeySet() *keySet { return &keySet{m: map[string]bool{}} }

func (k *keySet) add(key string) {
	k.mu.Lock()
	k.m[key] = true
	k.mu.Unlock()
}

func (k *keySet) has(key string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.m[key]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
