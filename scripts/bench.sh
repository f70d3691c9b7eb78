#!/usr/bin/env bash
# The benchmark suite: set up, then every benchmark beside its baseline, at 1,000,000 events
# unless --size says otherwise. The first run at a size generates its log (cached in
# benchmarks/.cache/). Prints the table; --write also puts it into benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec .venv/bin/python -m benchmarks.run "$@"
