package sitetest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// A Ref is one reference found in a built file: a link, a source, a feed's
// or a sitemap's URL, a redirect's target.
type Ref struct {
	File string // the built file, relative to the site's folder
	URL  string // as written
	// Integrity is the subresource integrity the reference carries, if any.
	Integrity string
}

// References finds every reference in the built site in dir: in HTML the
// href, src, srcset, action, poster and data-index attributes, meta refresh
// targets and absolute URLs in meta content (og:url, og:image); in feeds
// and sitemaps every href, loc, id, uri, icon and logo; in robots.txt the
// Sitemap lines; in JSON every string that is a path or an http(s) URL; in
// calendars the URL properties; in CSS every url(); in _redirects both
// columns.
func References(dir string) ([]Ref, error) {
	var refs []Ref
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		add := func(u, integrity string) {
			refs = append(refs, Ref{File: rel, URL: u, Integrity: integrity})
		}
		switch ext := path.Ext(rel); {
		case ext == ".html":
			htmlRefs(b, add)
		case ext == ".xml":
			for _, m := range xmlRefRE.FindAllSubmatch(b, -1) {
				add(html.UnescapeString(string(m[1])+string(m[2])), "")
			}
		case rel == "robots.txt":
			sc := bufio.NewScanner(bytes.NewReader(b))
			for sc.Scan() {
				if v, ok := strings.CutPrefix(sc.Text(), "Sitemap:"); ok {
					add(strings.TrimSpace(v), "")
				}
			}
		case ext == ".json":
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				return fmt.Errorf("%s: %v", rel, err)
			}
			jsonRefs(v, func(s string) { add(s, "") })
		case ext == ".ics":
			// Lines are folded at 75 octets: a line starting with a space
			// continues the one before.
			unfolded := strings.ReplaceAll(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n ", "")
			for _, line := range strings.Split(unfolded, "\n") {
				name, value, ok := strings.Cut(line, ":")
				if ok && (name == "URL" || strings.HasPrefix(name, "URL;")) {
					add(value, "")
				}
			}
		case ext == ".css":
			for _, m := range cssURLRE.FindAllSubmatch(b, -1) {
				add(string(m[1]), "")
			}
		case rel == "_redirects":
			sc := bufio.NewScanner(bytes.NewReader(b))
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) >= 2 && !strings.HasPrefix(f[0], "#") {
					add(f[1], "")
				}
			}
		}
		return nil
	})
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].File < refs[j].File })
	return refs, err
}

var (
	tagRE  = regexp.MustCompile(`(?s)<[a-zA-Z][^<>]*>`)
	attrRE = regexp.MustCompile(`\s([a-zA-Z-:]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
	// refreshRE reads a meta refresh's content: "0; url=/en/".
	refreshRE = regexp.MustCompile(`(?i)^\s*\d+\s*;\s*url=(.*)$`)
	xmlRefRE  = regexp.MustCompile(`(?:\shref="([^"]*)"|<(?:loc|id|uri|icon|logo)>([^<]*)<)`)
	cssURLRE  = regexp.MustCompile(`url\(\s*["']?([^"')]+)`)
)

func htmlRefs(b []byte, add func(u, integrity string)) {
	for _, tag := range tagRE.FindAll(b, -1) {
		attrs := map[string]string{}
		for _, m := range attrRE.FindAllSubmatch(tag, -1) {
			attrs[strings.ToLower(string(m[1]))] = html.UnescapeString(string(m[2]) + string(m[3]) + string(m[4]))
		}
		for _, name := range []string{"href", "src", "action", "poster", "data-index"} {
			if v, ok := attrs[name]; ok {
				add(v, attrs["integrity"])
			}
		}
		if v, ok := attrs["srcset"]; ok {
			for _, c := range strings.Split(v, ",") {
				if f := strings.Fields(c); len(f) > 0 {
					add(f[0], "")
				}
			}
		}
		if v, ok := attrs["content"]; ok {
			if m := refreshRE.FindStringSubmatch(v); m != nil {
				add(strings.Trim(m[1], `'"`), "")
			} else if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
				add(v, "")
			}
		}
	}
}

