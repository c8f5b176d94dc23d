#!/usr/bin/env bash
# start hook for a simulated node: see hook.sh.
exec "$(dirname "$0")/hook.sh" start
