package search

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/puente-ssg/puente/internal/parallel"
)

// Write indexes docs as Build does and writes the index as WriteJSON
// would, byte for byte, without holding it: each page is written as it is
// read, and only the terms and forms wait for the end.
func Write(w io.Writer, lang string, docs []Doc) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var scratch bytes.Buffer
	enc := json.NewEncoder(&scratch)
	enc.SetEscapeHTML(false)
	// value writes v as encoding/json does, less the Encoder's newline.
	value := func(v any) error {
		scratch.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(scratch.Bytes(), []byte("\n")))
		return err
	}
	bw.WriteString(`{"lang":`)
	if err := value(lang); err != nil {
		return err
	}
	bw.WriteString(`,"p":[`)
	// The pages' JSON, most of an index's bytes, is encoded on every core,
	// a batch at a time, before the batch's words are counted on one.
	encoded, errs := make([]bytes.Buffer, readAhead), make([]error, readAhead)
	terms, forms, err := index(lang, docs, func(first int, ps []Page) error {
		parallel.For(len(ps), func(k int) {
			b := &encoded[k]
			b.Reset()
			e := json.NewEncoder(b)
			e.SetEscapeHTML(false)
			errs[k] = e.Encode(ps[k])
		})
		for k := range ps {
			if errs[k] != nil {
				return errs[k]
			}
			if first+k > 0 {
				bw.WriteByte(',')
			}
			bw.Write(bytes.TrimSuffix(encoded[k].Bytes(), []byte("\n")))
		}
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString(`],"i":{`)
	var num []byte
	for i, s := range sortedKeys(terms) {
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := value(s); err != nil {
			return err
		}
		bw.WriteString(":[")
		for j, n := range terms[s] {
			if j > 0 {
				bw.WriteByte(',')
			}
			num = strconv.AppendInt(num[:0], int64(n), 10)
			bw.Write(num)
		}
		bw.WriteByte(']')
	}
	bw.WriteString(`},"f":{`)
	for i, f := range sortedKeys(forms) {
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := value(f); err != nil {
			return err
		}
		bw.WriteByte(':')
		if err := value(forms[f]); err != nil {
			return err
		}
	}
	bw.WriteString("}}\n")
	return bw.Flush()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
