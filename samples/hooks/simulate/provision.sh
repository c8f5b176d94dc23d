#!/usr/bin/env bash
# provision hook for a simulated node: see hook.sh.
exec "$(dirname "$0")/hook.sh" provision
