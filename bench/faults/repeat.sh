#!/usr/bin/env bash
# Runs one fault test (or the whole fault suite) N times in a row and prints
# one line per run and a closing count: a flaky test shows up here, not in CI.
# Not part of the test command (one outage run takes about a minute).
#
#   bench/faults/repeat.sh 20 faults/database-outage.test.ts
#   bench/faults/repeat.sh 5            # the whole fault suite
#
# Build first (`pnpm build`): the fault tests start the built API and worker.
# Each run's output is kept in artifacts/fault-runs/ for the failures' causes.
set -uo pipefail
runs=${1:?usage: repeat.sh RUNS [TEST_FILE]}
shift
cd "$(dirname "$0")/.."
out="$(pwd)/../artifacts/fault-runs"
mkdir -p "$out"
passed=0
failed=0
for run in $(seq 1 "$runs"); do
  log="$out/run-$run.log"
  started=$(date +%s)
  if npx vitest run "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    verdict=passed
  else
    failed=$((failed + 1))
    verdict="FAILED: $(grep -m1 -E 'Error|expected' "$log" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-160)"
  fi
  echo "run $run/$runs: $verdict ($(( $(date +%s) - started )) s; $log)"
done
echo "Runs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
