#!/usr/bin/env bash
# Stands in for `kafka-upgrade simulate node ...` (the wire simulator's control CLI) in the sample-hook tests:
# same arguments, same exit codes (0 accepted, 2 refused / no such node), describe prints its NodeView JSON.
set -euo pipefail
[ "$1 $2" = "simulate node" ] || { echo "error: unexpected command $*" >&2; exit 2; }
action=$3 id=$4; shift 4
dir="${MACHINE_DIR:?}"; node="$dir/sim-$id"
echo "$action $id $*" >>"$dir/sim-calls.log"
version="" config="" control=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --control) control=$2; shift 2 ;;
    --disk-bytes) shift 2 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$control" ] || { echo "error: --control is required" >&2; exit 2; }
missing() { echo "error: node $id: no such node" >&2; exit 2; }
case "$action" in
  provision|restart)
    mkdir -p "$node"; cp "$config" "$node/server.properties"; echo "$version" >"$node/version"; echo Running >"$node/state"
    echo "{\"nodeId\":$id,\"accepted\":\"$action\"}" ;;
  stop) [ -d "$node" ] || missing; echo Stopped >"$node/state" ;;
  start) [ -d "$node" ] || missing; echo Running >"$node/state" ;;
  decommission) [ -d "$node" ] || missing; echo Decommissioned >"$node/state" ;;
  describe)
    [ -d "$node" ] || missing
    roles=$(grep -E '^process.roles=' "$node/server.properties" | cut -d= -f2 || true)
    rack=$(grep -E '^broker.rack=' "$node/server.properties" | cut -d= -f2 || true)
    printf '{"nodeId":%s,"state":"%s","version":"%s","roles":"%s","rack":"%s","directoryId":"00000000-0000-0000-0000-000000000000","config":{"version":"%s"}}\n' \
      "$id" "$(cat "$node/state")" "$(cat "$node/version")" "${roles:-zookeeper}" "$rack" "$(cat "$node/version")" ;;
  *) echo "error: unknown action $action" >&2; exit 2 ;;
esac
