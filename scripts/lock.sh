#!/usr/bin/env bash
# Refreshes the lock files from the version ranges in pyproject.toml (`make lock`):
#   requirements-dev.lock  runtime + dev extra: what the bootstrap and CI install
#   requirements.lock      runtime only: what the Docker image installs
# Every pin carries the sha256 of each file PyPI has for it (all platforms), and both files are
# installed with `pip install --require-hashes -r ...` followed by `pip install --no-deps -e .`.
#
#   bash scripts/lock.sh                           # keep today's pins; add or drop what changed
#   bash scripts/lock.sh --upgrade                 # take the newest releases the ranges allow
#   bash scripts/lock.sh --upgrade-package fastapi # move one package (and what it needs)
#
# Arguments go to the first pip-compile (the dev lock). The runtime lock starts from the dev lock's
# pins, so the image runs exactly the releases the test suite met. pip-tools lives in its own venv
# (.venv/lock-tools, made from .venv's interpreter so markers resolve for the same Python): it
# needs a newer pip than the project's venv has and is not a dependency of the project.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

PIP_TOOLS_VERSION="7.7.0"
tools=".venv/lock-tools"

# The bootstrap needs a lock to fill .venv, so a missing .venv is only created here.
py311() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; }
if ! py311 .venv/bin/python; then
    python="${PYTHON:-python3}"
    py311 "$python" || { echo "lock: '$python' is not Python 3.11+ (set PYTHON=...)" >&2; exit 1; }
    rm -rf .venv
    "$python" -m venv .venv
fi
if [[ "$("$tools/bin/pip-compile" --version 2>/dev/null || true)" != *" $PIP_TOOLS_VERSION" ]]; then
    echo "lock: installing pip-tools $PIP_TOOLS_VERSION into $tools" >&2
    rm -rf -- "$tools"
    .venv/bin/python -m venv "$tools"
    "$tools/bin/python" -m pip install --quiet --disable-pip-version-check \
        "pip-tools==$PIP_TOOLS_VERSION"
fi

compile() {
    # The header names `make lock` as the command; index and find-links options of this machine
    # stay out of the files (pip's own configuration decides where to download from).
    CUSTOM_COMPILE_COMMAND="make lock" "$tools/bin/pip-compile" --quiet --generate-hashes \
        --strip-extras --no-emit-index-url --no-emit-find-links "$@" pyproject.toml
}

echo "lock: resolving requirements-dev.lock" >&2
compile --extra dev --output-file requirements-dev.lock "$@"
echo "lock: resolving requirements.lock (from the dev lock's pins)" >&2
cp requirements-dev.lock requirements.lock
compile --output-file requirements.lock

# A changed lock changes the bootstrap's stamp: this brings .venv to the new pins.
bash scripts/bootstrap.sh --venv-only
echo "lock: done; commit pyproject.toml, requirements.lock and requirements-dev.lock together" >&2
