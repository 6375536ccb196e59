package cms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/puente-ssg/puente/internal/config"
	"github.com/puente-ssg/puente/internal/diag"
)

// Configs returns every configuration file the site has, by file name:
// config.yml and config.<lang>.yml.
func Configs(cfg *config.Config) map[string][]byte {
	out := map[string][]byte{}
	for _, l := range Languages(cfg) {
		out[FileName(cfg, l)] = Generate(cfg, l)
	}
	return out
}

// Files returns the editor's files of the built site: the admin page, the
// configurations and, when `npm ci` in scripts/cms installed it, the
// editor's script with the chunks it loads. Without the script the admin
// page says how to get it.
func Files(fsys fs.FS, cfg *config.Config) []File {
	var files []File
	for name, data := range Configs(cfg) {
		files = append(files, File{Path: AdminDir + "/" + name, Data: data})
	}
	script := scriptFiles(fsys)
	files = append(files, File{Path: AdminDir + "/index.html", Data: adminPage(cfg, len(script) > 0)})
	return append(files, script...)
}

// scriptFiles reads decap-cms's browser bundle: decap-cms.js, the chunks
// it loads from beside itself (N.decap-cms.js) and its WebAssembly, not
// the source maps or the second copy named cms.js.
func scriptFiles(fsys fs.FS) []File {
	entries, err := fs.ReadDir(fsys, ScriptDir)
	if err != nil {
		return nil
	}
	var files []File
	for _, e := range entries {
		n := e.Name()
		if !e.Type().IsRegular() || !(strings.HasSuffix(n, "decap-cms.js") || path.Ext(n) == ".wasm") {
			continue
		}
		data, err := fs.ReadFile(fsys, ScriptDir+"/"+n)
		if err != nil {
			continue
		}
		files = append(files, File{Path: AdminDir + "/" + n, Data: data})
	}
	for _, f := range files {
		if f.Path == AdminDir+"/decap-cms.js" {
			return files
		}
	}
	return nil
}

// Check compares the committed configurations in scripts/cms with what
// site.yaml and the schema give now, and reports each that differs, with
// the first line that does and the command that fixes it. A site that
// commits none (it has not run `puente cms`) has nothing to compare.
func Check(fsys fs.FS, cfg *config.Config) diag.List {
	var errs diag.List
	if _, err := fs.Stat(fsys, Dir+"/config.yml"); err != nil {
		return nil
	}
	want := Configs(cfg)
	for _, l := range Languages(cfg) {
		name := FileName(cfg, l)
		p := Dir + "/" + name
		got, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Errorf(diag.Pos{File: p}, "missing: the editor's configuration is generated from site.yaml and the front matter schema; run %s", RegenerateCommand)
			continue
		}
		if bytes.Equal(got, want[name]) {
			continue
		}
		line, wantLine, gotLine := firstDifference(want[name], got)
		errs.Errorf(diag.Pos{File: p, Line: line}, "does not match site.yaml and the front matter schema (want %q, found %q); run %s", wantLine, gotLine, RegenerateCommand)
	}
	return errs
}

func firstDifference(want, got []byte) (int, string, string) {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return i + 1, strings.TrimSpace(a), strings.TrimSpace(b)
		}
	}
	return 1, "", ""
}

