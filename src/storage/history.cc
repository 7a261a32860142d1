// The history chain's pure half: hashing an entry and checking a chain.
// Backends store what append_history computes here and nothing else.
#include <string>

#include "storage/store.h"
#include "util/sha256.h"

namespace followup {

namespace {

// Netstring framing makes the encoding injective: no two sequences of
// fields give the same bytes, whatever the fields contain.
void add_field(util::Sha256& hasher, std::string_view field) {
  hasher.update(std::to_string(field.size()));
  hasher.update(":");
  hasher.update(field);
  hasher.update(",");
}

}  // namespace

std::string history_hash(std::string_view prev_hash, const HistoryEvent& event) {
  util::Sha256 hasher;
  add_field(hasher, prev_hash);
  add_field(hasher, event.actor);
  add_field(hasher, event.at);
  add_field(hasher, event.entity);
  add_field(hasher, event.action);
  add_field(hasher, event.before);
  add_field(hasher, event.after);
  add_field(hasher, event.ops);
  return hasher.finish_hex();
}

std::string history_mac(const HistoryKey& key, std::string_view hash) {
  return util::hmac_sha256_hex(key.bytes, hash);
}

std::optional<HistoryFault> HistoryChainCheck::next(const HistoryEntry& entry) {
  std::string fault;
  if (m_seen && entry.id <= m_previous_id) {
    fault = "comes after entry " + std::to_string(m_previous_id) + " (ids must increase)";
  } else if (entry.prev_hash != m_expected_prev && !m_seen) {
    fault = "is first but its prev_hash is not ";
    fault += k_first_prev_hash.substr(0, 8);
    fault += "... (an earlier entry was removed?)";
  } else if (entry.prev_hash != m_expected_prev) {
    fault = "does not follow entry " + std::to_string(m_previous_id);
    fault += ": its prev_hash is not that entry's hash (an entry was removed or changed?)";
  } else if (entry.hash != history_hash(entry.prev_hash, entry.event)) {
    fault = "does not match its hash (changed after it was written?)";
  } else if (m_key != nullptr && !util::equal_in_constant_time(entry.mac, history_mac(*m_key, entry.hash))) {
    fault =
        "is not signed by this store's history key (the chain was rewritten, or the wrong key file "
        "is used)";
  }
  if (!fault.empty())
    return HistoryFault{entry.id, "history entry " + std::to_string(entry.id) + ' ' + fault};
  m_expected_prev = entry.hash;
  m_previous_id = entry.id;
  m_seen = true;
  return std::nullopt;
}

std::optional<HistoryFault> verify_history_chain(const std::vector<HistoryEntry>& entries,
                                                 const HistoryKey* key) {
  HistoryChainCheck check(key);
  for (const HistoryEntry& entry : entries)
    if (auto fault = check.next(entry)) return fault;
  return std::nullopt;
}

}  // namespace followup
