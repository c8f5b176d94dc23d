#!/usr/bin/env bash
# restart: stop, swap the binaries to KAFKA_UPGRADE_VERSION, deploy the new server.properties, start. The swap
# happens while stopped: a running JVM loads classes lazily from the jars the symlink points at. No storage format
# here: a restarted node keeps its log dirs (ZooKeeper brokers becoming KRaft brokers keep meta.properties).
. "$(dirname "$0")/common.sh"
: "${KAFKA_UPGRADE_VERSION:?}"
install_release "$KAFKA_UPGRADE_VERSION"
remote "sudo systemctl stop $UNIT"
select_release "$KAFKA_UPGRADE_VERSION"
push_config
remote "sudo systemctl start $UNIT"
echo "node $KAFKA_UPGRADE_NODE_ID on $HOST restarted on Kafka $KAFKA_UPGRADE_VERSION"
