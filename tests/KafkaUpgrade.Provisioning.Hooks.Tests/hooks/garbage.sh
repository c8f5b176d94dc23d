#!/usr/bin/env bash
# A describe hook that prints something other than JSON.
echo "node $1 is probably fine I think"
