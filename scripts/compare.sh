#!/usr/bin/env bash
# compare.sh: whole-process comparison of issue 10.
#
#   scripts/compare.sh [PAGES...]        default: 3000 30000
#
# It generates a corpus per size (PAGES content files over en/es/pt, i.e.
# PAGES/3 translation groups, seed 1), then for ROUNDS rounds (default 5)
# runs, size after size, puente build, the floor (read + adrg/frontmatter +
# goldmark + write), the floor with minify, serve's first build (start to
# first page served) and, when `hugo` is on PATH, Hugo, alternately (A B C
# D E at one size, then at the next, ...), under GNU time, and prints medians, ratios, peak RSS and how time per page grows
# between the first and last size. Then, per size, it times a second build
# with nothing changed (the build cache), starts `puente serve` on the
# corpus and times EDITS saves (default 21) of one page's body until the
# page served shows them, then TITLE_EDITS saves (default 11) of its title
# until the page and then its year page show them (cmd/puente-editbench).
# Output goes to tmpfs (/dev/shm) when there is one. No network.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
SEED=${SEED:-1}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(3000 30000)

root=$(cd "$(dirname "$0")/.." && pwd)
TIME=/usr/bin/time
if ! "$TIME" -v true >/dev/null 2>&1; then
	echo "compare.sh: GNU time is missing: apt-get install time" >&2
	exit 2
fi
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/puente-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/puente" ./cmd/puente
go build -o "$work/puente-floor" ./cmd/puente-floor
go build -o "$work/puente-corpus" ./cmd/puente-corpus
go build -o "$work/puente-editbench" ./cmd/puente-editbench
have_hugo=0
if command -v hugo >/dev/null 2>&1; then
	have_hugo=1
else
	echo "hugo is not on PATH: skipping Hugo (Debian: apt-get install hugo)" >&2
fi

