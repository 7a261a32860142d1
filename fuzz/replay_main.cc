// Replays kept fuzzer inputs through a fuzz target's LLVMFuzzerTestOneInput
// in an ordinary build (no libFuzzer): `NAME_replay DIR...` runs every file
// in each DIR and fails when one crashes (the target traps) or takes longer
// than the budget, so that an input once found slow stays fast.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// Far below the test's timeout (fuzz/CMakeLists.txt), far above what a
// linear parser needs for a megabyte, even under sanitizers.
constexpr double k_budget_seconds = 5.0;

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path dir(argv[i]);
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file()) files.push_back(entry.path());
  }
  int slow = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto start = std::chrono::steady_clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("%s: %zu bytes, %.3f s\n", path.string().c_str(), bytes.size(), took.count());
    if (took.count() > k_budget_seconds) {
      std::printf("  SLOW: over the budget of %.1f s\n", k_budget_seconds);
      ++slow;
    }
  }
  std::printf("%zu inputs replayed, %d slow\n", files.size(), slow);
  return files.empty() || slow > 0 ? 1 : 0;
}
