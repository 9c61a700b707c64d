#!/usr/bin/env bash
# Runs the crash-durability suite for longer than CI does: N SIGKILLs, or for S seconds.
#   reliability/soak.sh 500          # 500 kills
#   reliability/soak.sh 0 3600       # as many kills as fit in an hour
# The other suites grow with -Dreliability.storm=, -Dreliability.cycles=, -Dreliability.rows=,
# -Dreliability.tries= on the same command. Figures land in
# asyncsqlite-reliability/target/reliability-figures.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-200}"
seconds="${2:-0}"
./mvnw -q -B -pl asyncsqlite -am install -DskipTests
rm -f asyncsqlite-reliability/target/reliability-figures.txt
./mvnw -B -pl asyncsqlite-reliability test -Dtest=CrashDurabilityTest \
  -Dreliability.kills="$kills" -Dreliability.seconds="$seconds"
cat asyncsqlite-reliability/target/reliability-figures.txt
