#!/usr/bin/env bash
# `make run`: builds a demo store in var/followup.db (when missing) from the
# memos in demo/, with users (each with the password demo-password),
# responses, actions, progress reports, validations and closings at
# different dates; shows the memo and a report; then serves the pages and the API on
# LISTEN (default 127.0.0.1:8080) until Ctrl-C. With --no-serve it stops
# before serving (the tests run it so: tests/cli/demo_test.py), the store
# at FOLLOWUP_DEMO_STORE (default var/followup.db), made by FOLLOWUP_BIN
# (default build/followup).
set -euo pipefail
cd "$(dirname "$0")/.."
store=${FOLLOWUP_DEMO_STORE:-var/followup.db}
bin=${FOLLOWUP_BIN:-build/followup}
serve=yes
[ "${1:-}" = --no-serve ] && serve=no
export FOLLOWUP_DB=sqlite:$store
# The demo replays 2001-2005 as if each step was entered on its day: units
# may date their facts that far back here only (default: 7 days).
export FOLLOWUP_UNIT_BACKDATE_DAYS=9999
f() { "$bin" "$@"; }
demo_password=demo-password
listen=${LISTEN:-127.0.0.1:8080}

if [ ! -f "$store" ]; then
  echo "== Creating the demo store $store =="
  f init --admin root
  f --as root user add eva --role evaluation --full-name "OIG - Evaluation" --email eva@example.org
  f --as eva import demo/placmi-2.txt
  f --as eva import --add-units demo/capfron.txt demo/rrp-wa.md
  f --as root user add dg --role executive --full-name "Office of the Director General" --email dg@example.org
  f --as root user add ba --role unit --unit MRF-BA --full-name "Focal point, MRF Buenos Aires" --email ba@example.org
  f --as root user add mms --role unit --unit MMS --full-name "Focal point, MMS" --email mms@example.org
  f --as root user add mprp --role unit --unit MPRP --full-name "Focal point, MPRP" --email mprp@example.org
  f --as root user add sj --role unit --unit MRF-SJ --full-name "Focal point, MRF San José" --email sj@example.org
  f --as root user add dakar --role unit --unit MRF-DAKAR --full-name "Focal point, MRF Dakar" --email dakar@example.org
  f --as root user add auditor --role viewer --full-name "External auditor"

  # PLACMI-2 (2001): on time, late, implemented and closed.
  f --as eva issue PLACMI-2 --as-of 2001-07-20
  f --as ba respond PLACMI-2#1 --unit MRF-BA --decision accepted --as-of 2001-08-20 \
    --action "Convene a meeting of the four MRFs of the Americas|MRF-BA|2001-10-31" \
    --action "Agree parameters for collaboration between the MRFs|MMS|2001-12-31"
  f --as mms respond PLACMI-2#2 --unit MMS --decision accepted --as-of 2001-08-25 \
    --action "Study PLACMI's mechanisms as a best practice|MMS|2002-03-31"
  f --as mprp respond PLACMI-2#2 --unit MPRP --decision partially_accepted --as-of 2001-09-05 \
    --rationale "MPRP will study the regional dimension only"
  f --as ba report-progress PLACMI-2#1 --unit MRF-BA --status in_progress --as-of 2001-10-01 \
    --text "Invitations sent to the MRFs of San José, Lima and Washington"
  f --as ba report-progress PLACMI-2#1 --unit MRF-BA --status implemented --as-of 2001-10-20 \
    --text "The meeting took place in Buenos Aires on 12 October 2001" \
    --action-done 1 --evidence demo/evidence/meeting-minutes.pdf --evidence demo/evidence/minutes.txt
  f --as eva validate PLACMI-2#1 --rating implemented --comment "Minutes seen; parameters still to agree" --as-of 2001-11-05
  f --as eva close PLACMI-2#1 --outcome implemented --as-of 2002-01-15
  f --as mms report-progress PLACMI-2#2 --unit MMS --status in_progress --as-of 2002-02-10 \
    --text "Desk study of PLACMI's mechanisms under way"

  # CAPFRON (2003): a late joint response, a refusal, an implemented item.
  f --as eva issue CAPFRON --as-of 2003-03-10
  f --as sj respond CAPFRON#1 --unit MRF-SJ --decision accepted --as-of 2003-04-20 \
    --action "Agree the calendar with each government|MRF-SJ|2003-09-30"
  f --as mms respond CAPFRON#2 --unit MMS --decision accepted --as-of 2003-05-02 \
    --action "Draft the regional guide|MMS|2003-12-31"
  # An extension granted to one unit of a joint recommendation.
  f --as eva extend CAPFRON#2 --unit MRF-SJ --due 2003-07-31 --reason "New focal point appointed" --as-of 2003-06-20
  f --as sj respond CAPFRON#2 --unit MRF-SJ --decision partially_accepted --as-of 2003-07-10 \
    --rationale "The guide will be in Spanish first; English later if funded"
  f --as sj respond CAPFRON#3 --unit MRF-SJ --decision not_accepted --as-of 2003-07-20 \
    --rationale "No budget for tracing participants after the project ends"
  f --as sj report-progress CAPFRON#1 --unit MRF-SJ --status implemented --as-of 2004-02-01 \
    --text "All five academies adopted the module" --action-done 4 --evidence demo/evidence/academies.txt
  f --as eva validate CAPFRON#1 --rating implemented --comment "Confirmed with two academies" --as-of 2004-02-15
  f --as eva close CAPFRON#1 --outcome implemented --as-of 2004-03-01
  f --as eva close CAPFRON#3 --outcome not_accepted --as-of 2004-03-01

  # RRP-WA (2004): one unit still has not responded; work in progress.
  f --as eva issue RRP-WA --as-of 2004-11-10
  f --as dakar respond RRP-WA#1 --unit MRF-DAKAR --decision accepted --as-of 2004-12-10 \
    --action "Negotiate the extension with the donor|MRF-DAKAR|2005-06-30"
  f --as dakar respond RRP-WA#2 --unit MRF-DAKAR --decision accepted --as-of 2005-01-20 \
    --action "Draft the common template|MRF-DAKAR|2005-04-30"
  f --as mms respond RRP-WA#3 --unit MMS --decision accepted --as-of 2005-03-15 \
    --action "Commission the survey|MMS|2005-09-30"
  f --as dakar report-progress RRP-WA#1 --unit MRF-DAKAR --status in_progress --as-of 2005-07-01 \
    --text "Donor agreed in principle; grant agreement in draft"
  f --as eva validate RRP-WA#1 --rating in_progress --comment "Draft agreement seen" --as-of 2005-07-15
  # The tracker the office kept in Excel before followup (1998-2000),
  # brought in as dated past facts (after the steps above, whose key
  # actions are numbered from 1).
  f --as eva import-tracker demo/tracker.csv

  for user in root eva dg ba mms mprp sj dakar auditor; do
    printf '%s\n' "$demo_password" | f --as root user passwd "$user" >/dev/null
  done
  echo
fi

export FOLLOWUP_USER=dg
echo "== The PLACMI-2 follow-up memorandum, regenerated from the store =="
f memo PLACMI-2
echo
echo "== The DG's status report as of 2005-12-31 =="
f report status --as-of 2005-12-31
echo
f verify-history
echo
echo "== The demo accounts (password: $demo_password) =="
echo "  eva      the evaluation office      dg       the Director General's office"
echo "  ba       focal point, MRF-BA        mms      focal point, MMS"
echo "  mprp     focal point, MPRP          sj       focal point, MRF-SJ"
echo "  dakar    focal point, MRF-DAKAR     auditor  viewer"
echo "  root     admin"
echo "Open http://$listen/ in a browser and log in as one of them (docs/pages.md)."
echo "A script logs in with: curl -X POST http://$listen/api/v1/session -d '{\"user\": \"eva\", \"password\": \"$demo_password\"}'"
echo "(docs/api.md). The server sends the day's reminders at start-up, into var/outbox/ as .eml"
echo "files (docs/reminders.md; the office's page: /outbox). Ctrl-C stops the server."
echo
[ "$serve" = yes ] || exit 0
exec "$bin" serve --listen "$listen"
