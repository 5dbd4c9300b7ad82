#!/usr/bin/env bash
# npm run test:redis-cluster: starts a three-master Redis Cluster of its own (ports 7101-7103, data in a temporary
# folder; the Redis on 6379 is not touched) and runs the reminder and multi-instance tests on it, with BullMQ's keys
# under a {hashtag} prefix. Not part of npm test. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/../.."

read -r -a PORTS <<< "${REDIS_CLUSTER_PORTS:-7101 7102 7103}"
for port in "${PORTS[@]}"; do
  if redis-cli -p "$port" ping >/dev/null 2>&1; then echo "port $port is taken; set REDIS_CLUSTER_PORTS" >&2; exit 1; fi
done

WORK=$(mktemp -d /tmp/zs-redis-cluster.XXXXXX)
STARTED=()
# Stops only the nodes this script started, whatever happens.
cleanup() {
  for port in "${STARTED[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for port in "${PORTS[@]}"; do
  mkdir -p "$WORK/$port"
  redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$WORK/$port/nodes.conf" \
    --dir "$WORK/$port" --save "" --appendonly no --maxmemory-policy noeviction --daemonize yes --logfile "$WORK/$port/redis.log"
  STARTED+=("$port")
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

NODES=()
for port in "${PORTS[@]}"; do NODES+=("127.0.0.1:$port"); done
redis-cli --cluster create "${NODES[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 100); do
    redis-cli -p "$port" cluster info | grep -q 'cluster_state:ok' && break
    sleep 0.1
  done
done
echo "Redis Cluster up on ${NODES[*]}"

REDIS_CLUSTER_NODES=$(IFS=,; echo "${NODES[*]}")
export REDIS_CLUSTER_NODES
export REDIS_URL="redis://${NODES[0]}"
npx jest --config test/jest.config.js --selectProjects e2e --runInBand test/e2e/tasks test/e2e/scale "$@"
