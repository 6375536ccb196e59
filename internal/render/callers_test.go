package render

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	template "github.com/puente-ssg/puente/internal/gotemplate/htmltemplate"
	texttemplate "github.com/puente-ssg/puente/internal/gotemplate/texttemplate"
)

// TestCallersMatchReflection executes templates calling a function of each
// type callers.go registers, with the engine's direct calls on and off,
// and wants the same output or the same error.
func TestCallersMatchReflection(t *testing.T) {
	when := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	funcs := template.FuncMap{
		"up":   strings.ToUpper,
		"day":  func(t time.Time) string { return t.Format("2 Jan") },
		"span": func(a, b time.Time) string { return a.Format("2") + "–" + b.Format("2 Jan") },
		"T": func(key string, args ...any) (string, error) {
			if key == "" {
				return "", errors.New("no key")
			}
			return key + fmt.Sprint(args...), nil
		},
		"tIn": func(lang, key string, args ...any) (string, error) {
			return lang + ":" + key + fmt.Sprint(args...), nil
		},
		"dict": func(kv ...any) (map[string]any, error) {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m, nil
		},
		"partial": func(name string, data any, keys ...any) (any, error) {
			if name == "boom" {
				panic("boom")
			}
			return template.HTML(fmt.Sprintf("<b>%s %v %d</b>", name, data, len(keys))), nil
		},
	}
	texts := []string{
		`{{up "a<b"}} {{"x" | up}} {{up 1}}`, `{{day .}} {{span . .}} {{day "x"}}`,
		`{{T "k" 1 "<"}} {{T ""}} {{T}}`, `{{tIn "es" "k" 2}} {{tIn "es"}}`,
		`{{(dict "a" "<x>" "b" 2).a}} {{range $k, $v := dict "a" 1}}{{$k}}={{$v}}{{end}}`,
		`{{partial "p" . 1 2}} <a title="{{partial "q" 1}}">`, `{{partial "boom" 1}}`, `{{partial "p"}}`,
	}
	for _, text := range texts {
		run := func(fast bool) string {
			defer texttemplate.FastPaths(texttemplate.FastPaths(fast))
			var b strings.Builder
			if err := template.Must(template.New("t").Funcs(funcs).Parse(text)).Execute(&b, when); err != nil {
				b.WriteString(" error: " + err.Error())
			}
			return b.String()
		}
		if slow, fast := run(false), run(true); slow != fast {
			t.Errorf("%s:\n reflection: %s\n direct:     %s", text, slow, fast)
		}
	}
}
