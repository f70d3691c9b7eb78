#!/usr/bin/env bash
# Set up everything tracker needs, from a fresh clone: a virtualenv in .venv holding
# tracker (editable) and its dev tools. With --browser, also Debian's chromium for the
# browser tests; with --postgres, Debian's postgresql for the team server's tests (which
# start a throwaway server of their own). Both through apt-get, as root or through sudo.
# --browser also installs Knight Lab's TimelineJS3 from npm into .cache/timelinejs
# (git-ignored; Debian's npm is installed first if missing), for the test that renders
# `tracker export timelinejs` in the real library.
# Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0 postgres=0
for arg in "$@"; do
    case "$arg" in
        --browser) browser=1 ;;
        --postgres) postgres=1 ;;
        *) echo "setup: unknown option $arg (--browser, --postgres)" >&2; exit 2 ;;
    esac
done

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $($python --version 2>&1)" >&2
    "$python" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "setup: installing tracker and its dependencies into .venv" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
    # compat mode: a plain path entry, not an import hook (faster start-up of every command)
    .venv/bin/python -m pip install -q --disable-pip-version-check \
        --config-settings editable_mode=compat -e '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
fi

# git merges data/events.jsonl with tracker's own driver (.gitattributes names it)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git config merge.tracker-log.name "tracker: merge two event logs, re-chaining the new suffix"
    git config merge.tracker-log.driver "$PWD/.venv/bin/python -m tracker merge %A %B %O"
fi

# the PostgreSQL server binaries: Debian keeps them in /usr/lib/postgresql/*/bin
have_postgres() {
    local dir
    dir=$(pg_config --bindir 2>/dev/null || true)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && return 0
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

missing=()
[ "$browser" = 1 ] && ! command -v chromium >/dev/null 2>&1 && missing+=(chromium)
[ "$browser" = 1 ] && ! command -v npm >/dev/null 2>&1 && missing+=(npm)
[ "$postgres" = 1 ] && ! have_postgres && missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing Debian's ${missing[*]} for the tests" >&2
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "setup: ${missing[*]} missing and neither root nor sudo is here to install it" >&2
        exit 1
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# TimelineJS3, the real client of `tracker export timelinejs` (tests/exchange/test_timelinejs_browser.py)
timelinejs_version=3.9.11
timelinejs=".cache/timelinejs/node_modules/@knight-lab/timelinejs"
if [ "$browser" = 1 ] && ! grep -qs "\"version\": \"$timelinejs_version\"" "$timelinejs/package.json"; then
    echo "setup: installing TimelineJS3 $timelinejs_version from npm into .cache/timelinejs" >&2
    mkdir -p .cache/timelinejs
    npm install --prefix .cache/timelinejs --no-audit --no-fund --no-save --silent \
        "@knight-lab/timelinejs@$timelinejs_version" >/dev/null
fi
