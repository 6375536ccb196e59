// Package ci holds the tests of the repository's CI definitions: the GitHub
// workflows in .github/workflows (linted with actionlint) and .gitlab-ci.yml
// (read as GitLab reads its structure), and that every puente command they
// run is one the README's "Publishing" section gives, so that a run on an
// editor's machine and CI agree; and the house rule that no Go file but a
// generated one (the template fork's copies of Go's sources) grows past
// 800 lines. It has no code of its own.
package ci
