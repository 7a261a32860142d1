#!/usr/bin/env bash
# `make test`: every check, as stages that are each a target of the Makefile
# (the variables given to `make test` reach them):
#
#   deps, format-check                          one after the other, then
#   build (the binary) -> tidy                  side by side with
#   sanitizer build -> sanitizer tests -> slow tests (once the binary is
#   built); then fuzz, in the lane that ends its own stages first; then
#   each lane, as it ends, joins clang-tidy or the fuzzers if still going
#   (a second worker taking their last pieces: scripts/queue.sh).
#
# The unit tests run once, in the sanitizer build; the slow ones (label
# slow), which drive the binary thousands of times, with the plain binary.
#
# The two lanes keep both cores busy where one stage alone leaves one idle
# (links, test tails, the last files of clang-tidy); the fuzzers, one at a
# time, run beside the other lane's last stage (clang-tidy's last sources or
# the slow tests' tail), each target with a core of its own for its seconds. A stage's output goes to
# LOGS/STAGE.log; the first stage that fails stops the others and its log's
# end is printed. At the end, a table of each stage's start, wall-clock time
# and CPU time (user + system of all its processes; on 2 cores, CPU/2 is
# about the wall-clock time of an idle machine).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
make=${MAKE:-make}
logs=${BUILD:-build}/make-test
mkdir -p "$logs"
state=$(mktemp -d)
# The run's token, for the joining workers (scripts/queue.sh).
export MAKE_TEST_RUN="$$-$EPOCHREALTIME"

declare -A label=(
  [deps]="deps" [format-check]="format-check" [build-binary]="build" [tidy]="tidy"
  [build-asan]="sanitizer build" [asan-tests]="sanitizer tests" [slow-tests]="slow tests" [fuzz]="fuzz"
  [tidy-join]="tidy (joined)" [fuzz-join]="fuzz (joined)"
)
order=(deps format-check build-binary tidy build-asan asan-tests slow-tests fuzz tidy-join fuzz-join)
t0=$EPOCHREALTIME
elapsed() { awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%4.0f", b - a }'; }

# The compiling stages of the two lanes (the builds, clang-tidy, the
# sanitizer tests) and the fuzzers run half the cores' jobs each, so that
# the two lanes together keep every core busy without running more jobs
# than cores: with twice as many, the same work took about a third more
# CPU (docs/performance.md, "make test"). The slow tests, which wait on
# servers and processes, run as many jobs as cores.
cores=$(nproc)
lane_jobs=$(((cores + 1) / 2))
declare -A jobs=([build-binary]=$lane_jobs [tidy]=$lane_jobs [build-asan]=$lane_jobs [asan-tests]=$lane_jobs
  [fuzz]=$lane_jobs)

# run_stage TARGET [quiet]: `make TARGET`, its output in LOGS/TARGET.log
# (and on the terminal unless quiet); records its start, end, CPU and status.
run_stage() {
  local target=$1 quiet=${2:-} status
  local args=(--no-print-directory "$target")
  [[ -n ${jobs[$target]:-} ]] && args+=("JOBS=${jobs[$target]}")
  echo "$EPOCHREALTIME" >"$state/$target.start"
  echo "[$(elapsed) s] ${label[$target]}: started (make $target)"
  (
    if [[ -n $quiet ]]; then
      "$make" "${args[@]}" >"$logs/$target.log" 2>&1
    else
      "$make" "${args[@]}" 2>&1 | tee "$logs/$target.log"
    fi
    status=$?
    # This subshell's finished children: the stage's processes.
    times >"$state/$target.times"
    exit "$status"
  )
  status=$?
  echo "$EPOCHREALTIME" >"$state/$target.end"
  echo "$status" >"$state/$target.status"
  if [[ $status -eq 0 ]]; then
    echo "[$(elapsed) s] ${label[$target]}: passed"
  else
    echo "[$(elapsed) s] ${label[$target]}: FAILED (exit status $status; log: $logs/$target.log)"
  fi
  return "$status"
}

# The fuzzers, in whichever lane gets here first (mkdir is atomic).
fuzz_if_first() {
  mkdir "$state/fuzz.taken" 2>/dev/null || return 0
  run_stage fuzz quiet
}

# A lane whose stages are done: a second worker for clang-tidy's sources or
# the fuzz targets still to do (scripts/queue.sh), rather than an idle core.
# Each joined once at most.
join_the_other_lane() {
  local target
  for target in fuzz tidy; do
    [[ -e $state/$target.start && ! -e $state/$target.end ]] || continue
    mkdir "$state/$target.joined" 2>/dev/null || continue
    run_stage "$target-join" quiet || return 1
  done
}

lane_plain() {
  run_stage build-binary quiet || return 1
  run_stage tidy quiet || return 1
  fuzz_if_first || return 1
  join_the_other_lane
}
lane_sanitizer() {
  run_stage build-asan quiet || return 1
  run_stage asan-tests quiet || return 1
  # The slow tests need the binary of the other lane.
  while [[ ! -e $state/build-binary.status ]]; do sleep 1; done
  [[ $(cat "$state/build-binary.status") == 0 ]] || return 1
  run_stage slow-tests quiet || return 1
  fuzz_if_first || return 1
  join_the_other_lane
}

# The seconds in bash's `times` output ("XmY.YYYs" user, then system) of
# its second line: the CPU of finished children.
cpu_of() {
  [[ -f $1 ]] || { echo "-"; return; }
  awk 'NR == 2 {
    total = 0
    for (i = 1; i <= 2; i++) { split($i, t, "m"); sub("s", "", t[2]); total += t[1] * 60 + t[2] }
    printf "%.1f", total
  }' "$1"
}

