#!/usr/bin/env bash
# provision: install the release, deploy server.properties, format storage (KRaft nodes), enable and start.
# Idempotent: every step can run again after a worker crash (--ignore-formatted keeps an existing log dir).
. "$(dirname "$0")/common.sh"
: "${KAFKA_UPGRADE_VERSION:?}" "${KAFKA_UPGRADE_ROLES:?}"

install_release "$KAFKA_UPGRADE_VERSION"
select_release "$KAFKA_UPGRADE_VERSION"
push_config

if [ "$KAFKA_UPGRADE_ROLES" != "zookeeper" ]; then
  # KRaft nodes format their log dirs with the cluster's id (Kafka's cluster.id, the same one ZooKeeper holds in
  # /cluster/id during a migration). KAFKA_UPGRADE_STORAGE_FORMAT is "--no-initial-controllers" for a node joining
  # a dynamic (KIP-853) quorum, empty with a static controller.quorum.voters. Founding a new dynamic quorum would
  # use --standalone (one controller) or --initial-controllers "id@host:port:directoryId,..." (identical on every
  # founding controller); an upgrade never founds one.
  : "${KAFKA_UPGRADE_KAFKA_CLUSTER_ID:?set Hooks:KafkaClusterId: kafka-storage format needs the cluster id}"
  remote "sudo -u kafka /opt/kafka/current/bin/kafka-storage.sh format --ignore-formatted \
    --cluster-id '$KAFKA_UPGRADE_KAFKA_CLUSTER_ID' --config $CONFIG $KAFKA_UPGRADE_STORAGE_FORMAT"
fi

remote "sudo systemctl enable --now $UNIT"
echo "node $KAFKA_UPGRADE_NODE_ID on $HOST: Kafka $KAFKA_UPGRADE_VERSION ($KAFKA_UPGRADE_ROLES) started"
