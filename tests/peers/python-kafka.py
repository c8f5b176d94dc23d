"""Asks a simulated cluster through kafka-python (Debian's python3-kafka), which speaks Metadata v0-v5 and the old
admin versions. Usage: /usr/bin/python3 python-kafka.py HOST:PORT OPERATION [ARG]
  metadata VERSION          -> Metadata request of that version (0..5), decoded by kafka-python
  describe_cluster          -> KafkaAdminClient.describe_cluster()
  list_groups               -> KafkaAdminClient.list_consumer_groups()
  describe_configs TOPIC    -> KafkaAdminClient.describe_configs for the topic
Prints one JSON line."""
import json
import sys

from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType
from kafka.client_async import KafkaClient
from kafka.protocol.metadata import MetadataRequest


def to_plain(value):
    if hasattr(value, "to_object"):
        return value.to_object()
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def metadata(address, version):
    client = KafkaClient(bootstrap_servers=address, api_version_auto_timeout_ms=5000, request_timeout_ms=10000)
    try:
        node = client.least_loaded_node()
        for _ in range(100):
            if client.ready(node):
                break
            client.poll(timeout_ms=100)
        # v0: an empty list means every topic; v1+: null does; v4+ also says whether to auto-create.
        if version == 0:
            request = MetadataRequest[0]([])
        elif version < 4:
            request = MetadataRequest[version](None)
        else:
            request = MetadataRequest[version](None, False)
        future = client.send(node, request)
        client.poll(future=future, timeout_ms=10000)
        if future.failed():
            raise future.exception
        return to_plain(future.value)
    finally:
        client.close()


def main():
    address, operation = sys.argv[1], sys.argv[2]
    if operation == "metadata":
        print(json.dumps({"version": int(sys.argv[3]), "response": metadata(address, int(sys.argv[3]))}))
        return
    admin = KafkaAdminClient(bootstrap_servers=address, request_timeout_ms=10000)
    try:
        if operation == "describe_cluster":
            result = admin.describe_cluster()
        elif operation == "list_groups":
            result = admin.list_consumer_groups()
        elif operation == "describe_configs":
            result = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, sys.argv[3])])
        else:
            raise SystemExit(f"unknown operation {operation}")
        print(json.dumps({"result": to_plain(result)}, default=str))
    finally:
        admin.close()


if __name__ == "__main__":
    main()
