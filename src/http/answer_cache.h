// Answers to reads, kept while what they rest on has not changed
// (docs/api.md, "Answers kept"). A key names everything an answer depends
// on: the store's history head (every journaled write appends an entry in
// the same transaction, so an unchanged head is unchanged data: the
// recommendations, the units, who may see what), who asked, the date the
// answer was judged on, and the address. A write therefore never needs to
// find the answers it makes stale: their keys are no longer asked for, and
// the least recently used go first when the cache is full. Thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace followup::http {

class AnswerCache {
 public:
  // Keeps at most `max_bytes` of keys and answers; an answer larger than
  // an eighth of that is not kept.
  explicit AnswerCache(std::size_t max_bytes) : m_max_bytes(max_bytes) {}

  // The answer kept under `key`, now the most recently used.
  std::optional<std::string> find(const std::string& key);
  // Keeps `answer` under `key` (replacing what was there), dropping the
  // least recently used answers until everything fits.
  void put(const std::string& key, std::string answer);

  [[nodiscard]] std::size_t bytes() const;
  [[nodiscard]] std::size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::string answer;
  };
  void erase(std::list<Entry>::iterator it);

  const std::size_t m_max_bytes;
  mutable std::mutex m_mutex;
  std::list<Entry> m_order;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> m_at;
  std::size_t m_bytes = 0;
};

}  // namespace followup::http
