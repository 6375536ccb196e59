package build_test

import (
	"os"
	"strings"
	"testing"

	"github.com/puente-ssg/puente/internal/build"
	"github.com/puente-ssg/puente/internal/sitetest"
)

// TestSearchTermsFollowTheChunks: in a full build, the terms files that
// wait for the first one's work come after every other part of their
// index, so that a worker writes chunks while another makes the terms.
func TestSearchTermsFollowTheChunks(t *testing.T) {
	s := sitetest.Write(t, readFixture(t, "basic.txtar"))
	site, errs := build.Load(os.DirFS(s.Dir), build.LoadOptions{Now: sitetest.Now})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	paths, follows, err := build.OutputOrder(site)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"en", "es", "pt"} {
		prefix := code + "/search/"
		lastOwn, firstFollower, followers, chunks := -1, -1, 0, 0
		for i, p := range paths {
			if !strings.HasPrefix(p, prefix) {
				continue
			}
			if follows[i] {
				followers++
				if firstFollower < 0 {
					firstFollower = i
				}
				continue
			}
			lastOwn = i
			if strings.HasPrefix(p, prefix+"p-") {
				chunks++
			}
		}
		if followers == 0 || chunks == 0 {
			t.Fatalf("%s: %d terms files that follow another and %d chunks: want both", code, followers, chunks)
		}
		if firstFollower < lastOwn {
			t.Errorf("%s: a terms file that waits for the first (%s) comes before %s", code, paths[firstFollower], paths[lastOwn])
		}
	}
}
