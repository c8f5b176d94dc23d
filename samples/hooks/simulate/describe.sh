#!/usr/bin/env bash
# describe hook for a simulated node: see hook.sh.
exec "$(dirname "$0")/hook.sh" describe
