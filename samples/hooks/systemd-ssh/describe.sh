#!/usr/bin/env bash
# describe: the node's state as JSON on stdout, or exit 44 when the host has no Kafka unit (never provisioned or
# decommissioned). The provisioner reads roles, rack, IBP, migration flag and voters from serverProperties; secret
# lines are stripped here (the provisioner redacts its logs too, but the less travels, the better).
. "$(dirname "$0")/common.sh"
load=$(remote "systemctl show $UNIT -p LoadState --value" 2>/dev/null) || { echo "cannot reach $HOST" >&2; exit 1; }
if [ "$load" != "loaded" ] || ! remote "test -f $CONFIG"; then
  exit 44
fi
state=$(remote "systemctl show $UNIT -p ActiveState --value")            # active, activating, deactivating, inactive, failed
release=$(remote "readlink /opt/kafka/current")                           # /opt/kafka/kafka_2.13-3.9.0
version=${release##*kafka_2.13-}
props=$(remote "sudo cat $CONFIG" | grep -v -i -E '(password|jaas\.config|secret|keystore\.key|certificate)' | json_string)
metadir=$(remote "sudo grep -E '^(metadata\.log\.dir|log\.dirs)=' $CONFIG | head -n1 | cut -d= -f2 | cut -d, -f1")
directory=$(remote "sudo grep -s '^directory.id=' '$metadir/meta.properties' | cut -d= -f2" || true)
failure=""
if [ "$state" = "failed" ]; then
  failure=$(remote "journalctl -u $UNIT -n 1 --no-pager -o cat" | tr -d '"\\' | head -c 300)
fi
printf '{"state":"%s","version":"%s","serverProperties":%s' "$state" "$version" "$props"
[ -n "$directory" ] && printf ',"directoryId":"%s"' "$directory"   # Kafka prints a base64 Uuid; see README
[ -n "$failure" ] && printf ',"failureReason":"%s"' "$failure"
printf '}\n'
