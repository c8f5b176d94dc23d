#!/usr/bin/env bash
# stop: systemd sends SIGTERM, Kafka runs its controlled shutdown (leadership moves away first). Give the unit a
# long TimeoutStopSec (e.g. 600) so systemd does not SIGKILL a broker still moving leaders. Stopping a stopped
# node is a no-op.
. "$(dirname "$0")/common.sh"
remote "sudo systemctl stop $UNIT"
