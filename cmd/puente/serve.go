package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/puente-ssg/puente/internal/server"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [flags]",
		"Build the site into memory and serve it on a loopback address. Saving a file\n"+
			"rebuilds the site and reloads open pages; a broken file shows its errors in the\n"+
			"page while the last good site stays served. Drafts and future pages are shown,\n"+
			"with a banner. Ctrl-C stops it.", stderr)
	source := fs.String("source", ".", "the site's `folder` (holding site.yaml)")
	port := fs.Int("port", 1313, "the `port` to listen on (0 picks a free one)")
	bind := fs.String("bind", "127.0.0.1", "the loopback `address` to listen on")
	drafts := fs.Bool("drafts", true, "show pages with draft: true")
	future := fs.Bool("future", true, "show pages dated in the future")
	baseURL := fs.String("base-url", "", "preview as published at this `URL` (or path, like /programme-site/): pages are served under its path")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	base := *baseURL
	if strings.HasPrefix(base, "/") {
		// A path alone: the preview's own address with that path.
		base = "http://" + net.JoinHostPort(*bind, strconv.Itoa(*port)) + base
	}
	srv := server.New(server.Options{Source: *source, Bind: *bind, Port: *port, Drafts: *drafts, Future: *future, BaseURL: base, Log: stderr})
	go func() {
		// After the first Ctrl-C, serve finishes the first build to keep
		// it for the next start; a second one stops at once.
		<-ctx.Done()
		stop()
	}()
	var out sync.Mutex
	err := srv.Run(ctx, func(addr string) {
		go func() {
			// The address is known now; the base path once site.yaml is read.
			srv.WaitStarted()
			out.Lock()
			fmt.Fprintf(stdout, "serving %s at http://%s%s (Ctrl-C to stop)\n", *source, addr, srv.BasePath())
			out.Unlock()
		}()
	})
	out.Lock()
	defer out.Unlock()
	if err != nil {
		fmt.Fprintf(stderr, "puente serve: %v\n", err)
		return exitError
	}
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}
