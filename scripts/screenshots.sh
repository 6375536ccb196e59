#!/usr/bin/env bash
# Screenshots of the repository's site, so anyone can look at it as a visitor
# would: the home page and one page of each kind, at 375 px (a phone) and
# 1280 px (a laptop), in screenshots/ (not committed).
#
#   scripts/screenshots.sh            English pages
#   LANGS="en es pt" scripts/screenshots.sh
#
# Needs Go, python3 and Chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}
[ -x "$chromium" ] || { echo "screenshots: Chromium not found; apt-get install chromium" >&2; exit 1; }
langs=${LANGS:-en}
out=screenshots
site=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$site"' EXIT

go run ./cmd/puente build --dest "$site/public" >/dev/null

# Serve on a free port on the loopback interface only.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server --bind 127.0.0.1 --directory "$site/public" "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

# One page of each kind: the first built page of each in the language,
# found in the built tree, so new content needs no edit here.
first() { # first <lang> <glob under the language folder>
  (cd "$site/public" && ls -d $1/$2 2>/dev/null | sort | head -n 1)
}

mkdir -p "$out"
rm -f "$out"/*.png
for lang in $langs; do
  # The section folders are localized: read them from the language's menu.
  declare -A pages=()
  pages[home]="$lang/"
  pages[404]="$lang/404.html"
  menu=$(grep -o 'class=site-nav[^§]*</nav>\|class="site-nav"[^§]*</nav>' "$site/public/$lang/index.html" | grep -o 'href="\?/[^" >]*' | sed 's/href="\?//')
  # The menu is regions, events, newsletters, case studies, themes, years
  # (site.yaml): each list, and the first page under it.
  lists=(regions events newsletters case-studies themes years)
  singles=(region event newsletter case-study theme year)
  i=0
  for url in $menu; do
    dir=${url#/}
    dir=${dir%/}
    pages[${lists[$i]:-menu$i}]="$dir/"
    sub=$(first "$dir" '*/index.html')
    [ -n "$sub" ] && pages[${singles[$i]:-menu$i-page}]="${sub%index.html}"
    i=$((i + 1))
  done
  search=$(first "$lang" 'search/index.html')
  [ -n "$search" ] && pages[search]="${search%index.html}"
  # A standalone page: a top-level folder that is not in the menu.
  for d in $(cd "$site/public" && ls -d "$lang"/*/ | sort); do
    case " $menu " in *" /$d "*) continue ;; esac
    [ -f "$site/public/$d/index.html" ] && [ "$(ls "$site/public/$d" | wc -l)" = 1 ] && { pages[page]="$d"; break; }
  done
  for kind in "${!pages[@]}"; do
    for width in 375 1280; do
      file="$out/$lang-$kind-$width.png"
      "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$site/chromium" --window-size="$width,2000" \
        --screenshot="$file" "http://127.0.0.1:$port/${pages[$kind]}" >/dev/null 2>&1
      echo "$file  /${pages[$kind]}"
    done
  done
  unset pages
done
