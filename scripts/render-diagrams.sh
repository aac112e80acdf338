#!/usr/bin/env bash
# Renders the Mermaid diagram of every example's cloud-native report
# (out/examples/<example>/cloud-native-report.md, its ```mermaid block) to SVG beside the report:
# out/examples/<example>/cloud-native-report.svg (one file per block: -1, -2... when there are more).
#
# Uses @mermaid-js/mermaid-cli (mmdc), installed into out/mermaid/ (not a project dependency), with
# Debian's chromium as the browser: PUPPETEER_SKIP_DOWNLOAD=1 (no browser download) and a puppeteer
# config with executablePath /usr/bin/chromium and --no-sandbox (CI runs as root).
#   apt-get install -y chromium      # .ci/run does this first
#   bash scripts/render-diagrams.sh  # after `npx projen examples`
#   bash scripts/render-diagrams.sh --install   # only install mermaid-cli (.ci/run, in the background)
# Exits non-zero when no diagram is found or any diagram fails to render (or renders empty).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MERMAID=$ROOT/out/mermaid
# The newest release that runs on Node 20 (12.x needs Node >= 22.13, the project floor is 20).
MERMAID_CLI_VERSION=${MERMAID_CLI_VERSION:-11.17.0}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
cd "$ROOT"

[ -x "$CHROMIUM" ] || { echo "no browser at $CHROMIUM: apt-get install -y chromium" >&2; exit 1; }
if [ ! -x "$MERMAID/node_modules/.bin/mmdc" ] || [ "$(node -p "require('$MERMAID/node_modules/@mermaid-js/mermaid-cli/package.json').version")" != "$MERMAID_CLI_VERSION" ]; then
  rm -rf "$MERMAID"; mkdir -p "$MERMAID"
  echo '{ "name": "mermaid-render", "version": "0.0.0", "private": true }' > "$MERMAID/package.json"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$MERMAID" --no-audit --no-fund --loglevel=error "@mermaid-js/mermaid-cli@$MERMAID_CLI_VERSION"
fi
cat > "$MERMAID/puppeteer.json" <<EOF
{ "executablePath": "$CHROMIUM", "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] }
EOF
echo "mmdc $MERMAID_CLI_VERSION, $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
[ "${1:-}" != --install ] || exit 0

mapfile -t reports < <(find out/examples -mindepth 2 -maxdepth 2 -name cloud-native-report.md | sort)
found=0 rendered=0 failed=0
for md in "${reports[@]}"; do
  grep -q '^```mermaid' "$md" || continue
  blocks=$(grep -c '^```mermaid' "$md")
  found=$((found + blocks))
  dir=$(dirname "$md")
  rm -f "$dir"/cloud-native-report*.svg
  # mmdc renders each ```mermaid block of a Markdown file to <output stem>-<n>.svg and writes a
  # copy of the Markdown that links them; the copy goes to the work folder.
  log=$dir/render.log
  if PUPPETEER_SKIP_DOWNLOAD=1 "$MERMAID/node_modules/.bin/mmdc" --quiet \
      --puppeteerConfigFile "$MERMAID/puppeteer.json" \
      --input "$md" --output "$MERMAID/$(basename "$dir").md" >"$log" 2>&1; then
    n=0
    for svg in "$MERMAID/$(basename "$dir")"-*.svg; do
      [ -f "$svg" ] || continue
      n=$((n + 1))
      target=$dir/cloud-native-report.svg
      [ "$blocks" -gt 1 ] && target=$dir/cloud-native-report-$n.svg
      mv "$svg" "$target"
      # A diagram mermaid could not parse renders as an SVG saying "Syntax error": not a diagram.
      if [ ! -s "$target" ] || ! grep -q '<svg' "$target" || grep -q 'Syntax error in text' "$target"; then
        echo "FAILED $target: empty or a syntax-error picture"; failed=$((failed + 1)); continue
      fi
      echo "ok     $target ($(wc -c <"$target") bytes)"
      rendered=$((rendered + 1))
    done
    if [ "$n" -ne "$blocks" ]; then
      echo "FAILED $md: $blocks diagram(s), $n rendered"; failed=$((failed + blocks - n))
    fi
  else
    echo "FAILED $md (log: $log):"; sed 's/^/    /' "$log" | tail -20
    failed=$((failed + blocks))
  fi
done
echo "diagrams: $found found in ${#reports[@]} report(s), $rendered rendered, $failed failed"
[ "$found" -gt 0 ] || { echo "no Mermaid diagram found: run 'npx projen examples' first" >&2; exit 1; }
[ "$failed" -eq 0 ] && [ "$rendered" -eq "$found" ]
