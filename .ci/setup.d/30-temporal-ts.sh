#!/usr/bin/env bash
# Installs the Temporal TypeScript SDK (pinned in tests/temporal-ts/package-lock.json) for the embedded server's
# TypeScript conformance tests. Needs Node >= 18 and npm on PATH; idempotent (npm ci reinstalls from the lock file).
set -euo pipefail
cd "$(dirname "$0")/../../tests/temporal-ts"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "30-temporal-ts: node and npm are required (Node 18 or later)" >&2
  exit 1
fi
npm ci --no-audit --no-fund
