#!/usr/bin/env bash
# A standalone ZooKeeper 3.8 on loopback for tests/KafkaUpgrade.ZooKeeper.Tests (the migration rollback deletes
# /controller and /migration through our own client, which is tested against the real server, not a fake).
# Runs the Debian package's jars with `java -cp` and a zoo.cfg of its own (not the system service), on a free port,
# with its data under $KAFKA_UPGRADE_CI_OUT; exports KAFKA_UPGRADE_ZOOKEEPER=127.0.0.1:PORT. Idempotent.
set -euo pipefail
out="${KAFKA_UPGRADE_CI_OUT:?KAFKA_UPGRADE_CI_OUT must be set (.ci/run sets it)}"
dir="$out/zookeeper"
jar=/usr/share/java/zookeeper.jar

if [ ! -f "$jar" ] || ! command -v java >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y zookeeper
fi

# Already running from an earlier call in this run: reuse it.
if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null && [ -f "$dir/port" ]; then
  echo "KAFKA_UPGRADE_ZOOKEEPER=127.0.0.1:$(cat "$dir/port")" >>"$out/env"
  exit 0
fi

mkdir -p "$dir/data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# tickTime 500 ms lets the tests negotiate session timeouts from 1 s (2 x tickTime) so keep-alive and expiry are
# observable quickly; admin server off (it would take port 8080); ruok/srvr whitelisted for the readiness check (ruok
# answers imok before the server takes sessions; srvr prints "Mode:" only once it serves requests). forceSync=no
# (ZooKeeper Administrator's Guide: updates are not synced to the transaction log's media before they complete): a
# throwaway test server needs no durability, and an fsync stall on a busy CI disk held ping answers back for longer
# than a 1.5 s session's read timeout in one CI run of four.
cat >"$dir/zoo.cfg" <<CFG
tickTime=500
forceSync=no
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
CFG
echo "$port" >"$dir/port"

nohup java -Xmx256m -Dzookeeper.log.dir="$dir" -cp "$jar" org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zoo.cfg" \
  >"$dir/server.log" 2>&1 &
echo $! >"$dir/pid"

for _ in $(seq 1 120); do
  if answer=$(python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
s.sendall(b"srvr")
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
print("serving" if b"Mode:" in data else "not serving")
PY
  ) && [ "$answer" = "serving" ]; then
    echo "ZooKeeper answers on 127.0.0.1:$port (pid $(cat "$dir/pid"))"
    echo "KAFKA_UPGRADE_ZOOKEEPER=127.0.0.1:$port" >>"$out/env"
    exit 0
  fi
  if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "ZooKeeper exited; its log:" >&2
    tail -n 40 "$dir/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "ZooKeeper did not serve requests (srvr) on 127.0.0.1:$port within 60 s; its log:" >&2
tail -n 40 "$dir/server.log" >&2
exit 1
