#!/usr/bin/env bash
# stop hook for a simulated node: see hook.sh.
exec "$(dirname "$0")/hook.sh" stop
