#!/usr/bin/env bash
# Drives a node of a running `kafka-upgrade simulate` process through its control endpoint, the way the systemd
# and Ansible hooks drive real hosts: the same provisioner, the same contract, only this script differs.
#   kafka-upgrade simulate node <provision|stop|start|restart|decommission|describe> <id>
#       [--version V] [--config server.properties] [--disk-bytes N] --control URL
# The CLI exits 0 when the endpoint accepted, 2 when it refused (unknown node: "no such node"), 3 when it is
# unreachable; describe prints the node as JSON, which the provisioner reads as it is.
#
# Hooks:Environment: KAFKA_UPGRADE_SIMULATE_CONTROL (the URL `simulate` printed; required) and optionally
# KAFKA_UPGRADE_CLI (how to run the CLI, default `kafka-upgrade`, e.g. "dotnet /opt/kafka-upgrade/kafka-upgrade.dll"),
# KAFKA_UPGRADE_CURL (see describe below).
set -euo pipefail
action=${1:?action}
read -r -a cli <<<"${KAFKA_UPGRADE_CLI:-kafka-upgrade}"
args=(simulate node "$action" "${KAFKA_UPGRADE_NODE_ID:?}" --control "${KAFKA_UPGRADE_SIMULATE_CONTROL:?set Hooks:Environment:KAFKA_UPGRADE_SIMULATE_CONTROL}")
case "$action" in
  provision|restart)
    args+=(--version "${KAFKA_UPGRADE_VERSION:?}" --config "${KAFKA_UPGRADE_PROPERTIES_FILE:?}")
    if [ -n "${KAFKA_UPGRADE_DISK_BYTES:-}" ]; then args+=(--disk-bytes "$KAFKA_UPGRADE_DISK_BYTES"); fi
    ;;
esac

if [ "$action" != "describe" ]; then
  exec "${cli[@]}" "${args[@]}"
fi

# Describe runs for every node each time the workflows look at the cluster, so with curl at hand it asks the
# control endpoint itself (GET /v1/nodes/ID, the JSON `simulate node describe` prints) instead of starting the CLI.
# KAFKA_UPGRADE_CURL names another curl, or "none" to describe through the CLI as well.
curl=${KAFKA_UPGRADE_CURL:-curl}
if [ "$curl" != "none" ] && command -v "$curl" >/dev/null 2>&1; then
  body=$(mktemp)
  trap 'rm -f "$body"' EXIT
  status=$("$curl" -sS --max-time 30 -o "$body" -w '%{http_code}' "${KAFKA_UPGRADE_SIMULATE_CONTROL%/}/v1/nodes/${KAFKA_UPGRADE_NODE_ID}") || exit 3
  case "$status" in
    200) cat "$body"; exit 0 ;;
    404) exit 44 ;;   # the provisioner's "not found"
    *) cat "$body" >&2; exit 2 ;;
  esac
fi

err=$(mktemp)
trap 'rm -f "$err"' EXIT
code=0
out=$("${cli[@]}" "${args[@]}" 2>"$err") || code=$?
if [ "$code" -eq 0 ]; then
  printf '%s\n' "$out"
  exit 0
fi
if [ "$code" -eq 2 ] && grep -q "no such node" "$err"; then
  exit 44   # the provisioner's "not found"
fi
cat "$err" >&2
exit "$code"
