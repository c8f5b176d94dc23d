#!/usr/bin/env bash
# Shared by the systemd-over-SSH hooks. One Kafka node per host, one systemd unit (kafka.service) running
#   /opt/kafka/current/bin/kafka-server-start.sh /etc/kafka/server.properties
# as user kafka; each release unpacked side by side as /opt/kafka/kafka_2.13-<version>, /opt/kafka/current the
# symlink the unit follows (the binary swap is a symlink flip while the node is stopped).
#
# Set in the worker's hook configuration (Hooks:Environment), all optional:
#   KAFKA_SSH_USER        ssh user with passwordless sudo on the Kafka hosts (default: kafka-admin)
#   KAFKA_HOST_TEMPLATE   host name for a node id, %s = id (default: kafka-%s.example.com)
#   KAFKA_DIST_URL        where release tarballs come from, %s = version (default: internal mirror below)
#   KAFKA_SSH_OPTS        extra ssh options (e.g. -i /etc/kafka-upgrade/id_ed25519)
set -euo pipefail

: "${KAFKA_UPGRADE_NODE_ID:?the provisioner sets KAFKA_UPGRADE_NODE_ID}"
KAFKA_SSH_USER="${KAFKA_SSH_USER:-kafka-admin}"
KAFKA_HOST_TEMPLATE="${KAFKA_HOST_TEMPLATE:-kafka-%s.example.com}"
KAFKA_DIST_URL="${KAFKA_DIST_URL:-https://mirror.internal.example/kafka/%s/kafka_2.13-%s.tgz}"
UNIT=kafka.service
CONFIG=/etc/kafka/server.properties

# shellcheck disable=SC2059
HOST=$(printf "$KAFKA_HOST_TEMPLATE" "$KAFKA_UPGRADE_NODE_ID")
TARGET="$KAFKA_SSH_USER@$HOST"

# BatchMode: never wait for a password prompt (the provisioner would kill us at the timeout anyway).
remote() {
  # shellcheck disable=SC2086
  ssh -o BatchMode=yes -o ConnectTimeout=10 ${KAFKA_SSH_OPTS:-} "$TARGET" "$@"
}

# Kafka release <version> unpacked under /opt/kafka (idempotent: skipped when present).
install_release() {
  local version=$1
  # shellcheck disable=SC2059
  local url; url=$(printf "$KAFKA_DIST_URL" "$version" "$version")
  remote "test -x /opt/kafka/kafka_2.13-$version/bin/kafka-server-start.sh || {
    sudo mkdir -p /opt/kafka && curl -fsSL '$url' | sudo tar -xz -C /opt/kafka && sudo chown -R root:root /opt/kafka/kafka_2.13-$version; }"
}

# The binary swap: point /opt/kafka/current at <version> (only while the node is stopped).
select_release() {
  remote "sudo ln -sfn /opt/kafka/kafka_2.13-$1 /opt/kafka/current"
}

# The rendered server.properties onto the host, readable by kafka only (it holds the template's secrets).
push_config() {
  local tmp="/tmp/kafka-upgrade-$KAFKA_UPGRADE_NODE_ID-$$.properties"
  # shellcheck disable=SC2086
  scp -q -o BatchMode=yes ${KAFKA_SSH_OPTS:-} "${KAFKA_UPGRADE_PROPERTIES_FILE:?}" "$TARGET:$tmp"
  remote "sudo install -m 0640 -o kafka -g kafka '$tmp' $CONFIG && rm -f '$tmp'"
}

# JSON string escaping for the describe output.
json_string() {
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' | awk 'BEGIN { printf "\"" } { printf "%s\\n", $0 } END { printf "\"" }'
}
