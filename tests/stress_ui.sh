#!/usr/bin/env bash
# Proof that the UI tests are deterministic: run the UI, snapshot and tmux test files RUNS times in a
# row (default 8) while one CPU core is kept busy, as on a loaded CI machine. Every run must pass.
#   bash tests/stress_ui.sh [RUNS]
set -u
cd "$(dirname "$0")/.."
runs=${1:-8}
python=${PYTHON:-.venv/bin/python}
"$python" -c 'while True: pass' &
busy=$!
trap 'kill "$busy" 2>/dev/null' EXIT
log=$(mktemp -d)
passed=0
for run in $(seq 1 "$runs"); do
    if "$python" -m pytest -q -p no:cacheprovider tests/test_ui_*.py tests/test_snapshots_*.py tests/test_e2e_tmux.py \
        >"$log/run-$run.txt" 2>&1; then
        passed=$((passed + 1))
        echo "run $run: $(tail -n 1 "$log/run-$run.txt")"
    else
        echo "run $run: FAILED (log: $log/run-$run.txt)"
        grep -E "^(FAILED|ERROR)" "$log/run-$run.txt" | head -n 20
    fi
done
echo "stress: $passed passed, $((runs - passed)) failed"
[ "$passed" -eq "$runs" ]
