#!/usr/bin/env bash
# The whole check, as CI runs it: lint, type-check (packages and examples),
# build, API docs, then every test. Ends with the plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
step() {
  echo "── $*"
  if ! "$@"; then
    echo "✗ failed: $*"
    status=1
  fi
}

step pnpm run lint
step pnpm run typecheck
step pnpm run build
step pnpm run docs

rm -f vitest-report.json
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=vitest-report.json || status=1
if [ -f vitest-report.json ]; then
  node -e 'const r=require("./vitest-report.json");console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests+r.numTodoTests} skipped`)'
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