var adminTmpl = template.Must(template.New("admin").Parse(`<!DOCTYPE html>
<html lang="{{ .Default }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ .Title }}</title>
<style>
#puente-langs{position:fixed;z-index:400;left:.5rem;bottom:.5rem;font:13px/1.4 system-ui,sans-serif;background:#fff;border:1px solid #ccd;border-radius:4px;padding:.3rem .5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
#puente-langs fieldset{display:inline;border:0;margin:0 .5rem 0 0;padding:0}#puente-langs legend{display:inline;float:left;margin-right:.3rem;font-weight:600}
#puente-missing{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
/* Section introductions and the home page (_index files) share the folders of their
   sections, but not their fields: Decap cannot leave them out of a collection, so their
   cards are hidden. */
a[href$="/entries/_index"]{display:none}
</style>
</head>
<body>
<main id="puente-missing" hidden>
<h1>The editor is not installed here</h1>
<p>This copy of the site has no editor script: it comes from npm, pinned in <code>scripts/cms/package.json</code>.
Install it once, then build or serve again:</p>
<pre><code>cd scripts/cms &amp;&amp; npm ci --ignore-scripts</code></pre>
<p>Continuous integration installs it before publishing; see docs/editors.md.</p>
</main>
<noscript><p>The editor needs JavaScript.</p></noscript>
<form id="puente-langs" hidden>
<fieldset><legend>✎</legend>{{ range .Languages }}
<label><input type="radio" name="lang" value="{{ .Code }}"> {{ .Name }}</label>{{ end }}</fieldset>
<fieldset><legend>+</legend>{{ range .Languages }}
<label><input type="checkbox" name="also" value="{{ .Code }}"> {{ .Name }}</label>{{ end }}</fieldset>
<button type="submit">OK</button>
</form>
<script>
(function () {
  var site = {{ .JSON }};
  var q = new URLSearchParams(location.search);
  var codes = site.languages.map(function (l) { return l.code; });
  function known(c) { return codes.indexOf(c) >= 0; }
  // The language the editor writes in: ?lang=, else the last one chosen,
  // else the browser's, else the site's default.
  var lang = q.get("lang");
  if (!known(lang)) lang = localStorage.getItem("puente-cms-lang");
  if (!known(lang)) lang = (navigator.languages || []).map(function (l) { return l.slice(0, 2); }).filter(known)[0];
  if (!known(lang)) lang = site.default;
  localStorage.setItem("puente-cms-lang", lang);
  // The other languages shown beside it: ?also=es,pt; all of them unless
  // narrowed, since Decap writes a file for every language it shows.
  var also = codes.filter(function (c) { return c !== lang; });
  if (q.has("also")) also = q.get("also").split(",").filter(function (c) { return known(c) && c !== lang; });
  var form = document.getElementById("puente-langs");
  form.querySelectorAll("input").forEach(function (i) {
    i.checked = i.name === "lang" ? i.value === lang : also.indexOf(i.value) >= 0;
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var l = form.querySelector("input[name=lang]:checked").value;
    var a = [].filter.call(form.querySelectorAll("input[name=also]:checked"), function (i) { return i.value !== l; }).map(function (i) { return i.value; });
    location.search = "?lang=" + l + "&also=" + a.join(",");
  });
  document.documentElement.lang = lang;
  var link = document.createElement("link");
  link.rel = "cms-config-url";
  link.type = "text/yaml";
  link.href = site.configs[lang];
  document.head.appendChild(link);
  var init = {};
  if (also.length < codes.length - 1) {
    window.CMS_ENV = "puente_languages";
    init.i18n = { locales: [lang].concat(also), default_locale: lang };
  }
  // The local backend (decap-server) listens on 8081 unless the admin
  // page is opened with ?backend=PORT; only loopback addresses are used.
  var port = q.get("backend");
  if (port && /^[0-9]{2,5}$/.test(port)) init.local_backend = { url: "http://127.0.0.1:" + port + "/api/v1" };
  if (!site.script) { document.getElementById("puente-missing").hidden = false; return; }
  window.CMS_MANUAL_INIT = true;
  var s = document.createElement("script");
  s.src = "{{ .Script }}";
  s.onload = function () {
    form.hidden = false;
    window.CMS.init(Object.keys(init).length ? { config: init } : undefined);
  };
  s.onerror = function () { document.getElementById("puente-missing").hidden = false; };
  document.body.appendChild(s);
})();
</script>
</body>
</html>
`))

// adminPage is /admin/index.html: it picks the configuration in the
// editor's language and loads the editor's script from this site.
func adminPage(cfg *config.Config, haveScript bool) []byte {
	type langJSON struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	data := struct {
		Languages []langJSON        `json:"languages"`
		Default   string            `json:"default"`
		Configs   map[string]string `json:"configs"`
		Script    bool              `json:"script"`
	}{Default: cfg.DefaultLanguage, Configs: map[string]string{}, Script: haveScript}
	for _, l := range Languages(cfg) {
		name := l
		if cl, ok := cfg.Language(l); ok && cl.Name != "" {
			name = cl.Name
		}
		data.Languages = append(data.Languages, langJSON{l, name})
		data.Configs[l] = "/" + AdminDir + "/" + FileName(cfg, l)
	}
	js, _ := json.Marshal(data)
	var b bytes.Buffer
	err := adminTmpl.Execute(&b, map[string]any{
		"Default": cfg.DefaultLanguage, "Title": "Editor – " + siteTitle(cfg), "Languages": data.Languages,
		"JSON": template.JS(js), "Script": "/" + AdminDir + "/decap-cms.js",
	})
	if err != nil {
		panic(fmt.Sprintf("admin page: %v", err)) // the template and data are ours
	}
	return b.Bytes()
}

func siteTitle(cfg *config.Config) string {
	if l, ok := cfg.Language(cfg.DefaultLanguage); ok && l.Title != "" {
		return l.Title
	}
	return cfg.BaseURL.Host
}

// File is one file of the editor in the built site.
type File struct {
	Path string // in the built site: admin/config.yml
	Data []byte
}
