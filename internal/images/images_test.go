package images

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// photo is a deterministic test picture: gradients and a pattern.
func photo(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x/16 + y/16) % 2 * 200), 255})
		}
	}
	return m
}

func jpegOf(t testing.TB, m image.Image) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withOrientation puts an EXIF block with the given orientation after a
// JPEG's start-of-image marker.
func withOrientation(data []byte, orient uint16) []byte {
	var tiff []byte
	tiff = append(tiff, "MM"...)
	tiff = binary.BigEndian.AppendUint16(tiff, 42)
	tiff = binary.BigEndian.AppendUint32(tiff, 8)
	tiff = binary.BigEndian.AppendUint16(tiff, 1) // one entry
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3) // SHORT
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, orient)
	tiff = append(tiff, 0, 0)
	tiff = binary.BigEndian.AppendUint32(tiff, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xff, 0xd8, 0xff, 0xe1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, data[2:]...)
}

func TestOrientation(t *testing.T) {
	// A 40×20 picture, left half black, right half white, stored turned
	// as a phone held upright would: orientation 6 means "turn 90°
	// clockwise to view", so the upright picture is 20×40, black on top.
	m := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := 0; y < 20; y++ {
		for x := 20; x < 40; x++ {
			m.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
		}
	}
	data := withOrientation(jpegOf(t, m), 6)
	if got := exifOrientation(data); got != 6 {
		t.Fatalf("orientation %d, want 6", got)
	}
	set := NewProcessor(Options{}).Process([]Source{{Name: "p.jpg", Data: data}}, nil)
	im, _ := set.Lookup("p.jpg")
	if im.Err != nil || im.Width != 20 || im.Height != 40 {
		t.Fatalf("image %dx%d, %v; want 20x40", im.Width, im.Height, im.Err)
	}
	v, _ := im.Largest("")
	out, err := jpeg.Decode(bytes.NewReader(v.Data))
	if err != nil {
		t.Fatal(err)
	}
	top, bottom := out.At(10, 5), out.At(10, 35)
	if r, _, _, _ := top.RGBA(); r > 0x3000 {
		t.Errorf("top of the upright picture is %v, want black", top)
	}
	if r, _, _, _ := bottom.RGBA(); r < 0xc000 {
		t.Errorf("bottom of the upright picture is %v, want white", bottom)
	}
}

func TestWidthsNeverUpscale(t *testing.T) {
	for _, c := range []struct {
		w    int
		want []int
	}{
		{300, []int{300}},
		{400, []int{400}},
		{401, []int{400, 401}},
		{1000, []int{400, 800, 1000}},
		{1600, []int{400, 800, 1200, 1600}},
		{3000, []int{400, 800, 1200, 1600}},
	} {
		var buf bytes.Buffer
		png.Encode(&buf, image.NewGray(image.Rect(0, 0, c.w, 10)))
		p := NewProcessor(Options{NoEncode: true})
		im, _ := p.Process([]Source{{Name: "a.png", Data: buf.Bytes()}}, nil).Lookup("a.png")
		var got []int
		for _, v := range im.Variants {
			if v.Format == "png" {
				got = append(got, v.Width)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%d pixels wide: widths %v, want %v", c.w, got, c.want)
		}
	}
}

// BenchmarkProcess makes every variant of a 3000×2000 photo (what a phone
// takes, after a first resize) with an empty cache: images per second.
func BenchmarkProcess(b *testing.B) {
	src := []Source{{Name: "photo.jpg", Data: jpegOf(b, photo(3000, 2000))}}
	// The WebAssembly module is compiled once per process.
	NewProcessor(Options{}).Process(src, nil)
	cpu0 := cpuTime()
	for b.Loop() {
		p := NewProcessor(Options{})
		if im, _ := p.Process(src, nil).Lookup("photo.jpg"); im.Err != nil {
			b.Fatal(im.Err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
	// On a shared machine wall time says little; CPU time per image does.
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/image")
}

// BenchmarkProcessCached is a rebuild with the image unchanged: serve's
// Processor finds every variant in memory.
func BenchmarkProcessCached(b *testing.B) {
	src := []Source{{Name: "photo.jpg", Data: jpegOf(b, photo(3000, 2000)), Hash: "fixed"}}
	p := NewProcessor(Options{})
	p.Process(src, nil)
	encoded := p.Encodes()
	for b.Loop() {
		p.Process(src, nil)
	}
	if p.Encodes() != encoded {
		b.Fatal("a rebuild encoded again")
	}
}

// BenchmarkProcessDiskCache is a new build with the image unchanged: the
// variants are read from the cache folder.
func BenchmarkProcessDiskCache(b *testing.B) {
	src := []Source{{Name: "photo.jpg", Data: jpegOf(b, photo(3000, 2000)), Hash: "fixed"}}
	dir := b.TempDir()
	NewProcessor(Options{CacheDir: dir}).Process(src, nil)
	for b.Loop() {
		p := NewProcessor(Options{CacheDir: dir})
		p.Process(src, nil)
		if p.Encodes() != 0 {
			b.Fatal("a build with a full cache encoded")
		}
	}
}

// FuzzSource feeds arbitrary bytes to the Processor as an image: it must
// report a problem or make variants, never panic. The EXIF reader walks
// offsets taken from the file.
func FuzzSource(f *testing.F) {
	f.Add(jpegOf(f, photo(16, 8)))
	f.Add(withOrientation(jpegOf(f, photo(16, 8)), 6))
	var buf bytes.Buffer
	png.Encode(&buf, photo(8, 8))
	f.Add(buf.Bytes())
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && cfg.Width*cfg.Height > 1<<16 {
			return // a huge header is a slow case, not a wrong one
		}
		exifOrientation(data)
		im, ok := NewProcessor(Options{NoEncode: true}).Process([]Source{{Name: "f.jpg", Data: data}}, nil).Lookup("f.jpg")
		if !ok || (im.Err == nil && len(im.Variants) == 0) {
			t.Fatalf("no problem and no variants: %+v", im)
		}
	})
}
