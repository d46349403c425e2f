#!/usr/bin/env bash
# Issue 13, faults (docs/reliability.md#faults): a GROUP BY job (EMIT CHANGES, 10 keys) in a JVM of
# its own over N records on the embedded KRaft broker, killed with SIGKILL at K random points of its
# progress and restarted each time; the read_committed output must then equal an uninterrupted
# run's exactly (transactional), or miss nothing (simple). It is KafkaCrashTest with more records
# and kills than the build runs (200K, 3); prints one "FAULT FIGURE" line per mode.
# Usage (from the repository root): benchmarks/run-crash-test.sh [records [kills [seed]]]
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-1000000}"
kills="${2:-20}"
seed="${3:-42}"
log=engine/target/crash-test-run.log
mkdir -p engine/target
# JUnit's per-test timeout is meant for the build's size, not this one.
set +e
./mvnw -B -o -pl engine test -Dtest=KafkaCrashTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvelostream.crash.records="$records" -Dvelostream.crash.kills="$kills" -Dvelostream.crash.seed="$seed" \
    -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1
status=$?
grep -E "FAULT FIGURE|Tests run:|FAILURE|expected" "$log"
echo "full output: $log"
exit "$status"
