#!/usr/bin/env bash
# stop hook: see run-playbook.sh and kafka-node.yml.
exec "$(dirname "$0")/run-playbook.sh" stop
