#!/usr/bin/env bash
# Starts or stops a three-node dqlite cluster on 127.0.0.1 for the benchmarks runner's --dqlite
# contenders: dqlite-demo (Debian package go-dqlite) on ports 9101-9103, data in $DIR.
#   ./dqlite-cluster.sh start    prints the node list to pass as --dqlite
#   ./dqlite-cluster.sh stop     SIGTERM, then SIGKILL after 10 s
set -euo pipefail
DIR=${DQLITE_BENCH_DIR:-/tmp/asyncsqlite-dqlite-bench}
NODES="127.0.0.1:9101,127.0.0.1:9102,127.0.0.1:9103"

stop() {
  for pid_file in "$DIR"/*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pid_file"
  done
}

case "${1:-}" in
  start)
    bash "$(dirname "$0")/../asyncsqlite-dqlite/scripts/ensure-dqlite-demo.sh"
    stop
    rm -rf "$DIR" && mkdir -p "$DIR"
    for i in 1 2 3; do
      join=()
      [ "$i" -gt 1 ] && join=(--join 127.0.0.1:9101)
      mkdir -p "$DIR/node$i"
      dqlite-demo --api "127.0.0.1:920$i" --db "127.0.0.1:910$i" --dir "$DIR/node$i" "${join[@]}" \
        > "$DIR/node$i.log" 2>&1 &
      echo $! > "$DIR/node$i.pid"
      [ "$i" -eq 1 ] && sleep 1
    done
    # Wait, with an end, until the cluster has three voters.
    for _ in $(seq 300); do
      if [ "$(dqlite -s "$NODES" bench-probe .cluster 2>/dev/null | grep -c '|voter$')" = 3 ]; then
        echo "$NODES"
        exit 0
      fi
      sleep 0.2
    done
    echo "the cluster did not reach three voters; logs in $DIR" >&2
    stop
    exit 1
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
