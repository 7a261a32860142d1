// A zip archive made in memory, for the tests and the benchmark that feed
// Word documents to the importer. Test code only (links libzip).
#pragma once

#include <string>
#include <zip.h>

namespace followup::importer::testing {

// An archive holding one file `name` with `data`, written by libzip.
inline std::string zip_with(const std::string& name, const std::string& data) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);  // still ours after zip_close, to read the archive back
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_source_t* file = zip_source_buffer(archive, data.data(), data.size(), 0);
  zip_file_add(archive, name.c_str(), file, ZIP_FL_ENC_UTF_8);
  zip_close(archive);
  std::string out;
  zip_source_open(buffer);
  char chunk[65536];
  zip_int64_t n = 0;
  while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0)
    out.append(chunk, static_cast<std::size_t>(n));
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

}  // namespace followup::importer::testing
