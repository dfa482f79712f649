#!/usr/bin/env bash
# `make run`: the action server and `rasa shell`, quietly. The person sees the bot's greeting and
# the prompt; Rasa's and TensorFlow's start-up notices and warnings go to .rasa/shell.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .rasa
log=.rasa/shell.log
echo "Wereldwijs is starting (about half a minute; logs in $log). Type your message, /stop to end."
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore RASA_TELEMETRY_ENABLED=false \
  SQLALCHEMY_SILENCE_UBER_WARNING=1
status=0
endpoints=${WERELDWIJS_ENDPOINTS:-endpoints.yml}
scripts/with_actions.sh .venv/bin/rasa shell --endpoints "$endpoints" --quiet 2>> "$log" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 130 ]; then
  echo "The assistant stopped with an error; the last lines of $log:" >&2
  tail -20 "$log" >&2
fi
exit "$status"
