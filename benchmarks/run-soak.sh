#!/usr/bin/env bash
# Soak test (docs/reliability.md#soak): the service jar against a standalone broker for N minutes,
# a GROUP BY over 1M distinct keys and a sliding window with EMIT FINAL, its meters sampled every
# 30 s; writes the table into docs/reliability.md. Not part of ./mvnw verify.
# Usage (from the repository root): benchmarks/run-soak.sh [minutes [records/s [distinct keys]]]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
rate="${2:-5000}"
keys="${3:-1000000}"
./mvnw -q -DskipTests package -pl app,benchmarks -am
cp_file="$PWD/benchmarks/target/peer-classpath.txt"  # absolute: the plugin resolves paths against the module
./mvnw -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$cp_file"
exec java -cp "benchmarks/target/classes:$(cat "$cp_file")" io.velostream.benchmarks.soak.Soak \
     --minutes "$minutes" --rate "$rate" --keys "$keys" --jar app/target/velostream.jar --doc docs/reliability.md
