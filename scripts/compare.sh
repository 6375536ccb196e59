#!/usr/bin/env bash
# compare.sh: puente against its floor and Hugo, whole processes, one run.
#
#   scripts/compare.sh [PAGES...]        default: 3000 30000
#   QUICK=1 scripts/compare.sh           a smoke test: 3000 pages, 1 round, 2 saves per edit
#
# Per size it generates a corpus (PAGES content files over en/es/pt, i.e.
# PAGES/3 translation groups, seed SEED), then:
#
#  1. ROUNDS rounds (default 5) in which sizes, and programs within a size,
#     alternate: puente build (no .puente-cache: a full build), the floor
#     (read + adrg/frontmatter + goldmark + write), the floor with minify,
#     puente serve started cold (no .puente-cache) to its first page served,
#     and Hugo when it is on PATH; under GNU time. Medians, ratios, peak RSS,
#     and how time per page grows from the first size to the last.
#  2. A second build with nothing changed (the build cache).
#  3. ROUNDS times: serve started warm (after a serve of the same site left
#     its .puente-cache) and warm after 50 content files changed (PULL, as
#     a git pull would), to the first page served; in the last round each
#     also checks every output served against a full build.
#  4. `hugo server` to its first page, once.
#  5. cmd/puente-editbench: EDITS saves (default 6) of each kind of edit
#     (body, title, summary, date, date in another year, regions, themes,
#     translationKey, slug, draft on/off, file deleted/added, renamed,
#     translation added/removed), each timed from the save to every output
#     it changes served as a full build has it; a save never served so
#     within EDIT_TIMEOUT (default 60s) is a failure, not a time.
#
# Output goes to tmpfs (/dev/shm) when there is one. No network.
set -euo pipefail

