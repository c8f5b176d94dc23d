#!/usr/bin/env bash
# decommission: stop, disable, and delete the node's data. The workflows call this only for a node that holds no
# replica and is no voter (NodeRemovalGate), and for the controllers of a migration being rolled back. Replace the
# last line with your VM teardown (terraform destroy -target=..., cloud API) to return the machine too.
. "$(dirname "$0")/common.sh"
if ! remote "systemctl cat $UNIT >/dev/null 2>&1"; then
  echo "node $KAFKA_UPGRADE_NODE_ID: no $UNIT on $HOST, nothing to do"
  exit 0
fi
remote "sudo systemctl disable --now $UNIT"
dirs=$(remote "sudo grep -E '^(log\.dirs|log\.dir|metadata\.log\.dir)=' $CONFIG | cut -d= -f2 | tr ',' ' '" || true)
for d in $dirs; do
  case "$d" in /|/etc*|/usr*|/opt) echo "refusing to delete '$d'" >&2; exit 45 ;; esac
  remote "sudo rm -rf -- '$d'"
done
remote "sudo rm -f $CONFIG"
