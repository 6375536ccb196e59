// Command puente-floor is the performance floor puente is measured against
// (scripts/compare.sh): it does only what the chosen libraries cost for a
// site, with nothing of puente's own.
// It reads every .md under DIR/content, parses the front matter with
// adrg/frontmatter, renders the body with goldmark (GFM, footnotes,
// typographer, heading IDs) and writes OUT/<path>/index.html, on all cores.
// With -minify it also minifies the HTML with tdewolff/minify.
//
//	puente-floor [-minify] -source DIR -dest OUT
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/adrg/frontmatter"
	"github.com/tdewolff/minify/v2"
	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("puente-floor", flag.ContinueOnError)
	fset.SetOutput(stderr)
	source := fset.String("source", ".", "site folder holding content/")
	dest := fset.String("dest", "", "output folder")
	mini := fset.Bool("minify", false, "minify the HTML")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if *dest == "" || fset.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: puente-floor [-minify] -source DIR -dest OUT")
		return 2
	}
	n, err := floor(*source, *dest, *mini)
	if err != nil {
		fmt.Fprintf(stderr, "puente-floor: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "floor: %d pages\n", n)
	return 0
}

// floor converts every page and returns how many it wrote.
func floor(source, dest string, mini bool) (int, error) {
	root := filepath.Join(source, "content")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	var m *minify.M
	if mini {
		m = minify.New()
		m.AddFunc("text/html", mhtml.Minify)
	}

	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				if err := page(md, m, root, dest, files[i], &buf); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return len(files), first
}

// page converts one file into dest/<path>/index.html.
func page(md goldmark.Markdown, m *minify.M, root, dest, file string, buf *bytes.Buffer) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	var front map[string]any
	body, err := frontmatter.Parse(f, &front)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	title, _ := front["title"].(string)
	buf.Reset()
	buf.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
	buf.WriteString(html.EscapeString(title))
	buf.WriteString("</title></head>\n<body>\n<main>\n")
	if err := md.Convert(body, buf); err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	buf.WriteString("</main>\n</body></html>\n")
	out := buf.Bytes()
	if m != nil {
		if out, err = m.Bytes("text/html", out); err != nil {
			return fmt.Errorf("%s: minifying: %v", file, err)
		}
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return err
	}
	dir := filepath.Join(dest, strings.TrimSuffix(rel, ".md"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), out, 0o644)
}