if [ "${QUICK:-0}" = 1 ]; then
	ROUNDS=${ROUNDS:-1}
	EDITS=${EDITS:-2}
	[ $# -eq 0 ] && set -- 3000
fi
ROUNDS=${ROUNDS:-5}
EDITS=${EDITS:-6}
PULL=${PULL:-50}
EDIT_TIMEOUT=${EDIT_TIMEOUT:-60s}
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
hugo_pid=
cleanup() {
	[ -n "$hugo_pid" ] && kill "$hugo_pid" 2>/dev/null && wait "$hugo_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

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

# measure LOG CMD...: runs CMD under GNU time, appends "wall rss_kib cpu" to LOG.
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

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$1"; }

# first_page LOG [FLAGS...]: starts puente serve on the site (editbench
# -edits 0), appends the seconds to its first page to LOG; with -check,
# "ok" or "WRONG" to LOG.check.
first_page() {
	local log=$1 site=$2
	shift 2
	local out="$work/first.txt"
	if "$work/puente-editbench" -puente "$work/puente" -source "$site" -tmp "$work" -edits 0 "$@" >"$out" 2>&1; then
		case " $* " in *" -check "*) echo ok >>"$log.check" ;; esac
	else
		cat "$out" >&2
		echo WRONG >>"$log.check"
	fi
	sed -n 's/^serve: first page served after \([0-9.]*\) s$/\1/p' "$out" >>"$log"
}

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

# hugo_first_page DIR: seconds from starting `hugo server` (rendering to
# memory) to its first page answering 200.
hugo_first_page() {
	local port
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18313)
	local t0
	t0=$(date +%s.%N)
	hugo server --quiet --source "$1" --bind 127.0.0.1 --port "$port" --disableLiveReload >"$work/hugo-server.txt" 2>&1 &
	hugo_pid=$!
	local ok=0
	for _ in $(seq 60000); do
		if curl -sf -o /dev/null "http://127.0.0.1:$port/"; then
			ok=1
			break
		fi
		kill -0 "$hugo_pid" 2>/dev/null || break
		sleep 0.01
	done
	local t1
	t1=$(date +%s.%N)
	kill "$hugo_pid" 2>/dev/null
	wait "$hugo_pid" 2>/dev/null || true
	hugo_pid=
	if [ $ok = 1 ]; then awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'; else echo -; fi
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
		rm -rf "$work/out-p" "$work/out-f" "$work/out-m" "$work/out-h" "$work/.puente-cache" "$site/.puente-cache"
		measure "$work/p-$n" "$work/puente" build --source "$site" --dest "$work/out-p"
		measure "$work/f-$n" "$work/puente-floor" -source "$site" -dest "$work/out-f"
		measure "$work/m-$n" "$work/puente-floor" -minify -source "$site" -dest "$work/out-m"
		first_page "$work/s-$n" "$site"
		if [ $have_hugo = 1 ]; then
			measure "$work/h-$n" hugo --quiet --source "$work/hugo-$n" --destination "$work/out-h"
		fi
		echo "  round $r, size $n: puente $(tail -1 "$work/p-$n" | cut -d' ' -f1)s floor $(tail -1 "$work/f-$n" | cut -d' ' -f1)s floor+minify $(tail -1 "$work/m-$n" | cut -d' ' -f1)s serve cold $(tail -1 "$work/s-$n")s" >&2
	done
done
rm -rf "$work/out-p" "$work/out-f" "$work/out-m" "$work/out-h" "$work/.puente-cache"
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

	# serve warm: a serve of the same site ran before and left its caches;
	# then the same after PULL content files changed. A cold serve first,
	# so that the caches are of this very site.
	for r in $(seq "$ROUNDS"); do
		check=()
		[ "$r" = "$ROUNDS" ] && check=(-check)
		rm -rf "$site/.puente-cache"
		first_page "$work/cold-$n" "$site"
		first_page "$work/w-$n" "$site" "${check[@]}"
		first_page "$work/pull-$n" "$site" -pull "$PULL" "${check[@]}"
		echo "  serve, size $n: cold $(tail -1 "$work/cold-$n")s, warm $(tail -1 "$work/w-$n")s, warm after $PULL files changed $(tail -1 "$work/pull-$n")s" >&2
	done
	hserve=-
	if [ $have_hugo = 1 ]; then
		hserve=$(hugo_first_page "$work/hugo-$n")
		echo "  hugo server, size $n: first page after ${hserve}s" >&2
	fi

	# Every kind of edit, timed to every output it changes.
	rm -rf "$site/.puente-cache"
	"$work/puente-editbench" -puente "$work/puente" -source "$site" -tmp "$work" -edits "$EDITS" -timeout "$EDIT_TIMEOUT" >"$work/edits-$n.txt" 2>"$work/edits-$n.err" ||
		echo "compare.sh: puente-editbench at size $n: $(tail -1 "$work/edits-$n.err")" >&2
	grep '^| ' "$work/edits-$n.txt" | tail -n +3 | awk -F' [|] ' -v n="${files[$n]}" '{ sub(/^[|] /, "", $1); sub(/ [|]$/, "", $NF); printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, $1, $3, $5, $6, $4, $8 }' >>"$work/edits.tsv"

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
	scold=$(median <"$work/s-$n")
	swarm=$(median <"$work/w-$n")
	spull=$(median <"$work/pull-$n")
	wcheck=$(grep -c WRONG "$work/w-$n.check" 2>/dev/null || true)
	pcheck=$(grep -c WRONG "$work/pull-$n.check" 2>/dev/null || true)
	[ "${wcheck:-0}" = 0 ] && wcheck=equal || wcheck=DIFFERENT
	[ "${pcheck:-0}" = 0 ] && pcheck=equal || pcheck=DIFFERENT
	echo "$n ${files[$n]} $p $f $m $pc $fc $prss $frss $h $hrss $cached $scold $swarm $spull $hserve $wcheck $pcheck" >>"$results"
	rm -rf "$site" "$work/hugo-$n"
done

echo
echo "machine: $(nproc) cores, $(awk '/model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo), $(uname -sr), $(go version | cut -d' ' -f3), output in $base"
echo "medians of $ROUNDS alternating rounds; cpu = user+sys seconds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
awk -v hugo=$have_hugo -v pull="$PULL" '
	function thousands(x,   s) { s = sprintf("%d", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
	function secs(x) { return x == "-" ? "-" : sprintf("%.2f s", x) }
	BEGIN {
		print "| content files | puente | floor | floor + minify | puente / (floor + minify) | puente / floor | Hugo | puente peak RSS | Hugo peak RSS | floor peak RSS | puente cpu | floor cpu | per-page growth (wall) | per-page growth (cpu) |"
		print "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	}
	{
		per = $3 / $2
		cper = $6 / $2
		growth = (NR == 1) ? "-" : sprintf("%+.1f %%", (per / first - 1) * 100)
		cgrowth = (NR == 1) ? "-" : sprintf("%+.1f %%", (cper / cfirst - 1) * 100)
		if (NR == 1) { first = per; cfirst = cper }
		printf "| %s | %s | %s | %s | %.2f× | %.2f× | %s | %.0f MiB | %s | %.0f MiB | %.1f s | %.1f s | %s | %s |\n", thousands($2), secs($3), secs($4), secs($5), $3 / $5, $3 / $4, secs($10), $8 / 1024, ($11 == "-" ? "-" : $11 " MiB"), $9 / 1024, $6, $7, growth, cgrowth
		sl[NR] = sprintf("| %s | %s | %s | %s | %s | %s | %s |", thousands($2), secs($12), secs($13), secs($14) ($17 == "equal" ? "" : " (" $17 ")"), secs($15) ($18 == "equal" ? "" : " (" $18 ")"), secs($16), secs($3))
	}
	END {
		print ""
		print "| content files | second build, nothing changed | serve cold: first page | serve warm: first page | serve warm, " pull " files changed: first page | hugo server: first page | puente build |"
		print "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (i = 1; i <= NR; i++) print sl[i]
	}' "$results"
echo
echo "per-page growth: puente time per content file at this size against the first size (target: at most +10 %);"
echo "on a busy machine the cpu column (user+sys) is the steadier one. serve's first page: from starting the process"
echo "to its first page served over HTTP (cold: no .puente-cache; warm: after a serve of the same site; in the last"
echo "round every output served was compared with a full build's, DIFFERENT when one was not equal)."
echo
# Edits: one column per size, "median / p95 ms (page median ms; outputs changed)".
awk -F'\t' '
	function thousands(x,   s) { s = sprintf("%d", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
	{
		if (!($1 in seen)) { seen[$1] = 1; sizes[++ns] = $1 }
		if (!($2 in known)) { known[$2] = 1; kinds[++nk] = $2 }
		cell[$2, $1] = ($4 ~ /^FAIL/) ? "FAIL" : sprintf("%s / %s ms (page %s ms; %s output%s)", $4, $5, $7, $3, $3 == 1 ? "" : "s")
		if ($4 ~ /^FAIL/) fails = fails sprintf("%s pages, %s: %s\n", $1, $2, $4)
	}
	END {
		if (nk == 0) exit
		printf "| edit: save to every output it changes served, median / p95 (the page itself, median; outputs changed) |"
		for (i = 1; i <= ns; i++) printf " %s files |", thousands(sizes[i])
		printf "\n| --- |"
		for (i = 1; i <= ns; i++) printf " ---: |"
		print ""
		for (k = 1; k <= nk; k++) {
			printf "| %s |", kinds[k]
			for (i = 1; i <= ns; i++) printf " %s |", ((kinds[k], sizes[i]) in cell) ? cell[kinds[k], sizes[i]] : "-"
			print ""
		}
		if (fails != "") { print ""; printf "failures:\n%s", fails }
	}' "$work/edits.tsv" 2>/dev/null || true
echo
echo "edits: $EDITS saves per kind, alternating between the edit and its undo (cmd/puente-editbench); what a save"
echo "changes is what differs between full builds before and after it, and a save counts when serve serves all of"
echo "it as a full build does (timeout $EDIT_TIMEOUT)."
