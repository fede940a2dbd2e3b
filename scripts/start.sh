#!/usr/bin/env bash
# Starts the Partilha app: migrations, reference data, search settings, then uvicorn.
# Used by `make run` (through scripts/run.sh) and by the Docker image. Expects `partilha` and
# `uvicorn` on PATH and the settings in PARTILHA_* variables.
#
#   PARTILHA_HOST (127.0.0.1)  PARTILHA_PORT (8000)  PARTILHA_WORKERS (1)
#   PARTILHA_METRICS_DIR (.data/metrics-$PARTILHA_PORT)  where the workers share their metrics
#   FORWARDED_ALLOW_IPS (127.0.0.1)  the proxies whose X-Forwarded-For uvicorn believes
#   PARTILHA_ENV=dev also loads the demo data.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

say() { printf 'start: %s\n' "$*" >&2; }

say "applying database migrations"
partilha db upgrade
say "loading municipalities"
partilha municipalities load
# Meilisearch is a projection of the database that can be rebuilt: the app must come up even when
# it is down (search answers degrade, the outbox catches up later).
if ! partilha search setup; then
    say "WARNING: 'partilha search setup' failed (is Meilisearch up at ${PARTILHA_MEILI_URL:-its default URL}?);" \
        "starting without it: run 'partilha search setup' once it is reachable"
fi
if [[ "${PARTILHA_ENV:-dev}" == "dev" ]]; then
    say "loading demo data (PARTILHA_ENV=dev)"
    partilha demo load
fi

# Metrics: every worker process keeps its counters in this private folder, emptied first, and
# /metrics sums them whichever worker answers (set here, after the commands above, so that only
# the app's processes write there).
PROMETHEUS_MULTIPROC_DIR="$(bash scripts/metrics-dir.sh)"
export PROMETHEUS_MULTIPROC_DIR

# Logs: the app's own format (PARTILHA_LOG_FORMAT, json unless PARTILHA_ENV=dev) from uvicorn's
# first line on; the app writes the access lines (route templates, no query strings, no IPs).
# httptools and uvloop (uvicorn[standard]) named, not left to auto-detection: a missing one
# stops the start-up instead of silently costing CPU on every request.
exec uvicorn app.main:create_app --factory \
    --http httptools \
    --loop uvloop \
    --host "${PARTILHA_HOST:-127.0.0.1}" \
    --port "${PARTILHA_PORT:-8000}" \
    --workers "${PARTILHA_WORKERS:-1}" \
    --proxy-headers \
    --log-config app/core/logging.yaml \
    --no-access-log
