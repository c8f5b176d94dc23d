#!/usr/bin/env bash
# Hangs with a child process, as a stuck ssh or ansible-playbook would; records the child's pid.
sleep 300 &
echo $! >"${MACHINE_DIR:?}/hang-child.pid"
echo "waiting for the host to answer"
wait
