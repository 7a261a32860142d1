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
#   queue_open DIR N SETTINGS   a fresh queue of N items in DIR, with the
#                               settings (a line) its joining workers need
#   queue_work DIR FUNCTION     claims items in order, runs FUNCTION N for
#                               each, keeps its exit status
#   queue_finish DIR FUNCTION   waits until every item is done (one whose
#                               worker has gone is done here), then closes
#   queue_join DIR              waits (at most a minute) for the queue of
#                               this run to open; fails when there is none
#                               or it is closed
#   queue_settings DIR          the queue's settings
#   queue_status DIR            fails when an item's FUNCTION failed

queue_open() {
  local dir=$1 n=$2 settings=$3
  rm -rf "$dir"
  mkdir -p "$dir/claimed" "$dir/status"
  echo "$n" >"$dir/size"
  echo "$settings" >"$dir/settings"
  # Last: a joining worker waits for this.
  echo "${MAKE_TEST_RUN:-}" >"$dir/run"
}

queue_work() {
  local dir=$1 function=$2 n total status
  total=$(cat "$dir/size")
  for ((n = 1; n <= total; n++)); do
    mkdir "$dir/claimed/$n" 2>/dev/null || continue
    echo "$BASHPID" >"$dir/claimed/$n/pid"
    status=0
    "$function" "$n" || status=$?
    echo "$status" >"$dir/status/$n"
  done
}

queue_finish() {
  local dir=$1 function=$2 n total pid status
  total=$(cat "$dir/size")
  for ((n = 1; n <= total; n++)); do
    until [[ -e $dir/status/$n ]]; do
      pid=$(cat "$dir/claimed/$n/pid" 2>/dev/null || true)
      if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null && [[ ! -e $dir/status/$n ]]; then
        status=0
        "$function" "$n" || status=$?
        echo "$status" >"$dir/status/$n"
      else
        sleep 1
      fi
    done
  done
  touch "$dir/closed"
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
