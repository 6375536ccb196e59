#!/bin/bash
# pgo.sh: records cmd/puente/default.pgo, the CPU profile the Go compiler
# optimizes puente with (profile-guided optimization: go build and go run
# pick up default.pgo in the main package's folder by themselves).
#
# The profile is of a whole `puente build` of a generated 30,000-page site
# (cmd/puente-corpus, seed 1), built by a puente compiled without a profile,
# so that the profile does not feed on itself. Record it again after large
# changes to what a build does; an old profile still works, it only
# optimizes less. Measured when it was added (scripts/compare.sh, this
# machine): see the README's performance section.
#
# Usage: scripts/pgo.sh [GROUPS]   (default 10000 translation groups)
set -euo pipefail

groups=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/puente-pgo.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -pgo=off -o "$work/puente" ./cmd/puente
go run ./cmd/puente-corpus -groups "$groups" -seed 1 -out "$work/site" -layouts layouts -assets assets >/dev/null
"$work/puente" build --source "$work/site" --dest "$work/public" --no-cache --profile-cpu "$work/build.pprof" >/dev/null
cp "$work/build.pprof" cmd/puente/default.pgo
echo "pgo.sh: wrote cmd/puente/default.pgo ($(wc -c <cmd/puente/default.pgo) bytes) from a build of $groups translation groups" >&2
