#!/usr/bin/env bash
# `make run`: a local Partilha with its own Meilisearch, demo data and logins.
#
#   MEILI_URL=http://host:7700 [MEILI_MASTER_KEY=...]  use a running Meilisearch instead
#   PARTILHA_PORT=8000  PARTILHA_ENV=dev               passed on to scripts/start.sh
#   PARTILHA_RUN_DRY=1  stop after Meilisearch answers /health and the banner is printed, without
#                       starting the app (used to test this script; Meilisearch is stopped again)
#
# Ctrl-C (or SIGTERM to this script) stops the app first, then Meilisearch.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

say() { printf 'run: %s\n' "$*" >&2; }
die() {
    printf 'run: error: %s\n' "$*" >&2
    exit 1
}

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
export PARTILHA_ENV="${PARTILHA_ENV:-dev}"
PORT="${PARTILHA_PORT:-8000}"
export PARTILHA_PUBLIC_BASE_URL="${PARTILHA_PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}"
PY="$PWD/.venv/bin/python"
[[ -x "$PY" ]] || PY="${PYTHON:-python3}"
mkdir -p .data

MEILI_PID=""
APP_PID=""

# shellcheck disable=SC2329  # called from the traps
stop_pid() { # pid seconds: TERM, wait up to `seconds`, then KILL
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    say "process $pid did not stop in $2 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2329  # called from the traps
cleanup() {
    trap - EXIT INT TERM
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill -TERM -- "-$APP_PID" 2>/dev/null || true
        stop_pid "$APP_PID" 15
    fi
    if [[ -n "$MEILI_PID" ]] && kill -0 "$MEILI_PID" 2>/dev/null; then
        stop_pid "$MEILI_PID" 10
        say "Meilisearch stopped"
    fi
}

# shellcheck disable=SC2329  # called from the traps
on_signal() { # forward to the app's process group; the wait loop below then sees it exit
    if [[ -n "$APP_PID" ]]; then
        kill "-$1" -- "-$APP_PID" 2>/dev/null || kill "-$1" "$APP_PID" 2>/dev/null || true
    else
        exit $((128 + $2))
    fi
}

trap cleanup EXIT
trap 'on_signal INT 2' INT
trap 'on_signal TERM 15' TERM

free_port() {
    "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

wait_healthy() { # url pid timeout_s; exit 0 healthy, 1 timeout, 2 process died
    "$PY" - "$@" <<'PY'
import os, sys, time, urllib.request

url, pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        with opener.open(url + "/health", timeout=1) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(2)
    time.sleep(0.1)
sys.exit(1)
PY
}

start_meilisearch() {
    [[ -n "${MEILI_BIN:-}" ]] || die "MEILI_BIN is not set (scripts/bootstrap.sh should have set it)"
    local key_file=".data/meili-master-key" port log=".data/meili.log" status=0
    if [[ ! -s "$key_file" ]]; then
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' >"$key_file")
    fi
    chmod 600 "$key_file"
    MEILI_KEY="$(<"$key_file")"
    port="$(free_port)"
    MEILI_LOCAL_URL="http://127.0.0.1:$port"
    # The key goes through the environment, not argv, so other users cannot read it with ps.
    # set -m puts Meilisearch in its own process group: Ctrl-C reaches this script, which stops the
    # app before Meilisearch.
    set -m
    # 1 GiB of indexing memory: with Meilisearch's default (two thirds of the RAM) small updates
    # are ~3x slower and some stall for seconds (app/search/server.py indexing_memory).
    MEILI_MASTER_KEY="$MEILI_KEY" "$MEILI_BIN" --db-path .data/meili --http-addr "127.0.0.1:$port" \
        --no-analytics --env development --max-indexing-memory "${MEILI_MAX_INDEXING_MEMORY:-1GiB}" \
        >"$log" 2>&1 </dev/null &
    MEILI_PID=$!
    set +m
    wait_healthy "$MEILI_LOCAL_URL" "$MEILI_PID" 30 || status=$?
    if ((status != 0)); then
        if ((status == 2)); then
            printf 'run: error: Meilisearch exited during start-up; last lines of %s:\n' "$log" >&2
        else
            printf 'run: error: Meilisearch did not answer %s/health within 30 s; last lines of %s:\n' \
                "$MEILI_LOCAL_URL" "$log" >&2
        fi
        tail -n 20 "$log" >&2 || true
        exit 1
    fi
}

if [[ -n "${MEILI_URL:-}" ]]; then
    export PARTILHA_MEILI_URL="$MEILI_URL"
    export PARTILHA_MEILI_KEY="${MEILI_MASTER_KEY:-}"
    meili_line="$MEILI_URL (external)"
else
    start_meilisearch
    export PARTILHA_MEILI_URL="$MEILI_LOCAL_URL"
    export PARTILHA_MEILI_KEY="$MEILI_KEY"
    meili_line="$MEILI_LOCAL_URL (pid $MEILI_PID, data .data/meili, log .data/meili.log)"
fi

print_banner() {
    local url="http://127.0.0.1:$PORT"
    printf '\n  Partilha (%s)\n' "$PARTILHA_ENV"
    printf '    app          %s\n' "$url"
    printf '    API docs     %s/docs\n' "$url"
    printf '    Meilisearch  %s\n' "$meili_line"
    if [[ "$PARTILHA_ENV" == "dev" ]]; then
        # The demo accounts are created by start.sh (partilha demo load) before the app listens.
        printf '\n  Demo logins (e-mail, password, role)\n'
        partilha demo accounts | sed 's/^/    /'
    fi
    if [[ -n "$MEILI_PID" ]]; then
        printf '\n  Ctrl-C stops the app and Meilisearch.\n\n'
    else
        printf '\n  Ctrl-C stops the app.\n\n'
    fi
}
print_banner

if [[ -n "${PARTILHA_RUN_DRY:-}" ]]; then
    say "PARTILHA_RUN_DRY is set: not starting the app"
    exit 0
fi

# Not exec: this script stays to stop Meilisearch afterwards. The app runs in its own process
# group (set -m) so a forwarded signal reaches start.sh's children too, and `wait` returns as soon
# as a signal arrives so the trap can forward it.
set -m
bash scripts/start.sh </dev/null &
APP_PID=$!
set +m
status=0
while :; do
    wait "$APP_PID" && status=0 || status=$?
    kill -0 "$APP_PID" 2>/dev/null || break
done
exit "$status"
