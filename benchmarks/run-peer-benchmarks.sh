#!/usr/bin/env bash
# End-to-end peer benchmark (docs/benchmarks.md): standalone KRaft broker JVM, N seeded trades,
# raw pipe / Velostream simple / Kafka Streams (ALO, EOS v2), one at a time, each in its own JVM.
# Writes the tables into docs/benchmarks.md and the chart into docs/img/peer-throughput.png.
# Usage (from the repository root, after ./mvnw -q -DskipTests install): benchmarks/run-peer-benchmarks.sh [records]
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-5000000}"
cp_file=benchmarks/target/peer-classpath.txt
./mvnw -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$cp_file"
exec java -cp "benchmarks/target/classes:$(cat "$cp_file")" io.velostream.benchmarks.e2e.PeerBenchmark \
     --records "$records" --doc docs/benchmarks.md
