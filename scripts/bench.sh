#!/usr/bin/env bash
# `make bench`: every benchmarks/bench_*.py in one run; each prints a markdown report that is
# also saved under benchmarks/out/ (gitignored). Figures go into docs/benchmarks.md by hand,
# with the date and the machine printed here.
set -uo pipefail  # each benchmark runs with its own defaults (see its --help)
cd "$(dirname "$0")/.."
mkdir -p benchmarks/out
{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "Machine: $(uname -m), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
} | tee benchmarks/out/machine.md
status=0
for bench in benchmarks/bench_*.py; do
  name=$(basename "$bench" .py)
  echo; echo "== $name"
  if ! .venv/bin/python "$bench" | tee "benchmarks/out/$name.md"; then
    echo "$name FAILED" >&2
    status=1
  fi
done
exit $status
