package server

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/puente-ssg/puente/internal/build"
	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	"github.com/puente-ssg/puente/internal/translations"
)

// TranslationsPath is serve's page of missing and stale translations. It
// is never part of build's output.
const TranslationsPath = "/_puente/translations"

var translationsTmpl = template.Must(template.New("translations").Funcs(template.FuncMap{
	"percent": func(n, total int) int {
		if total == 0 {
			return 100
		}
		return n * 100 / total
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translations – puente</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ccc}
.bar{display:inline-block;width:10rem;height:.8rem;background:#ddd;vertical-align:middle}.bar span{display:block;height:100%;background:#1d5e2e}
.missing{color:#8a1c1c}.stale{color:#7a4b00}
.changes{color:#1a1a1a;margin:.3rem 0 1rem}.para{white-space:pre-wrap;margin:.3rem 0}.line{color:#555;font-size:.85em}
ins{background:#d7f5dd;text-decoration:none}del{background:#fbe0e0}
</style></head>
<body><main>
<h1>Translations</h1>
<p>{{ .Missing }} missing, {{ .Stale }} stale. Stale means the translation's last change is older than its source's ({{ .DatesFrom }}).</p>
{{ range .Report.Languages }}
<section aria-labelledby="lang-{{ .Lang }}">
<h2 id="lang-{{ .Lang }}">{{ .Lang }}: {{ .Translated }} of {{ .Pages }} pages</h2>
<table><thead><tr><th scope="col">Section</th><th scope="col">Coverage</th><th scope="col">Pages</th></tr></thead><tbody>
{{ range .Sections }}<tr><td>{{ if .Key }}{{ .Key }}{{ else }}(standalone pages){{ end }}</td>
<td><span class="bar" role="img" aria-label="{{ .Translated }} of {{ .Pages }}"><span style="width:{{ percent .Translated .Pages }}%"></span></span></td>
<td>{{ .Translated }} / {{ .Pages }}</td></tr>
{{ end }}</tbody></table>
{{ if .Missing }}<h3>Missing</h3><ul>{{ range .Missing }}<li class="missing"><a href="{{ .SourceURL }}">{{ .Title }}</a> <code>{{ .Source }}</code></li>{{ end }}</ul>{{ end }}
{{ if .Stale }}<h3>Stale</h3><ul>{{ range .Stale }}<li class="stale"><a href="{{ .URL }}">{{ .File }}</a> ({{ .Date.Format "2006-01-02" }}), source <a href="{{ .SourceURL }}">{{ .Source }}</a> ({{ .SourceDate.Format "2006-01-02" }}){{ if .Admin }} · <a href="{{ .Admin }}">edit</a>{{ end }}
{{ with .Changes }}<details class="changes" open><summary>What changed in the source since {{ .Commit }} ({{ .Date.Format "2006-01-02" }})</summary>
{{ with .Note }}<p>{{ . }}</p>{{ end }}{{ range .Paragraphs }}<p class="para"><span class="line">{{ if .Line }}line {{ .Line }}{{ else }}removed{{ end }}</span> {{ range .Words }}{{ if eq .Op "+" }}<ins>{{ .Text }}</ins> {{ else if eq .Op "-" }}<del>{{ .Text }}</del> {{ else }}{{ .Text }} {{ end }}{{ end }}</p>
{{ end }}</details>{{ end }}</li>{{ end }}</ul>{{ end }}
</section>
{{ end }}
</main></body></html>
`))

func (s *Server) serveTranslations(w http.ResponseWriter, r *http.Request) {
	dates := build.GitDates(s.opts.Source)
	// A rebuild may update the model in place (an edit of a page's own
	// fields gives it its new title, summary and file), so the report
	// waits for it to end.
	s.rebuildMu.Lock()
	defer s.rebuildMu.Unlock()
	s.mu.RLock()
	loaded := s.loaded
	s.mu.RUnlock()
	if loaded == nil {
		http.Error(w, "the site has not built yet", http.StatusServiceUnavailable)
		return
	}
	from := "Git commit dates"
	if dates == nil {
		from = "lastmod in front matter"
	}
	rep := translations.Report(loaded.Model, dates)
	translations.AddChanges(rep, s.opts.Source)
	for _, l := range rep.Languages {
		sort.SliceStable(l.Sections, func(i, j int) bool { return l.Sections[i].Key < l.Sections[j].Key })
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	err := translationsTmpl.Execute(w, map[string]any{
		"Report": rep, "Missing": rep.MissingCount(), "Stale": rep.StaleCount(), "DatesFrom": from,
	})
	if err != nil {
		fmt.Fprintf(w, "<p>%s</p>", template.HTMLEscapeString(err.Error()))
	}
}
