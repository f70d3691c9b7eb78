#!/usr/bin/env bash
# Quick start, command 2: set everything up (chromium and postgresql included), then run the
# whole suite: lint, format check, type check, and pytest (browser tests in headless
# chromium, the team server's tests against a throwaway PostgreSQL).
# pytest runs on every core (pytest-xdist, at most 4 workers). Extra arguments go to pytest
# (`-n 0` runs it in one process). pytest's exit 5 (no tests ran) fails like any other.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser --postgres
echo "== ruff check" && .venv/bin/ruff check tracker tests scripts benchmarks
echo "== ruff format --check" && .venv/bin/ruff format --check tracker tests scripts benchmarks
echo "== mypy" && .venv/bin/mypy
echo "== pytest" && .venv/bin/python -m pytest -q -n auto --maxprocesses 4 "$@"
