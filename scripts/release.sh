#!/usr/bin/env bash
# release.sh: builds puente for editors who do not have Go: one binary per
# platform (Linux, macOS and Windows, on amd64 and arm64) and a SHA-256
# checksums file, in dist/<version>/.
#
# The binaries are reproducible: the same commit, version and Go version
# give the same bytes on any machine (no cgo, -trimpath drops the build
# machine's paths, -buildvcs=false and an empty build ID leave out what
# differs between checkouts; the version and commit are stamped with
# -ldflags instead). cmd/puente/default.pgo is used as by any go build.
#
# Usage: scripts/release.sh VERSION [OUTDIR]
#   VERSION    what `puente version` prints, e.g. v1.2.0
#   OUTDIR     default dist/VERSION
#   PLATFORMS  (environment) the GOOS/GOARCH pairs to build, default all six
set -euo pipefail

version=${1:?usage: scripts/release.sh VERSION [OUTDIR]}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/dist/$version}
platforms=${PLATFORMS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(git -C "$root" status --porcelain -- cmd internal go.mod go.sum 2>/dev/null)" ]; then
  commit="$commit+dirty"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
names=()
for p in $platforms; do
  goos=${p%/*} goarch=${p#*/}
  ext=
  [ "$goos" = windows ] && ext=.exe
  name="puente_${version}_${goos}_${goarch}${ext}"
  GOOS=$goos GOARCH=$goarch go build -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid= -X main.buildVersion=$version -X main.buildCommit=$commit" \
    -o "$out/$name" ./cmd/puente
  names+=("$name")
  echo "built $name"
done

# One line per binary, as sha256sum writes and `sha256sum -c` reads.
cd "$out"
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum "${names[@]}" > SHA256SUMS
else
  shasum -a 256 "${names[@]}" > SHA256SUMS # macOS
fi
echo "wrote $out/SHA256SUMS"
