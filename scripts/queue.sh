# shellcheck shell=bash
# A queue of numbered items (1 to N) that workers share, for the stages of
# `make test` that are many independent pieces (clang-tidy's sources, the
# fuzz targets): sourced by scripts/tidy.sh and scripts/run-fuzz.sh.
#
# A worker claims the next item nobody has claimed (mkdir, which only one
# process can do) and does it; any number of workers, in any processes,
# share a queue. The run that opens a queue names it with a token (the
# variable MAKE_TEST_RUN, which scripts/test.sh sets for a whole make
# test): a worker started by another lane joins only the run its token
# names, so that a queue left by an earlier run is never joined.
#
#   queue_run DIR N SETTINGS JOBS FUNCTION
#                               a fresh queue of N items in DIR, with the
#                               settings (a line) its joining workers need;
#                               JOBS workers; returns once every item is
#                               done (one whose worker has gone is done
#                               here), the queue then closed
#   queue_work DIR FUNCTION     claims items in order, runs FUNCTION N for
#                               each, keeps its exit status
#   queue_join DIR              waits (at most a minute) for the queue of
#                               this run to open; fails when there is none
#                               or it is closed
#   queue_settings DIR          the queue's settings
#   queue_status DIR            fails when an item's FUNCTION failed

queue_run() {
  local dir=$1 n=$2 settings=$3 jobs=$4 function=$5 j pid
  rm -rf "$dir"
  mkdir -p "$dir/claimed" "$dir/status"
  echo "$n" >"$dir/size"
  echo "$settings" >"$dir/settings"
  # Last: a joining worker waits for this.
  echo "${MAKE_TEST_RUN:-}" >"$dir/run"
  for ((j = 0; j < jobs; j++)); do queue_work "$dir" "$function" & done
  wait
  for ((j = 1; j <= n; j++)); do
    until [[ -e $dir/status/$j ]]; do
      pid=$(cat "$dir/claimed/$j/pid" 2>/dev/null || true)
      if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null && [[ ! -e $dir/status/$j ]]; then
        queue_do "$dir" "$function" "$j"
      else
        sleep 1
      fi
    done
  done
  touch "$dir/closed"
}

queue_work() {
  local dir=$1 function=$2 n total
  total=$(cat "$dir/size")
  for ((n = 1; n <= total; n++)); do
    mkdir "$dir/claimed/$n" 2>/dev/null || continue
    echo "$BASHPID" >"$dir/claimed/$n/pid"
    queue_do "$dir" "$function" "$n"
  done
}

# queue_do DIR FUNCTION N: item N done, its exit status kept.
queue_do() {
  local status=0
  "$2" "$3" || status=$?
  echo "$status" >"$1/status/$3"
}

queue_join() {
  local dir=$1 waited
  [[ -n ${MAKE_TEST_RUN:-} ]] || return 1
  for ((waited = 0; waited < 60; waited++)); do
    if [[ -f $dir/run && $(cat "$dir/run") == "$MAKE_TEST_RUN" ]]; then
      [[ ! -e $dir/closed ]]
      return
    fi
    sleep 1
  done
  return 1
}

queue_settings() { cat "$1/settings"; }

queue_status() {
  local dir=$1 n total
  total=$(cat "$dir/size")
  for ((n = 1; n <= total; n++)); do
    [[ $(cat "$dir/status/$n") == 0 ]] || return 1
  done
}
