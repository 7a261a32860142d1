// Reading a file someone else chose: only a regular file (or standard
// input), never more than a limit, and never one that changes under us.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace followup::util {

struct FileRead {
  std::optional<std::string> content;  // the whole file when it was read
  std::string problem;                 // otherwise a sentence naming the file
};

// Reads `path` ("-" is standard input) whole, refusing at once, without
// reading, a FIFO, a device, a socket or a directory ("'/dev/zero' is a
// character device, not a regular file"), and refusing a file larger than
// `max_bytes` as soon as the limit is passed (the size is checked while
// reading, never after reading everything). A regular file whose size or
// modification time differs after the read from before it (fstat on the open
// descriptor) is refused as changed. Standard input is read up to the limit,
// whatever it is connected to.
FileRead read_file_bounded(const std::string& path, std::size_t max_bytes);

}  // namespace followup::util