lanes=()
stop_lanes() {
  local pid
  for pid in "${lanes[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap 'stop_lanes; rm -rf "$state"; exit 130' INT TERM

failed=""
first_failure() {  # the stage that failed first, by its end time
  local target best="" best_end=""
  for target in "${order[@]}"; do
    [[ -f $state/$target.status && $(cat "$state/$target.status") != 0 ]] || continue
    if [[ -z $best ]] || awk -v a="$(cat "$state/$target.end")" -v b="$best_end" 'BEGIN { exit !(a < b) }'; then
      best=$target
      best_end=$(cat "$state/$target.end")
    fi
  done
  echo "$best"
}

if run_stage deps && run_stage format-check; then
  set -m  # each lane in its own process group, so that a failure can stop the other
  lane_plain &
  lanes+=($!)
  lane_sanitizer &
  lanes+=($!)
  set +m
  running=("${lanes[@]}")
  while [[ ${#running[@]} -gt 0 ]]; do
    wait -n -p done_pid "${running[@]}"
    status=$?
    next=()
    for pid in "${running[@]}"; do [[ $pid == "$done_pid" ]] || next+=("$pid"); done
    running=("${next[@]}")
    if [[ $status -ne 0 ]]; then
      failed=$(first_failure)
      stop_lanes
      break
    fi
  done
else
  failed=$(first_failure)
fi

times >"$state/all.times"
echo
echo "make test: time per stage (start: seconds after make test began)"
printf '  %-16s %7s %9s %9s\n' stage "start" "wall (s)" "CPU (s)"
for target in "${order[@]}"; do
  if [[ ! -f $state/$target.start ]]; then
    printf '  %-16s %7s %9s %9s  not run\n' "${label[$target]}" - - -
    continue
  fi
  start=$(awk -v a="$t0" -v b="$(cat "$state/$target.start")" 'BEGIN { printf "%.0f", b - a }')
  end=$(cat "$state/$target.end" 2>/dev/null || echo "$EPOCHREALTIME")
  wall=$(awk -v a="$(cat "$state/$target.start")" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  mark=""
  if [[ $target == "$failed" ]]; then
    mark="  FAILED"
  elif [[ $(cat "$state/$target.status" 2>/dev/null || echo stopped) != 0 ]]; then
    mark="  stopped"
  fi
  printf '  %-16s %7s %9s %9s%s\n' "${label[$target]}" "$start" "$wall" "$(cpu_of "$state/$target.times")" "$mark"
done
printf '  %-16s %7s %9s %9s\n' total 0 "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" \
  "$(cpu_of "$state/all.times")"
rm -rf "$state"
if [[ -n $failed ]]; then
  echo
  echo "make test: FAILED at stage '${label[$failed]}' (make $failed); the end of $logs/$failed.log:"
  tail -n 60 "$logs/$failed.log"
  echo "make test: FAILED at stage '${label[$failed]}' (make $failed)"
  exit 1
fi
echo "make test: all stages passed"
