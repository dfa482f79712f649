# Wereldwijs: every task starts here. `make run` talks, `make test` checks everything.
SHELL := /bin/bash
export TF_CPP_MIN_LOG_LEVEL := 3
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
RASA := .venv/bin/rasa
PORT ?= 5005
WEB_PORT ?= 8080
# Sanic workers of the Rasa server (>1 needs a Redis lock store in endpoints.yml and REST, Slack
# or Teams only: socket.io does not support several workers; docs/performance.md)
WORKERS ?= 1
DESK_PORT ?= 8090

.PHONY: run test lint format system-packages setup model validate serve demo bench bench-load clean forget-old cluster desk desk-user export

## run: set up, train if needed, start the action server and talk in the shell
run: model
	bash scripts/talk.sh

## test: set up (system packages too), train if needed, lint, run the whole test suite
test: system-packages model lint
	.venv/bin/python -m pytest -q

system-packages:
	bash scripts/system_packages.sh

## lint: ruff's linter and formatter check (configured in pyproject.toml)
lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

## format: let ruff fix import order and formatting
format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

setup:
	bash scripts/setup.sh

model: setup
	bash scripts/train_if_stale.sh

validate: setup
	$(RASA) data validate --fail-on-warnings

## serve: the Rasa server for channels (REST, socket.io, Slack/Teams when configured); no HTTP
## API unless WERELDWIJS_ENABLE_API=1 with RASA_AUTH_TOKEN or RASA_JWT_SECRET (scripts/serve.py)
serve: model
	mkdir -p .rasa && .venv/bin/python scripts/credentials.py --out .rasa/credentials.effective.yml
	SANIC_WORKERS=$(WORKERS) scripts/with_actions.sh .venv/bin/python scripts/serve.py --port $(PORT) \
	  --endpoints endpoints.yml --credentials .rasa/credentials.effective.yml

## demo: the chat page on http://localhost:$(WEB_PORT) with the bot behind it
demo: model
	.venv/bin/python scripts/serve_web.py --port $(WEB_PORT) --rasa-url http://localhost:$(PORT) & \
	  trap "kill $$!" EXIT; $(MAKE) serve

## cluster: the production topology as local processes: PostgreSQL, Redis, 2 Rasa servers, haproxy
cluster: model system-packages
	.venv/bin/python scripts/cluster.py

## forget-old: erase conversations idle for more than DAYS days (docs/privacy.md; cron-friendly)
DAYS ?= 90
forget-old: setup
	.venv/bin/python -m rasa_plugins.retention --days $(DAYS) --endpoints endpoints.yml

## bench: NLU quality per language, latency and throughput, turns to first advice
bench: model
	.venv/bin/python benchmarks/nlu_eval.py
	.venv/bin/python benchmarks/load.py --start
	.venv/bin/python benchmarks/advice_quality.py

## bench-load: the whole load benchmark, speed-ups off then on, in one run (about 30 minutes)
bench-load: model
	nice -n 10 .venv/bin/python benchmarks/load.py --full

## desk: the advisor desk on http://localhost:$(DESK_PORT) (accounts: WERELDWIJS_DESK_USERS)
desk: setup
	.venv/bin/python -m wereldwijs.desk.app --port $(DESK_PORT)

## desk-user: asks a name and password, prints the WERELDWIJS_DESK_USERS entry (the hash only)
desk-user: setup
	.venv/bin/python scripts/desk_user.py

## export: the profiles for researchers, as exports/profiles.csv and exports/profiles.parquet
export: setup
	.venv/bin/python scripts/export_profiles.py --out exports

clean:
	rm -rf .rasa results tests/.artifacts benchmarks/.work
