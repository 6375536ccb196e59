// Package gotemplate holds puente's fork of Go's text/template,
// text/template/parse, html/template and internal/fmtsort, in the folders
// below it: Go's files as gen copies them from the toolchain, and
// puente's own (puente_*.go), which make execution cheaper. README.md
// says what differs from the standard library and why.
package gotemplate

//go:generate go run ./gen
