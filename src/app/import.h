// Import use case: a memo's bytes in, an evaluation stored (or previewed).
#pragma once

#include <string>

#include "app/session.h"
#include "importer/memo_parser.h"

namespace followup::app {

struct ImportRequest {
  std::string file_name;  // for messages; "-" for standard input
  std::string bytes;
  bool dry_run = false;
  // Create units for names the directory does not know instead of refusing.
  bool add_units = false;
  // Keep the bytes as the memo as sent (docs/import.md); false for a memo
  // the program made (a tracker's evaluation, app/tracker.h).
  bool keep_original = true;
};

enum class ImportStatus { previewed, imported, already_imported };

struct ImportOutcome {
  ImportStatus status = ImportStatus::previewed;
  importer::ParsedMemo memo;  // with units resolved against the directory
  std::string content_hash;   // of the memo's canonical content (importer/content_hash.h)
};

// Parses the memo, resolving each name against the store's unit directory
// as it is read (seeded from the memo's To: list when the directory is
// empty; with add_units, making units for names it does not know). A dry
// run writes nothing. A real import is one transaction: old-form content
// hashes brought to the canonical form (app/content_hashes.h), then the
// evaluation, its recommendations, the new units and their history
// entries, or nothing. The same content again answers already_imported and
// writes nothing else; a different memo with an existing code is
// already_exists; a responsible name the directory does not know is
// invalid_argument with the field "add_units", naming every such name with
// its lines (unless add_units).
Result<ImportOutcome> import_memo(const Session& session, const ImportRequest& request);

}  // namespace followup::app
