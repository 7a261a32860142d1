#!/usr/bin/env python3
"""Writes demo/tracker.csv, the tracker an evaluation office kept in Excel
before followup: 200 rows over 1998-2000, a row per recommendation and a
further row per further key action (docs/import.md, "Trackers").

Usage: scripts/make-demo-tracker.py > demo/tracker.csv"""
import csv
import datetime
import sys
UNITS = ["MMS", "MPRP", "MRF-BA", "MRF-SJ", "MRF-DAKAR"]
TOPICS = ["the return and reintegration programme", "the counter-trafficking project", "labour migration in the Andes",
          "the migration health assessments", "the emergency operations roster", "the regional consultative process",
          "the capacity-building fund", "the travel loan scheme", "the diaspora engagement pilot", "the border management training"]
VERBS = ["Strengthen the monitoring of", "Clarify the roles of headquarters and the field in", "Set measurable targets for",
         "Share the lessons of", "Review the funding model of", "Train the staff who manage", "Document the procedures of",
         "Consult the governments concerned about"]
STATUSES = [("Open", 0), ("In progress", 1), ("Implemented", 2), ("Closed - implemented", 3),
            ("Closed - not implemented", 4), ("No longer applicable", 5)]
rows = []
e = 0
while len(rows) < 200:
    e += 1
    year = 1998 + (e % 3)
    code = f"EV-{year}-{e:02d}"
    issued = datetime.date(year, 1 + (e * 5) % 12, 1 + (e * 7) % 27)
    topic = TOPICS[e % len(TOPICS)]
    title = f"Evaluation of {topic} ({code})"
    for n in range(1, 6 + e % 4):
        if len(rows) >= 200:
            break
        units = [UNITS[(e + n) % 5]] + ([UNITS[(e + n + 2) % 5]] if (e + n) % 6 == 0 else [])
        due = issued + datetime.timedelta(days=45)
        text = f"{VERBS[(e * 3 + n) % len(VERBS)]} {topic}."
        kind = (e * 7 + n) % 9
        decision, responded, rationale, status, status_date = "", "", "", "Open", ""
        if kind >= 1:
            decision = ["Accepted", "Accepted", "Partially accepted", "Accepted", "Not accepted"][kind % 5]
            responded = (due + datetime.timedelta(days=((e + n) % 30) - 10)).isoformat()
            if decision != "Accepted":
                rationale = "Only within existing resources" if decision.startswith("Partially") else "Outside the unit's mandate"
        if decision and decision != "Not accepted":
            status, _ = STATUSES[(e + 2 * n) % 6]
        elif decision == "Not accepted":
            status = "Closed - not implemented"
        if status != "Open":
            status_date = (datetime.date.fromisoformat(responded) + datetime.timedelta(days=120 + (e * n) % 300)).isoformat()
        actions = []
        if decision in ("Accepted", "Partially accepted") and (e + n) % 2 == 0:
            actions = [(f"Draft a plan for {topic}", units[0], (due + datetime.timedelta(days=180)).isoformat())]
            if (e + n) % 4 == 0:
                actions.append((f"Report on {topic} to the Executive Committee", UNITS[(e + n + 1) % 5],
                                (due + datetime.timedelta(days=365)).isoformat()))
        base = [code, title if n == 1 else "", issued.isoformat() if n == 1 else "", n, text, "/".join(units),
                due.strftime("%d/%m/%Y"), decision, responded, rationale]
        first = True
        for a in actions or [("", "", "")]:
            if len(rows) >= 200:
                break
            if first:
                rows.append(base + list(a) + [status, status_date])
                first = False
            else:
                rows.append([code, "", "", n, "", "", "", "", "", ""] + list(a) + ["", ""])
w = csv.writer(sys.stdout, lineterminator="\r\n")
w.writerow(["Evaluation", "Title", "Issued", "No.", "Recommendation", "Responsible", "Due date", "Response",
            "Response date", "Rationale", "Key action", "Action owner", "Action due", "Status", "Status date"])
w.writerows(rows)
