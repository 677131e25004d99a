#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS (default 60) and prints, per target, how many inputs ran,
# how fast, the coverage reached and what was found. Exits non-zero if any target crashed.
# Usage: fuzz/run.sh [TARGET...]   (all targets by default; `make fuzz` calls this)
# Grown corpora go to fuzz/corpus/<target>, crashes to fuzz/artifacts/<target>; neither is committed.
set -uo pipefail
cd "$(dirname "$0")"

seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frame room import blame actions token)
# Without a sanitizer: the code under test is safe Rust plus yrs, and twice the executions per
# second finds more than AddressSanitizer would add (FUZZ_SANITIZER=address to use it).
sanitizer=${FUZZ_SANITIZER:-none}

# Largest input per target: big enough for what each piece of code is given in practice, small
# enough to keep many executions per second.
max_len() {
  case $1 in
    token | blame) echo 512 ;;
    frame | actions) echo 1024 ;;
    *) echo 2048 ;;
  esac
}

cargo +nightly fuzz build -O -s "$sanitizer" || exit 2

printf '%-8s %8s %12s %8s %6s %7s %8s  %s\n' target seconds executions exec/s cov ft corpus findings
failed=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  log=$(mktemp)
  cargo +nightly fuzz run -O -s "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=30 \
    -print_final_stats=1 >"$log" 2>&1
  status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(find "corpus/$target" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    findings=none
  else
    failed=1
    findings="CRASH (exit $status): $(sed -n 's/.*Test unit written to //p' "$log" | tail -1)"
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$log" | head -3 | sed 's/^/    /' >&2
  fi
  printf '%-8s %8s %12s %8s %6s %7s %8s  %s\n' "$target" "$seconds" "${executions:-?}" \
    "${rate:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$findings"
  rm -f "$log"
done
exit $failed
