package build

import (
	"time"

	"github.com/puente-ssg/puente/internal/content"
	"github.com/puente-ssg/puente/internal/site"
)

// The parse record is read while a start waits for the model, so it is
// written like the bodies record (bodyrecord.go) rather than with
// encoding/gob, whose reflection made decoding it most of a warm start's
// wait: each field in turn, strings sharing the bytes read. A field added
// to content.File or content.Front must be added here too; the record's
// test fills every field and fails until it is.

// parseRecord is the content of ParseRecord.
type parseRecord struct {
	// Options is the content options it was made with (optionsKey).
	Options string
	Files   []content.File
	// Stats are the state of each file of Files when it was read, or the
	// zero fileStat when the record is not to trust it (see fileStat).
	Stats   []fileStat
	Related site.RelatedCache
}

func writeParse(file string, key [32]byte, pr *parseRecord) error {
	w, err := createRecord(file, key)
	if err != nil {
		return err
	}
	w.str(pr.Options)
	w.uint(uint64(len(pr.Files)))
	for i := range pr.Files {
		writeParsedFile(w, &pr.Files[i])
		st := pr.Stats[i]
		w.int(st.size)
		w.int(st.mtime)
		w.int(st.ctime)
		w.uint(st.ino)
	}
	fp, result := pr.Related.Saved()
	w.sum(fp)
	w.bool(result != nil)
	w.uint(uint64(len(result)))
	for _, r := range result {
		w.bool(r != nil)
		w.uint(uint64(len(r)))
		for _, j := range r {
			w.int(int64(j))
		}
	}
	return w.close()
}

// readParse reads the parse record, nil when it is not whole or not one
// of this key.
func readParse(file string, key [32]byte) *parseRecord {
	r := openRecord(file, key)
	if r == nil {
		return nil
	}
	pr := &parseRecord{Options: r.str()}
	n := r.count(40)
	pr.Files = make([]content.File, n)
	pr.Stats = make([]fileStat, n)
	for i := range pr.Files {
		readParsedFile(r, &pr.Files[i])
		st := &pr.Stats[i]
		st.size = r.int()
		st.mtime = r.int()
		st.ctime = r.int()
		st.ino = r.uint()
	}
	fp := r.sum()
	if isList, n := r.bool(), r.count(2); isList {
		result := make([][]int32, n)
		for i := range result {
			if isList, m := r.bool(), r.count(1); isList {
				result[i] = make([]int32, m)
				for j := range result[i] {
					result[i][j] = int32(r.int())
				}
			}
		}
		pr.Related.Restore(fp, result)
	}
	if r.err != nil || r.off != len(r.s) {
		return nil
	}
	return pr
}

func writeParsedFile(w *recWriter, f *content.File) {
	w.str(f.Path)
	w.str(f.Section)
	w.str(string(f.Kind))
	w.str(f.Slug)
	w.str(f.Lang)
	w.str(f.Format)
	w.bool(f.Body != nil)
	w.str(string(f.Body))
	w.int(int64(f.BodyLine))
	w.bool(f.Blank)
	w.int(int64(f.BodyOffset))
	w.sum(f.Hash)

	fm := &f.Front
	w.str(fm.Title)
	w.str(fm.Summary)
	w.time(fm.Date)
	w.time(fm.Lastmod)
	w.bool(fm.Draft)
	w.str(fm.Slug)
	w.str(fm.TranslationKey)
	w.strs(fm.Regions)
	w.strs(fm.Themes)
	w.strs(fm.Aliases)
	w.int(int64(fm.Weight))
	w.str(fm.Image)
	w.str(fm.ImageAlt)
	w.strs(fm.Countries)
	w.str(fm.Programme)
	w.time(fm.Start)
	w.time(fm.End)
	w.str(fm.Location)
	w.str(fm.Venue)
	w.str(fm.Registration)
	w.str(string(fm.Attendance))
	w.int(int64(fm.TOC))
	w.int(int64(fm.Issue))
	w.str(fm.PDF)
	w.strs(fm.Cities)
	w.strs(fm.Partners)
	w.bool(fm.Lines != nil)
	w.uint(uint64(len(fm.Lines)))
	for _, l := range fm.Lines {
		w.str(l.Field)
		w.int(int64(l.Item))
		w.int(int64(l.Line))
	}
}

func readParsedFile(r *recReader, f *content.File) {
	f.Path = r.str()
	f.Section = r.str()
	f.Kind = content.Kind(r.str())
	f.Slug = r.str()
	f.Lang = r.str()
	f.Format = r.str()
	if hasBody, body := r.bool(), r.str(); hasBody {
		f.Body = []byte(body)
	}
	f.BodyLine = int(r.int())
	f.Blank = r.bool()
	f.BodyOffset = int(r.int())
	f.Hash = r.sum()

	fm := &f.Front
	fm.Title = r.str()
	fm.Summary = r.str()
	fm.Date = r.time()
	fm.Lastmod = r.time()
	fm.Draft = r.bool()
	fm.Slug = r.str()
	fm.TranslationKey = r.str()
	fm.Regions = r.strs()
	fm.Themes = r.strs()
	fm.Aliases = r.strs()
	fm.Weight = int(r.int())
	fm.Image = r.str()
	fm.ImageAlt = r.str()
	fm.Countries = r.strs()
	fm.Programme = r.str()
	fm.Start = r.time()
	fm.End = r.time()
	fm.Location = r.str()
	fm.Venue = r.str()
	fm.Registration = r.str()
	fm.Attendance = content.Attendance(r.str())
	fm.TOC = content.TOC(r.int())
	fm.Issue = int(r.int())
	fm.PDF = r.str()
	fm.Cities = r.strs()
	fm.Partners = r.strs()
	if isList, n := r.bool(), r.count(3); isList {
		fm.Lines = make(content.Lines, n)
		for i := range fm.Lines {
			l := &fm.Lines[i]
			l.Field = r.str()
			l.Item = int32(r.int())
			l.Line = int32(r.int())
		}
	}
}

// int writes a signed number, zigzag-encoded.
func (w *recWriter) int(v int64) { w.uint(uint64(v<<1) ^ uint64(v>>63)) }

func (r *recReader) int() int64 {
	u := r.uint()
	return int64(u>>1) ^ -int64(u&1)
}

// strs writes a list of strings, telling nil from empty.
func (w *recWriter) strs(l []string) {
	w.bool(l != nil)
	w.uint(uint64(len(l)))
	for _, s := range l {
		w.str(s)
	}
}

func (r *recReader) strs() []string {
	isList, n := r.bool(), r.count(1)
	if !isList {
		return nil
	}
	l := make([]string, n)
	for i := range l {
		l[i] = r.str()
	}
	return l
}

// time writes an instant; it reads back in UTC (keepsParse).
func (w *recWriter) time(t time.Time) {
	if t.IsZero() {
		w.bool(false)
		return
	}
	w.bool(true)
	w.int(t.Unix())
	w.uint(uint64(t.Nanosecond()))
}

func (r *recReader) time() time.Time {
	if !r.bool() {
		return time.Time{}
	}
	sec, nsec := r.int(), r.uint()
	if nsec >= 1e9 {
		r.fail()
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}