func jsonRefs(v any, add func(string)) {
	switch v := v.(type) {
	case string:
		if (strings.HasPrefix(v, "/") && !strings.ContainsAny(v, " \n")) || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			add(v)
		}
	case []any:
		for _, e := range v {
			jsonRefs(e, add)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			jsonRefs(v[k], add)
		}
	}
}

// Resolve checks that ref, found in the site in dir published at base,
// stays under base and names a file of the site (and, with integrity, that
// the file has that hash). It returns the file's path relative to dir, ""
// for a reference elsewhere (another host, mailto:, a fragment of the
// same page), or an error saying what is wrong.
func Resolve(dir string, base *url.URL, ref Ref) (string, error) {
	raw := ref.URL
	if raw == "" || strings.HasPrefix(raw, "#") {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("not a URL: %v", err)
	}
	switch u.Scheme {
	case "", "http", "https":
	default:
		return "", nil // mailto:, tel:, data:
	}
	p := u.Path
	switch {
	case u.Host != "":
		if u.Host != base.Host {
			return "", nil
		}
		if u.Scheme != base.Scheme {
			return "", fmt.Errorf("scheme %s, the site is published on %s", u.Scheme, base.Scheme)
		}
	case strings.HasPrefix(p, "/"):
	case p == "":
		return "", nil // a query on the page itself
	default:
		if path.Base(ref.File) == "404.html" {
			return "", fmt.Errorf("a relative reference in a 404 page, which is served at any URL")
		}
		dirURL := base.Path + path.Dir(ref.File) + "/"
		if path.Dir(ref.File) == "." {
			dirURL = base.Path
		}
		p = path.Join(dirURL, p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	rel, ok := strings.CutPrefix(p, base.Path)
	if !ok && p+"/" != base.Path {
		return "", fmt.Errorf("outside %s, where the site is published", base)
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	full := filepath.Join(dir, filepath.FromSlash(rel))
	fi, err := os.Stat(full)
	if err == nil && fi.IsDir() {
		rel = path.Join(rel, "index.html")
		full = filepath.Join(dir, filepath.FromSlash(rel))
		fi, err = os.Stat(full)
	}
	if err != nil {
		return "", fmt.Errorf("no file %s in the built site", rel)
	}
	if ref.Integrity != "" {
		if err := checkIntegrity(full, ref.Integrity); err != nil {
			return "", err
		}
	}
	if u.Fragment != "" && path.Ext(rel) == ".html" {
		b, err := os.ReadFile(full)
		if err != nil {
			return "", err
		}
		frag := regexp.QuoteMeta(u.Fragment)
		if !regexp.MustCompile(`\sid=(?:"` + frag + `"|'` + frag + `'|` + frag + `[\s>])`).Match(b) {
			return "", fmt.Errorf("%s has no element with id %q", rel, u.Fragment)
		}
	}
	return rel, nil
}

func checkIntegrity(file, integrity string) error {
	algo, want, ok := strings.Cut(integrity, "-")
	if !ok {
		return fmt.Errorf("integrity %q is not algo-hash", integrity)
	}
	var h hash.Hash
	switch algo {
	case "sha256":
		h = sha256.New()
	case "sha384":
		h = sha512.New384()
	case "sha512":
		h = sha512.New()
	default:
		return fmt.Errorf("integrity %q: unknown algorithm", integrity)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	h.Write(b)
	if got := base64.StdEncoding.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("integrity %s, but the file's %s is %s", integrity, algo, got)
	}
	return nil
}

// CheckReferences resolves every reference of the site built in dir,
// published at baseURL, failing the test for each that goes nowhere or
// leaves the base path. It returns how many references were resolved to a
// file of the site.
func CheckReferences(t interface {
	Helper()
	Errorf(string, ...any)
	Fatal(...any)
}, dir, baseURL string) int {
	t.Helper()
	base, err := url.Parse(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	refs, err := References(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range refs {
		rel, err := Resolve(dir, base, r)
		if err != nil {
			t.Errorf("%s: %s: %v", r.File, r.URL, err)
		}
		if rel != "" {
			n++
		}
	}
	return n
}
