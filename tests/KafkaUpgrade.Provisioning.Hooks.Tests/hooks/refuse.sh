#!/usr/bin/env bash
echo "node id $1 belongs to another host" >&2
exit 45
