// Bringing an office's existing tracker in (docs/import.md, "Trackers"):
// the recommendations it lists and what became of them, entered by the
// evaluation office as dated past facts through the same steps a person
// takes (so the same rules judge them, and each is marked entered late),
// all in one transaction: every row is entered, or none.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/session.h"
#include "importer/tracker.h"

namespace followup::app {

struct TrackerRequest {
  std::string file_name;  // for messages
  std::string bytes;
  std::map<std::string, std::string> mapping;  // field -> header (importer/tracker.h)
  // Everything is entered and checked, then undone: what the import would
  // do, or the first thing it would refuse.
  bool dry_run = false;
};

struct TrackerOutcome {
  importer::ParsedTracker tracker;
  std::vector<std::string> created;  // evaluations the tracker brought in, in order
  // One line a recommendation: its rows and what was entered, e.g.
  // "rows 2-3: PLACMI-2#2: MMS, MPRP partially accepted on 2001-09-05 with 2
  // key actions; in progress on 2002-01-10".
  std::vector<std::string> entries;
  bool dry_run = false;
};

// For the evaluation office. An evaluation the store lacks is made from the
// tracker's rows (title, issue date, and each recommendation's text,
// responsible units and due date) and issued on its issue date; one it
// holds must hold every number the tracker names. Errors name the file and
// the recommendation's first row; nothing is written then.
Result<TrackerOutcome> import_tracker(const Session& session, const TrackerRequest& request);

}  // namespace followup::app
