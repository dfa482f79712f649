#!/usr/bin/env bash
# Runs a command with the action server up beside it (stopped again when the command ends).
# Usage: scripts/with_actions.sh <command...>
set -euo pipefail
cd "$(dirname "$0")/.."
port=${ACTIONS_PORT:-5055}
mkdir -p .rasa
.venv/bin/rasa run actions --port "$port" > .rasa/actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $actions_pid 2>/dev/null; then echo "action server failed to start:"; tail -30 .rasa/actions.log; exit 1; fi
  sleep 0.5
done
"$@"
