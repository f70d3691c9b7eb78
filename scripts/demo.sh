#!/usr/bin/env bash
# Quick start, command 1: set everything up, then run the main job on the shipped log:
# Blinken's timeline in the terminal, and as an interactive chart in reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/tracker timeline --actor Blinken
.venv/bin/tracker timeline --actor Blinken --html
