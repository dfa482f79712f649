#!/usr/bin/env bash
# Trains a model when none matches the current training inputs. The model's file name carries a
# fingerprint of everything that shapes it, so "stale" is a name look-up.
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=(config.yml domain.yml data wereldwijs_nlu actions/knowledge/places actions/knowledge/org_aliases.csv)
existing=()
for p in "${inputs[@]}"; do [ -e "$p" ] && existing+=("$p"); done
fingerprint=$(find "${existing[@]}" -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
name="wereldwijs-$fingerprint"
if [ -f "models/$name.tar.gz" ]; then
  echo "==> model up to date: models/$name.tar.gz"
  touch "models/$name.tar.gz"   # newest = the one rasa run loads
  exit 0
fi
echo "==> training models/$name.tar.gz (a few minutes)"
export TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=false
.venv/bin/rasa train --config config.yml --domain domain.yml --data data --out models \
  --fixed-model-name "$name" --force
# keep the two newest models
ls -t models/*.tar.gz 2>/dev/null | tail -n +3 | xargs -r rm -f
