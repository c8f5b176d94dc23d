#!/usr/bin/env bash
# A pretend machine for the provisioner's tests: node state lives in files under $MACHINE_DIR.
# Usage: machine.sh ACTION NODE_ID [VERSION]; the rest comes from the KAFKA_UPGRADE_* environment.
set -euo pipefail
action=$1 id=$2
dir="${MACHINE_DIR:?}"
node="$dir/node-$id"
echo "$action $*" >>"$dir/calls.log"
env | grep '^KAFKA_UPGRADE_' | sort >"$dir/env-$action-$id" || true
case "$action" in
  provision|restart)
    mkdir -p "$node"
    cp "${KAFKA_UPGRADE_PROPERTIES_FILE:?}" "$node/server.properties"
    echo "${3:?version}" >"$node/version"
    echo "Running" >"$node/state"
    # A careless hook that echoes the keystore password: the provisioner must redact it from its logs.
    grep -h 'ssl.keystore.password' "$node/server.properties" || true
    echo "deployed kafka $3 on node $id"
    ;;
  stop) [ -d "$node" ] || { echo "no node $id" >&2; exit 1; }; echo "Stopped" >"$node/state" ;;
  start) [ -d "$node" ] || { echo "no node $id" >&2; exit 1; }; echo "Running" >"$node/state" ;;
  decommission) rm -rf "$node" ;;
  describe)
    [ -d "$node" ] || exit 44
    props=$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$node/server.properties" | awk '{printf "%s\\n", $0}')
    printf '{"state":"%s","version":"%s","directoryId":"6b1f1a5e-0000-4000-8000-000000000001","serverProperties":"%s"}\n' \
      "$(cat "$node/state")" "$(cat "$node/version")" "$props"
    ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
