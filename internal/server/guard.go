package server

import (
	"net"
	"net/http"
	"strings"
)

// InternalPrefix is where serve's own pages and streams live; a site
// cannot publish a path there (its first segment starts with "_").
const InternalPrefix = "/_puente/"

// guard is the one door every request of serve passes through, whatever
// handler later answers it. A page on another site the editor visits can
// make the browser send requests to the preview, and with DNS rebinding
// (a name of its own that resolves to 127.0.0.1) read the answers: drafts,
// future pages, the translations report. The browser then sends that
// name as Host, so only requests naming the preview as the editor's
// browser does, a loopback name or address with the port it listens on,
// are answered; others get 403. Serve's internal endpoints only read, so
// they answer GET and HEAD alone.
func guard(addr string, next http.Handler) http.Handler {
	bindHost, port, err := net.SplitHostPort(addr)
	if err != nil {
		bindHost, port = addr, ""
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowedHost(r.Host, bindHost, port) {
			http.Error(w, "forbidden: puente serve answers only requests for localhost, 127.0.0.1 or [::1] with its port", http.StatusForbidden)
			return
		}
		if strings.HasPrefix(r.URL.Path, InternalPrefix) && r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedHost reports whether a Host header names the preview: a
// loopback name or address, or the address it is bound to, with the port
// it listens on (a browser leaves out port 80 only).
func allowedHost(host, bindHost, port string) bool {
	name, p, err := net.SplitHostPort(host)
	if err != nil {
		// No port: only right when listening on the default one.
		name, p = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), "80"
	}
	if p != port {
		return false
	}
	switch strings.ToLower(name) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return name == bindHost && isLoopback(name)
}