# measure NAME LOG CMD...: runs CMD under GNU time, appends "wall rss_kib cpu" to LOG.
measure() {
	local log=$1
	shift
	local t="$work/time.txt"
	if ! "$TIME" -v -o "$t" "$@" >"$work/out.txt" 2>&1; then
		echo "compare.sh: failed: $*" >&2
		tail -20 "$work/out.txt" >&2
		exit 1
	fi
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
		/User time/ { u = $2 } /System time/ { s = $2 }
		/Maximum resident set size/ { r = $2 }
		END { printf "%.3f %d %.3f\n", w, r, u + s }' "$t" >>"$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$1"; }

hugo_site() {
	# Hugo reads the same content (linked, not copied) with a config of the
	# same shape and a minimal theme of its own (scripts/hugo-layouts): lists,
	# pagination, taxonomies, related pages, RSS and sitemaps.
	mkdir -p "$1"
	ln -s "$2/content" "$1/content"
	cp -r "$root/scripts/hugo-layouts" "$1/layouts"
	cat >"$1/hugo.yaml" <<'EOF'
baseURL: https://corpus.example.org/
defaultContentLanguage: en
defaultContentLanguageInSubdir: true
languages:
  en: {weight: 1}
  es: {weight: 2}
  pt: {weight: 3}
taxonomies: {theme: themes, region: regions}
pagination: {pagerSize: 20}
paginate: 20
minify: {minifyOutput: true}
EOF
}

results="$work/results.txt"
: >"$results"
declare -A files
for n in "${sizes[@]}"; do
	site="$work/site-$n"
	"$work/puente-corpus" -groups $((n / 3)) -seed "$SEED" -out "$site" -layouts layouts -assets assets >/dev/null
	files[$n]=$(find "$site/content" -name '*.md' | wc -l)
	echo "size $n: ${files[$n]} content files in $site" >&2
	[ $have_hugo = 1 ] && hugo_site "$work/hugo-$n" "$site"
done
# Sizes alternate within each round, as the programs do within each size,
# so that a machine getting busier or quieter during the run weighs on
# every size alike: the growth per page compares sizes, and measuring one
# size after the other made it follow the machine's load instead.
for r in $(seq "$ROUNDS"); do
	for n in "${sizes[@]}"; do
		site="$work/site-$n"
		rm -rf "$work/out-p" "$work/out-f" "$work/out-m" "$work/out-h"
		measure "$work/p-$n" "$work/puente" build --source "$site" --dest "$work/out-p"
		measure "$work/f-$n" "$work/puente-floor" -source "$site" -dest "$work/out-f"
		measure "$work/m-$n" "$work/puente-floor" -minify -source "$site" -dest "$work/out-m"
		# serve's first build, from start to the first page served.
		"$work/puente-editbench" -puente "$work/puente" -source "$site" -edits 0 |
			sed -n 's/^serve first build \([0-9.]*\) s.*/\1/p' >>"$work/s-$n"
		if [ $have_hugo = 1 ]; then
			measure "$work/h-$n" hugo --quiet --source "$work/hugo-$n" --destination "$work/out-h"
		fi
		echo "  round $r, size $n: puente $(tail -1 "$work/p-$n" | cut -d' ' -f1)s floor $(tail -1 "$work/f-$n" | cut -d' ' -f1)s floor+minify $(tail -1 "$work/m-$n" | cut -d' ' -f1)s serve first build $(tail -1 "$work/s-$n")s" >&2
	done
done
rm -rf "$work/out-p" "$work/out-f" "$work/out-m" "$work/out-h"
for n in "${sizes[@]}"; do
	site="$work/site-$n"
	# A second build with nothing changed (the build cache), after a first
	# one into the same folder.
	rm -rf "$work/out-c" "$work/.puente-cache"
	"$work/puente" build --source "$site" --dest "$work/out-c" >/dev/null
	measure "$work/c-$n" "$work/puente" build --source "$site" --dest "$work/out-c"
	grep -q "nothing changed" "$work/out.txt" || { echo "compare.sh: the second build was not cached:" >&2; cat "$work/out.txt" >&2; exit 1; }
	cached=$(col "$work/c-$n" 1 | tail -1)
	rm -rf "$work/out-c" "$work/.puente-cache"
	# serve: first build, then the time from saving one file to the page
	# served with the change (puente-editbench, a real serve process).
	"$work/puente-editbench" -puente "$work/puente" -source "$site" -edits "${EDITS:-21}" >"$work/serve-$n.txt"
	cat "$work/serve-$n.txt" >&2
	sfirst=$(median <"$work/s-$n")
	smed=$(sed -n 's/.*: median \([0-9.]*\) ms.*/\1/p' "$work/serve-$n.txt")
	# A title edit: the page is published first, its lists when the rebuild
	# of the model ends.
	"$work/puente-editbench" -puente "$work/puente" -source "$site" -edits "${TITLE_EDITS:-11}" -edit title >"$work/title-$n.txt"
	cat "$work/title-$n.txt" >&2
	tmed=$(sed -n 's/.*: median \([0-9.]*\) ms.*/\1/p' "$work/title-$n.txt")
	tlist=$(sed -n 's/.*after a median of \([0-9.]*\) ms.*/\1/p' "$work/title-$n.txt")
	p=$(col "$work/p-$n" 1 | median)
	f=$(col "$work/f-$n" 1 | median)
	m=$(col "$work/m-$n" 1 | median)
	pc=$(col "$work/p-$n" 3 | median)
	fc=$(col "$work/f-$n" 3 | median)
	prss=$(col "$work/p-$n" 2 | sort -n | tail -1)
	frss=$(col "$work/f-$n" 2 | sort -n | tail -1)
	h=-
	hrss=-
	if [ $have_hugo = 1 ]; then
		h=$(col "$work/h-$n" 1 | median)
		hrss=$(awk -v k="$(col "$work/h-$n" 2 | sort -n | tail -1)" 'BEGIN { printf "%.0f", k / 1024 }')
	fi
	echo "$n ${files[$n]} $p $f $m $pc $fc $prss $frss $h $hrss $sfirst $smed $cached $tmed $tlist" >>"$results"
	rm -rf "$site" "$work/hugo-$n"
done

echo
echo "machine: $(nproc) cores, $(awk '/model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo), $(uname -sr), $(go version | cut -d' ' -f3), output in $base"
echo "medians of $ROUNDS alternating rounds; cpu = user+sys seconds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
awk -v hugo=$have_hugo '
	BEGIN {
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", "size", "files", "puente s", "floor s", "floor+minify s", "puente/floor", "puente/(floor+minify)", "puente cpu s", "floor cpu s", "puente peak RSS MiB", "floor peak RSS MiB", "per-page growth (wall)", "per-page growth (cpu)"
		print "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	}
	{
		per = $3 / $2
		cper = $6 / $2
		growth = (NR == 1) ? "-" : sprintf("%+.1f %%", (per / first - 1) * 100)
		cgrowth = (NR == 1) ? "-" : sprintf("%+.1f %%", (cper / cfirst - 1) * 100)
		if (NR == 1) { first = per; cfirst = cper }
		printf "| %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %s | %s |\n", $1, $2, $3, $4, $5, $3 / $4, $3 / $5, $6, $7, $8 / 1024, $9 / 1024, growth, cgrowth
		hl[NR] = sprintf("| %d | %s s | %s MiB |", $1, $10, $11)
		sl[NR] = sprintf("| %d | %.2f s | %.2f s | %.2f s | %s ms | %s ms | %s ms |", $1, $3, $14, $12, $13, $15, $16)
	}
	END {
		print ""
		print "| size | puente build s | second build, nothing changed s | serve first build s | serve save-to-served median ms (body edit) | title edit: page served, median ms | title edit: year page updated, median ms |"
		print "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (i = 1; i <= NR; i++) print sl[i]
		if (hugo) {
			print ""
			print "| size | hugo s | hugo peak RSS MiB |"
			print "| ---: | ---: | ---: |"
			for (i = 1; i <= NR; i++) print hl[i]
		}
	}' "$results"
echo
echo "per-page growth: puente time per content file at this size against the first size (target: at most +10 %);"
echo "on a busy machine the cpu column (user+sys) is the steadier one"
