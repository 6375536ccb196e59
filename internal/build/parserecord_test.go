package build

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/puente-ssg/puente/internal/content"
)

// fill sets every field of v, at any depth, to a value that is not its
// zero, so that a field the record forgets shows when read back.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n%100 + 1))
	case reflect.Uint8:
		v.SetUint(uint64(*n%200 + 1))
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 1, *n%28+1, 3, 4, 5, 6, time.UTC)))
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic("fill: no value for " + v.Type().String())
	}
}

// TestParseRecord reads back every field of a parse, its state and the
// related pages, and refuses a record cut short or of another key.
func TestParseRecord(t *testing.T) {
	var f content.File
	n := 0
	fill(reflect.ValueOf(&f).Elem(), &n)
	empty := content.File{Path: "content/b.md", Front: content.Front{Regions: []string{}}}
	pr := &parseRecord{Options: "o", Files: []content.File{f, empty}, Stats: []fileStat{{1, 2, 3, 4}, {}}}
	pr.Related.Restore([32]byte{5}, [][]int32{{1, 0}, nil})
	file := filepath.Join(t.TempDir(), "parse")
	key := [32]byte{9}
	if err := writeParse(file, key, pr); err != nil {
		t.Fatal(err)
	}
	got := readParse(file, key)
	if !reflect.DeepEqual(got, pr) {
		t.Fatalf("read back\n%+v\nwrote\n%+v", got, pr)
	}
	if readParse(file, [32]byte{8}) != nil {
		t.Error("a record of another key was read")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	body := data[:len(data)-sha256.Size]
	for cut := 1; cut < len(body); cut += 7 {
		b := append([]byte(nil), body[:len(body)-cut]...)
		sum := sha256.Sum256(b)
		if err := os.WriteFile(file, append(b, sum[:]...), 0o644); err != nil {
			t.Fatal(err)
		}
		if readParse(file, key) != nil {
			t.Errorf("a record cut by %d bytes was read", cut)
		}
	}
}
