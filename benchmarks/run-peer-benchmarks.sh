#!/usr/bin/env bash
# End-to-end peer benchmark (docs/benchmarks.md): standalone KRaft broker JVM, N seeded trades,
# raw pipe / Velostream simple and transactional / Kafka Streams (ALO, EOS v2; on GROUP BY also with
# cache 0 and in-memory stores), one at a time, each in its own JVM, on five workloads — GROUP BY and
# tumbling also on 2 threads and on 2 instances (the scaling rows) —: a warm-up run of each contender,
# then `reps` runs of each in a random order (medians and spreads), every output checked against the
# reference; then a live latency run each. About 2½ hours with the defaults (docs/benchmarks.md).
# Writes the tables into docs/benchmarks.md and the chart into docs/img/peer-throughput.png; exits 1
# when an output differs from the reference.
# Usage (from the repository root, after ./mvnw -q -DskipTests install):
#   benchmarks/run-peer-benchmarks.sh [records [latency trades/s [latency seconds, 0 = none [reps]]]]
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-5000000}"
latency_rate="${2:-5000}"
latency_seconds="${3:-30}"
reps="${4:-3}"
cp_file="$PWD/benchmarks/target/peer-classpath.txt"  # absolute: the plugin resolves paths against the module
./mvnw -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$cp_file"
exec java -cp "benchmarks/target/classes:$(cat "$cp_file")" io.velostream.benchmarks.e2e.PeerBenchmark \
     --records "$records" --latency-rate "$latency_rate" --latency-seconds "$latency_seconds" --reps "$reps" \
     --doc docs/benchmarks.md
