package images

import (
	"encoding/binary"
	"image"
	stddraw "image/draw"

	"golang.org/x/image/draw"
)

// scale resizes m to w×h with Catmull-Rom: x/image/draw widens the kernel
// when it shrinks, so every source pixel counts and fine detail (text on a
// banner, a fence, foliage) does not turn into moiré as it does with
// ApproxBiLinear, which reads four source pixels per output pixel whatever
// the ratio. It is the slowest of the package's scalers, but each variant
// is made once and then cached.
func scale(m image.Image, w, h int) image.Image {
	b := m.Bounds()
	if b.Dx() == w && b.Dy() == h {
		if _, ok := m.(*image.RGBA); ok && b.Min == (image.Point{}) {
			return m
		}
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		stddraw.Draw(dst, dst.Bounds(), m, b.Min, stddraw.Src)
		return dst
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), m, b, draw.Src, nil)
	return dst
}

// opaque reports whether every pixel of an RGBA image is opaque.
func opaque(m *image.RGBA) bool {
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i] != 0xff {
			return false
		}
	}
	return true
}

// straight returns m with alpha not premultiplied, as the WebP encoder
// reads its pixels; opaque images are the same either way.
func straight(m image.Image) image.Image {
	rgba, ok := m.(*image.RGBA)
	if !ok || opaque(rgba) {
		return m
	}
	n := image.NewNRGBA(rgba.Bounds())
	stddraw.Draw(n, n.Bounds(), rgba, rgba.Bounds().Min, stddraw.Src)
	return n
}

// orientImage turns m upright according to an EXIF orientation (1 to 8):
// phones store photos as the sensor saw them and say how to turn them.
// Browsers follow the tag on the original, but re-encoded variants carry no
// EXIF, so the turn is made here.
func orientImage(m image.Image, orient int) image.Image {
	if orient < 2 || orient > 8 {
		return m
	}
	b := m.Bounds()
	src := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	stddraw.Draw(src, src.Bounds(), m, b.Min, stddraw.Src)
	sw, sh := b.Dx(), b.Dy()
	dw, dh := sw, sh
	if orient >= 5 {
		dw, dh = sh, sw
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			var dx, dy int
			switch orient {
			case 2: // mirrored
				dx, dy = sw-1-x, y
			case 3: // turned 180°
				dx, dy = sw-1-x, sh-1-y
			case 4: // mirrored vertically
				dx, dy = x, sh-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // turned 90° clockwise to view
				dx, dy = sh-1-y, x
			case 7: // transversed
				dx, dy = sh-1-y, sw-1-x
			case 8: // turned 90° counter-clockwise to view
				dx, dy = y, sw-1-x
			}
			si := y*src.Stride + x*4
			di := dy*dst.Stride + dx*4
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

// exifOrientation reads the orientation tag of a JPEG's EXIF block, or 1
// when there is none or it cannot be read.
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		if marker == 0xd9 || marker == 0xda { // end of image, start of scan
			return 1
		}
		size := int(binary.BigEndian.Uint16(data[i+2:]))
		if size < 2 || i+2+size > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+size]
		if marker == 0xe1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + size
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if len(t) < 8 || bo.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[ifd:]))
	for k := 0; k < n; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}
