#!/usr/bin/env bash
# MigrateDB launcher: builds the application on first use (or when the sources changed), then runs it.
#   ./run.sh <command> [--config FILE] [--set key=value ...]      ./run.sh --help lists the commands.
set -euo pipefail
# the folder of this script itself, also when it is called through a symbolic link
HOME_DIR="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
JAR="$HOME_DIR/target/migratedb.jar"

stale() {
  # target/postgres-binaries: every supported PostgreSQL's binaries, for 'demo --pg-version' (the build copies them)
  [ ! -f "$JAR" ] || [ ! -d "$HOME_DIR/target/lib" ] || [ ! -d "$HOME_DIR/target/postgres-binaries" ] && return 0
  [ -n "$(find "$HOME_DIR/src/main" "$HOME_DIR/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "Building MigrateDB (first run or sources changed)..." >&2
  # target/lib afresh: after a dependency upgrade the old jar would stay on the class path beside the new one
  rm -rf "$HOME_DIR/target/lib"
  (cd "$HOME_DIR" && ./mvnw -q -B -DskipTests package) >&2
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Heap: batches are bounded, 1g is ample; the benchmark proves the copy fits in 256 MB (BENCHMARKS.md).
# ParallelGC: a copy wants throughput, not short pauses; with G1 at 256 MB, collection pauses took
# about 30% of the benchmark's write phases.
# MIGRATEDB_JAVA_OPTS, when set, replaces both.
[ "${1:-}" = "bench" ] && MIGRATEDB_JAVA_OPTS="${MIGRATEDB_JAVA_OPTS:--Xmx256m -XX:+UseParallelGC}"
# UTC: timestamps move as java.time values, never through the local zone.
exec "$JAVA" ${MIGRATEDB_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} -Duser.timezone=UTC \
  -Dmigratedb.home="$HOME_DIR" -Dlogback.configurationFile="$HOME_DIR/conf/logback.xml" \
  -cp "$JAR:$HOME_DIR/target/lib/*" migratedb.cli.MigrateDbCli "$@"
