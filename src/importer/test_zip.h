// A zip archive made in memory, for the tests and the benchmark that feed
// Word documents and Excel workbooks to the importer, and read back, for
// the tests of the Excel workbooks (render/xlsx_test.cc). Test code only
// (links libzip).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>
#include <zip.h>

namespace followup::importer::testing {

// An archive holding `files` (name, data), in order, written by libzip
// (deflated).
inline std::string zip_of(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);  // still ours after zip_close, to read the archive back
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : files) {
    zip_source_t* file = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_file_add(archive, name.c_str(), file, ZIP_FL_ENC_UTF_8);
  }
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

// An archive holding one file `name` with `data`, written by libzip.
inline std::string zip_with(const std::string& name, const std::string& data) {
  return zip_of({{name, data}});
}

// Every file of the archive `bytes`, by name, read by libzip (which checks
// each one's CRC); empty when `bytes` is not a zip archive or an entry
// cannot be read.
inline std::map<std::string, std::string> zip_entries(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return out;
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    return out;
  }
  bool ok = true;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; ok && i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_file_t* file = zip_fopen_index(archive, index, 0);
    if (file == nullptr) {
      ok = false;
      break;
    }
    std::string data;
    char chunk[65536];
    zip_int64_t n = 0;
    while ((n = zip_fread(file, chunk, sizeof chunk)) > 0) data.append(chunk, static_cast<std::size_t>(n));
    zip_fclose(file);
    ok = n == 0;
    out[zip_get_name(archive, index, 0)] = std::move(data);
  }
  zip_discard(archive);  // frees the source too
  if (!ok) out.clear();
  return out;
}

}  // namespace followup::importer::testing
