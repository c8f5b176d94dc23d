#!/usr/bin/env bash
# Fails the way a real hook does: some output, an error on stderr, a non-zero exit.
echo "connecting to kafka-$1.example"
echo "ssh: connect to host kafka-$1.example port 22: Connection refused" >&2
echo "giving up after 3 attempts" >&2
exit 7
