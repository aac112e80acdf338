#!/usr/bin/env bash
# The aws-cdk-lib users actually have: `cdk init` installs the newest aws-cdk-lib and constructs,
# while the main suite pins the floor (2.262.0). This script copies the repository (tracked files
# and the built Lambda bundles) to out/latest-cdk/repo, installs it there with `npm ci`, then the
# newest aws-cdk-lib and constructs the registry serves (`npm install --no-save ...@latest`), and
#   1. synthesizes every example there (`npx projen examples`) and compares each example's
#      findings.json with the floor run's in out/examples/ (run `npx projen examples` first):
#      the synth's exit code and error, the stacks, and every finding by plugin, rule id, severity,
#      acknowledged or not, and resource (construct path and logical id) (scripts/compare-findings.js).
#      A difference fails unless scripts/latest-cdk-accepted.tsv accepts it with its reason (an
#      accepted difference that no longer occurs fails too, so the list stays true);
#   2. runs the plugin-path and nag tests there (test/core/plugin-path.test.ts, test/nag/*.test.ts,
#      test/nag/rules/*.test.ts), except the one test that pins the installed version to the floor.
# Prints the versions compared; exits non-zero on any difference or failing test.
#
#   bash scripts/latest-cdk.sh            # both phases; LATEST_CDK_VERSION=2.270.0 tries another version
#   bash scripts/latest-cdk.sh --prepare  # only the copy and its install (.ci/run runs it in the background)
#   bash scripts/latest-cdk.sh --compare  # only the comparison, on the prepared copy
set -euo pipefail
PHASE=${1:-all}
case "$PHASE" in all|--prepare|--compare) ;; *) echo "usage: latest-cdk.sh [--prepare|--compare]" >&2; exit 2 ;; esac
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/out/latest-cdk
COPY=$WORK/repo
cd "$ROOT"
[ -d node_modules ] || { echo "run 'npm ci' first" >&2; exit 1; }

WANT_CDK=${LATEST_CDK_VERSION:-latest}
FLOOR_CDK=$(node -p 'require("aws-cdk-lib/package.json").version')
FLOOR_CONSTRUCTS=$(node -p 'require("constructs/package.json").version')

if [ "$PHASE" != --compare ]; then
rm -rf "$WORK"; mkdir -p "$COPY"
git ls-files -z | xargs -0 cp --parents -t "$COPY" 2>/dev/null || true
git ls-files -z | while IFS= read -r -d '' f; do
  if [ -e "$f" ] && [ ! -e "$COPY/$f" ]; then echo "not copied: $f" >&2; exit 1; fi
done
if [ -d assets ]; then cp -r assets "$COPY/"; fi
# The corpus tests read ../shared/cfn-corpus beside the clone.
if [ -d "$ROOT/../shared" ]; then ln -s "$(cd "$ROOT/../shared" && pwd)" "$WORK/shared"; fi

cd "$COPY"
start=$(date +%s)
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
npm install --no-save --no-audit --no-fund --loglevel=error "aws-cdk-lib@$WANT_CDK" "constructs@latest"
echo "--- installed in $(( $(date +%s) - start )) s"
touch "$WORK/prepared"
fi
[ "$PHASE" != --prepare ] || exit 0
[ -f "$WORK/prepared" ] || { echo "no prepared copy in $WORK: run 'bash scripts/latest-cdk.sh --prepare' first" >&2; exit 1; }
compgen -G "$ROOT/out/examples/*/findings.json" >/dev/null || { echo "no floor run: run 'npx projen examples' first" >&2; exit 1; }
cd "$COPY"
NEW_CDK=$(node -p 'require("aws-cdk-lib/package.json").version')
NEW_CONSTRUCTS=$(node -p 'require("constructs/package.json").version')
echo "comparing aws-cdk-lib $FLOOR_CDK (floor, constructs $FLOOR_CONSTRUCTS) with aws-cdk-lib $NEW_CDK (constructs $NEW_CONSTRUCTS, the registry's newest)"
[ "$NEW_CDK" != "$FLOOR_CDK" ] || echo "note: the newest aws-cdk-lib is the floor itself"

findings_differ=0
tests_fail=0
start=$(date +%s)
npx projen examples > "$WORK/examples.log" 2>&1 || true
sed -n '/^| example/,/^$/p' "$WORK/examples.log"
echo "--- examples on $NEW_CDK in $(( $(date +%s) - start )) s (log: out/latest-cdk/examples.log)"

node "$ROOT/scripts/compare-findings.js" "$ROOT/out/examples" "$COPY/out/examples" "$FLOOR_CDK" "$NEW_CDK" "$ROOT/scripts/latest-cdk-accepted.tsv" || findings_differ=1

start=$(date +%s)
# The floor test pins the installed version to 2.262.0 on purpose; every other test runs.
if npx jest --ci --coverage=false --reporters=default \
  --testNamePattern '^(?!.*tests run on exactly the peer-dependency floor of aws-cdk-lib)' \
  test/core/plugin-path.test.ts 'test/nag/[^/]*\.test\.ts$' 'test/nag/rules/[^/]*\.test\.ts$' > "$WORK/jest.log" 2>&1; then
  echo "plugin-path and nag tests on aws-cdk-lib $NEW_CDK: $(grep -E '^Tests:' "$WORK/jest.log")"
else
  tests_fail=1
  grep -E '^(Tests:|Test Suites:)|✕|●' "$WORK/jest.log" | head -60
  echo "plugin-path and nag tests FAILED on aws-cdk-lib $NEW_CDK (log: out/latest-cdk/jest.log)"
fi
echo "--- tests on $NEW_CDK in $(( $(date +%s) - start )) s"

if [ "$findings_differ" = 0 ] && [ "$tests_fail" = 0 ]; then
  echo "latest aws-cdk-lib: no difference between $FLOOR_CDK and $NEW_CDK"
  exit 0
fi
[ "$findings_differ" = 0 ] || echo "latest aws-cdk-lib: the examples' findings or errors DIFFER between $FLOOR_CDK and $NEW_CDK (above)"
[ "$tests_fail" = 0 ] || echo "latest aws-cdk-lib: plugin-path or nag tests FAIL on $NEW_CDK (above; they pass on $FLOOR_CDK when the main suite passed)"
exit 1
