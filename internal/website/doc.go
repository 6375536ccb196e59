// Package website holds the tests of the repository's own site: the
// programme website under content/, layouts/ and assets/. They build it the
// way `puente build` does and check the result as a visitor's tools would:
// the W3C Nu validator on every page, axe-core in Chromium on a sample of
// every kind of page in every language, page counts, links, the stylesheet's
// weight, and the site working with JavaScript off.
//
// The validators are pinned in scripts/validate (npm ci there). Without
// them, or without Java or Chromium, the tests that need them skip, unless
// PUENTE_REQUIRE_VALIDATORS or PUENTE_REQUIRE_BROWSER is set, as CI does.
package website
