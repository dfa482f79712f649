#!/usr/bin/env bash
# Trains a model when none matches the current training inputs. The model's file name carries a
# fingerprint of everything that shapes it, so "stale" is a name look-up.
set -euo pipefail
cd "$(dirname "$0")/.."
# config, domain, training data, and the code and data the custom NLU components use
fingerprint=$(.venv/bin/python -m rasa_plugins.model_inputs)
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
