#!/usr/bin/env bash
# start: the node's current release and configuration. Starting a running node is a no-op.
. "$(dirname "$0")/common.sh"
remote "sudo systemctl start $UNIT"
