#!/usr/bin/env bash
# Stops the ZooKeeper that setup.d/10-zookeeper.sh started (by its pid, nothing else).
set -uo pipefail
dir="${KAFKA_UPGRADE_CI_OUT:?}/zookeeper"
[ -f "$dir/pid" ] || exit 0
pid=$(cat "$dir/pid")
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
fi
rm -f "$dir/pid"
