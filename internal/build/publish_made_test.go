package build

import (
	"hash/maphash"
	"strings"
	"testing"
)

// adoptingOut keeps the bytes it is given, as serve's in-memory site does.
type adoptingOut struct{ files map[string][]byte }

func (o *adoptingOut) WriteFile(name string, data []byte) error {
	o.files[name] = append([]byte(nil), data...)
	return nil
}
func (o *adoptingOut) Adopt(name string, data []byte) { o.files[name] = data }
func (o *adoptingOut) Remove(name string)             { delete(o.files, name) }

// TestPublishKnowsItsOwnBytes shows that a Session publishes a made job's
// bytes without a copy and knows them again without reading them, while
// other bytes are still compared by what they hold.
func TestPublishKnowsItsOwnBytes(t *testing.T) {
	s := &Session{published: map[string]publishedFile{}, seed: maphash.MakeSeed()}
	out := &adoptingOut{files: map[string][]byte{}}
	const name = "en/search/p-0.json"
	publish := func(data []byte) int {
		t.Helper()
		staged := &recordingOutput{files: map[string][]byte{}}
		staged.keepMade(name, data)
		n, errs := s.publish(out, staged, false)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		return n
	}
	made := []byte(`[{"t":"Kickoff"}]`)
	if n := publish(made); n != 1 || &out.files[name][0] != &made[0] {
		t.Fatalf("first publish: %d files, bytes copied: %t; want 1, adopted as made", n, &out.files[name][0] != &made[0])
	}
	if n := publish([]byte(string(made))); n != 0 {
		t.Errorf("equal bytes elsewhere: %d files published, want 0", n)
	}
	// Made bytes are never changed; here they are, only to show that the
	// same bytes staged again are not read: read, they would differ.
	made[2] = 'T'
	if n := publish(made); n != 0 {
		t.Errorf("the published bytes staged again: %d files published, want 0", n)
	}
	other := []byte(`[{"t":"Closing"}]`)
	if n := publish(other); n != 1 || string(out.files[name]) != string(other) {
		t.Errorf("other bytes: %d files published, output %q; want 1, %q", n, out.files[name], other)
	}
}

// TestLeadersFirst: a serve rebuild starts the jobs that others follow
// first and takes the followers last, each group in its order.
func TestLeadersFirst(t *testing.T) {
	jobs := []job{{path: "a"}, {path: "t1", follows: true}, {path: "b"}, {path: "t0", leads: true}, {path: "t2", follows: true}, {path: "u0", leads: true}, {path: "c"}}
	var got []string
	for _, j := range leadersFirst(jobs) {
		got = append(got, j.path)
	}
	if want := "t0 u0 a b c t1 t2"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}
