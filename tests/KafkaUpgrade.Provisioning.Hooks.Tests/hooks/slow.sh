#!/usr/bin/env bash
# Silent for a while, then succeeds: progress must keep coming while it is silent.
echo "starting slow work"
sleep "${SLOW_SECONDS:-3}"
echo "done"
