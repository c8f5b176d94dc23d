#!/usr/bin/env bash
# restart hook for a simulated node: see hook.sh.
exec "$(dirname "$0")/hook.sh" restart
