#!/usr/bin/env bash
# File -> file runs as a user runs them: java -jar app/target/velostream.jar run <app.sql> over a
# 2M-record JSONL file, wall time including JVM start. One run at a time (the machine has 2 cores).
# Usage: benchmarks/run-file-benchmarks.sh [records]   (after ./mvnw -q -DskipTests package -pl app,benchmarks -am)
# APP=<jar> runs another build of the CLI (to compare two builds, alternate runs of each).
# EXTRACTED=1 runs the jar extracted (java -Djarmode=tools ... extract) with a class-data-sharing archive
# made by a training run first, the fast-start layout of docs/cli.md#start-up-time.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-2000000}
INPUT=benchmarks/target/seed-2m.jsonl
APP=${APP:-app/target/velostream.jar}
JAVA_OPTS=()
if [[ ${EXTRACTED:-0} == 1 ]]; then
  rm -rf benchmarks/target/extracted
  java -Djarmode=tools -jar "$APP" extract --destination benchmarks/target/extracted > /dev/null
  APP=benchmarks/target/extracted/$(basename "$APP")
  java -XX:ArchiveClassesAtExit=benchmarks/target/extracted/app.jsa -jar "$APP" run \
    benchmarks/file-apps/s3_tumbling_final.sql > /dev/null 2>&1
  JAVA_OPTS=(-XX:SharedArchiveFile=benchmarks/target/extracted/app.jsa)
fi
if [[ ! -f $INPUT ]] || [[ $(wc -l < "$INPUT") -ne $RECORDS ]]; then
  java -cp benchmarks/target/benchmarks.jar io.velostream.benchmarks.SeedFileGenerator "$INPUT" "$RECORDS"
fi
mkdir -p benchmarks/target/out
printf '%-22s %10s %12s %14s %10s\n' scenario wall_s records_out rec_per_s max_rss_mb
for sql in benchmarks/file-apps/s1_pass_through.sql benchmarks/file-apps/s2_group_by_final.sql \
           benchmarks/file-apps/s3_tumbling_final.sql; do
  name=$(basename "$sql" .sql)
  log=benchmarks/target/out/$name.time
  /usr/bin/time -v -o "$log" java "${JAVA_OPTS[@]}" -jar "$APP" run "$sql" > /dev/null 2> "benchmarks/target/out/$name.stderr"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
  out=$(wc -l < "benchmarks/target/out/${name%%_*}.jsonl" 2>/dev/null || echo "?")
  printf '%-22s %10.2f %12s %14.0f %10s\n' "$name" "$wall" "$out" "$(echo "$RECORDS / $wall" | bc -l)" "$rss"
done
