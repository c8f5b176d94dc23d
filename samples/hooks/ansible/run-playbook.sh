#!/usr/bin/env bash
# Runs kafka-node.yml for one node and one action; every action's hook is this script with the action as its
# first argument (see provision.sh ...). ansible-playbook's own exit codes pass through (2 = a task failed,
# 4 = host unreachable): any non-zero is a failed hook, retried by the activity once the cause is fixed.
#
# Hooks:Environment, optional:
#   KAFKA_ANSIBLE_INVENTORY   inventory file (default /etc/kafka-upgrade/inventory.ini)
#   KAFKA_HOST_TEMPLATE       inventory host for a node id, %s = id (default kafka-%s)
set -euo pipefail
action=${1:?action}
here=$(cd "$(dirname "$0")" && pwd)
inventory="${KAFKA_ANSIBLE_INVENTORY:-/etc/kafka-upgrade/inventory.ini}"
# shellcheck disable=SC2059
host=$(printf "${KAFKA_HOST_TEMPLATE:-kafka-%s}" "${KAFKA_UPGRADE_NODE_ID:?}")
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# --extra-vars as JSON so values with spaces or quotes arrive intact; no secrets pass here (the rendered
# properties file is referenced by path and copied by the playbook with mode 0640).
extra=$(printf '{"kafka_action":"%s","node_id":"%s","kafka_version":"%s","kafka_roles":"%s","kafka_cluster_id":"%s","properties_file":"%s","storage_format":"%s","describe_out":"%s"}' \
  "$action" "$KAFKA_UPGRADE_NODE_ID" "${KAFKA_UPGRADE_VERSION:-}" "${KAFKA_UPGRADE_ROLES:-}" "${KAFKA_UPGRADE_KAFKA_CLUSTER_ID:-}" \
  "${KAFKA_UPGRADE_PROPERTIES_FILE:-}" "${KAFKA_UPGRADE_STORAGE_FORMAT:-}" "$out")

# Ansible's progress goes to stderr so that describe's stdout is only the JSON.
ANSIBLE_STDOUT_CALLBACK=default ansible-playbook -i "$inventory" --limit "$host" "$here/kafka-node.yml" --extra-vars "$extra" >&2

if [ "$action" = "describe" ]; then
  if [ ! -s "$out" ] || grep -q '"absent"' "$out"; then
    exit 44
  fi
  cat "$out"
fi
