#!/usr/bin/env bash
# decommission hook for a simulated node: see hook.sh.
exec "$(dirname "$0")/hook.sh" decommission
