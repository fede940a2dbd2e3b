#!/usr/bin/env bash
# Prepares the folder where uvicorn's worker processes share their metrics (prometheus_client's
# multiprocess mode, see app/core/metrics.py) and prints its absolute path. scripts/start.sh
# exports it as PROMETHEUS_MULTIPROC_DIR before uvicorn starts, so every worker writes there.
#
#   PARTILHA_METRICS_DIR (.data/metrics-$PARTILHA_PORT)  one folder per app on a host
#
# The folder is made private (0700) and refused when it is a symbolic link or another user's;
# the files of an earlier run are removed: their counts belong to processes that are gone.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

die() {
    printf 'metrics-dir: error: %s\n' "$*" >&2
    exit 1
}

dir="${PARTILHA_METRICS_DIR:-.data/metrics-${PARTILHA_PORT:-8000}}"
[[ -L "$dir" ]] && die "$dir is a symbolic link"
mkdir -p -m 0700 -- "$dir"
[[ -O "$dir" ]] || die "$dir belongs to another user"
chmod 0700 -- "$dir"
find "$dir" -maxdepth 1 -type f -name '*.db' -delete
cd -- "$dir" && pwd
