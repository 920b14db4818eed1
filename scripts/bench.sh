#!/usr/bin/env bash
# Runs every benchmark in bench/; each prints its figures as `name: value unit` lines at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export FONTCONFIG_FILE="$PWD/var/fonts/fonts.conf"
for script in bench/bench_*.py; do
  [ -e "$script" ] || continue
  echo "== $script =="
  .venv/bin/python "$script"
done
