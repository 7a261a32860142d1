#include "storage/journal.h"

#include <limits>

#include "core/names.h"
#include "core/unit_code.h"
#include "util/number.h"

// ---- The JSON form of the domain values inside ops. Private to the
// journal: the ops format is the store's, not the CLI's or the API's.

namespace nlohmann {
template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& v) { j = v ? json(*v) : json(nullptr); }
  static void from_json(const json& j, std::optional<T>& v) {
    if (j.is_null())
      v.reset();
    else
      v = j.get<T>();
  }
};
}  // namespace nlohmann

namespace followup {

using nlohmann::json;

void to_json(json& j, const Date& d) { j = d.iso(); }
void from_json(const json& j, Date& d) {
  auto parsed = Date::parse_iso(j.get<std::string>());
  if (!parsed) throw std::invalid_argument("not a date: " + j.get<std::string>());
  d = *parsed;
}

// Enumerations as their words (core/names.h).
template <typename E, typename Parse>
void enum_from_json(const json& j, E& v, Parse parse) {
  auto parsed = parse(j.get<std::string>());
  if (!parsed) throw std::invalid_argument("unknown word " + j.dump());
  v = *parsed;
}
void to_json(json& j, const Role& v) { j = std::string(to_string(v)); }
void from_json(const json& j, Role& v) { enum_from_json(j, v, parse_role); }
void to_json(json& j, const Decision& v) { j = std::string(to_string(v)); }
void from_json(const json& j, Decision& v) { enum_from_json(j, v, parse_decision); }
void to_json(json& j, const ClaimedStatus& v) { j = std::string(to_string(v)); }
void from_json(const json& j, ClaimedStatus& v) { enum_from_json(j, v, parse_claimed_status); }
void to_json(json& j, const Outcome& v) { j = std::string(to_string(v)); }
void from_json(const json& j, Outcome& v) { enum_from_json(j, v, parse_outcome); }
void to_json(json& j, const ActionStatus& v) { j = std::string(to_string(v)); }
void from_json(const json& j, ActionStatus& v) { enum_from_json(j, v, parse_action_status); }
void to_json(json& j, const Priority& v) { j = std::string(to_string(v)); }
void from_json(const json& j, Priority& v) { enum_from_json(j, v, parse_priority); }

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Unit, code, name, kind, parent, head_title, aliases, emails)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(User, name, full_name, email, roles, units)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MemoHeader, date, from, to, cc, subject)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Recommendation, number, text, units, responsible, due, priority)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Evaluation, code, title, memo, recommendations, disclosed, issued)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Recorded, at, late, on_behalf)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ActionEvent, id, on, status, due, reason, by, report, recorded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(KeyAction, id, description, unit, due, added, by, recorded, events)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ManagementResponse, unit, decision, rationale, responded, by, recorded,
                                   actions)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Evidence, sha256, name, media_type, size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ProgressReport, id, unit, status, text, reported, by, actions_done,
                                   evidence, recorded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Validation, rating, comment, validated, by, recorded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ClosingEvent, id, reopening, outcome, on, by, reason, waiver,
                                   override_reason, unresponsive, evidence, recorded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Extension, id, unit, due, reason, granted, by, recorded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DueDateAnswer, granted, text, extension, on, by, recorded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DueDateRequest, id, evaluation, number, unit, due, reason, requested, by,
                                   recorded, answer)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Revision, id, on, text, units, responsible, priority, reason, by, recorded)

}  // namespace followup

namespace followup::storage_detail {

Status JournalingTransaction::note(const Status& done, json op) {
  if (done) m_pending.push_back(std::move(op));
  return done;
}

Result<long long> JournalingTransaction::note_id(const Result<long long>& done, json op) {
  if (done) {
    op["id"] = *done;
    m_pending.push_back(std::move(op));
  }
  return done;
}

Status JournalingTransaction::add_unit(const Unit& unit) {
  // Every unit written keeps the unit-code rule. Replay, which goes to the
  // backend directly, takes what the history holds as it was.
  if (auto st = check_unit_code(unit.code); !st) return st;
  return note(m_inner.add_unit(unit), {{"op", "add_unit"}, {"unit", unit}});
}
Status JournalingTransaction::update_unit(const Unit& unit) {
  return note(m_inner.update_unit(unit), {{"op", "update_unit"}, {"unit", unit}});
}
Status JournalingTransaction::add_user(const User& user) {
  return note(m_inner.add_user(user), {{"op", "add_user"}, {"user", user}});
}
Status JournalingTransaction::update_user(const User& user) {
  return note(m_inner.update_user(user), {{"op", "update_user"}, {"user", user}});
}
Status JournalingTransaction::insert_evaluation(const Evaluation& evaluation, std::string_view content_hash) {
  return note(m_inner.insert_evaluation(evaluation, content_hash),
              {{"op", "insert_evaluation"}, {"evaluation", evaluation}, {"content_hash", content_hash}});
}
Status JournalingTransaction::set_memo_original(std::string_view evaluation, const Evidence& original) {
  return note(m_inner.set_memo_original(evaluation, original),
              {{"op", "set_memo_original"}, {"evaluation", evaluation}, {"original", original}});
}
Status JournalingTransaction::set_evaluation_issued(std::string_view code, Date issued) {
  return note(m_inner.set_evaluation_issued(code, issued),
              {{"op", "set_evaluation_issued"}, {"code", code}, {"issued", issued}});
}
Status JournalingTransaction::set_evaluation_disclosed(std::string_view code, bool disclosed) {
  return note(m_inner.set_evaluation_disclosed(code, disclosed),
              {{"op", "set_evaluation_disclosed"}, {"code", code}, {"disclosed", disclosed}});
}
Status JournalingTransaction::set_evaluation_content_hash(std::string_view code,
                                                          std::string_view content_hash) {
  return note(m_inner.set_evaluation_content_hash(code, content_hash),
              {{"op", "set_evaluation_content_hash"}, {"code", code}, {"content_hash", content_hash}});
}
Status JournalingTransaction::update_recommendation(std::string_view evaluation, const Recommendation& rec) {
  return note(m_inner.update_recommendation(evaluation, rec),
              {{"op", "update_recommendation"}, {"evaluation", evaluation}, {"rec", rec}});
}
Status JournalingTransaction::put_response(std::string_view evaluation, int number,
                                           const ManagementResponse& response) {
  return note(
      m_inner.put_response(evaluation, number, response),
      {{"op", "put_response"}, {"evaluation", evaluation}, {"number", number}, {"response", response}});
}
Result<long long> JournalingTransaction::add_action(std::string_view evaluation, int number,
                                                    const KeyAction& action) {
  return note_id(m_inner.add_action(evaluation, number, action),
                 {{"op", "add_action"}, {"evaluation", evaluation}, {"number", number}, {"action", action}});
}
Result<long long> JournalingTransaction::add_action_to_response(std::string_view evaluation, int number,
                                                                std::string_view response_unit,
                                                                const KeyAction& action) {
  return note_id(m_inner.add_action_to_response(evaluation, number, response_unit, action),
                 {{"op", "add_action_to_response"},
                  {"evaluation", evaluation},
                  {"number", number},
                  {"response_unit", response_unit},
                  {"action", action}});
}
Result<long long> JournalingTransaction::add_action_event(long long action_id, const ActionEvent& event) {
  return note_id(m_inner.add_action_event(action_id, event),
                 {{"op", "add_action_event"}, {"action", action_id}, {"event", event}});
}
Result<long long> JournalingTransaction::add_report(std::string_view evaluation, int number,
                                                    const ProgressReport& report) {
  return note_id(m_inner.add_report(evaluation, number, report),
                 {{"op", "add_report"}, {"evaluation", evaluation}, {"number", number}, {"report", report}});
}
Status JournalingTransaction::add_validation(std::string_view evaluation, int number,
                                             const Validation& validation) {
  return note(
      m_inner.add_validation(evaluation, number, validation),
      {{"op", "add_validation"}, {"evaluation", evaluation}, {"number", number}, {"validation", validation}});
}
Result<long long> JournalingTransaction::add_closing(std::string_view evaluation, int number,
                                                     const ClosingEvent& closing) {
  return note_id(
      m_inner.add_closing(evaluation, number, closing),
      {{"op", "add_closing"}, {"evaluation", evaluation}, {"number", number}, {"closing", closing}});
}
Result<long long> JournalingTransaction::add_extension(std::string_view evaluation, int number,
                                                       const Extension& extension) {
  return note_id(
      m_inner.add_extension(evaluation, number, extension),
      {{"op", "add_extension"}, {"evaluation", evaluation}, {"number", number}, {"extension", extension}});
}
Result<long long> JournalingTransaction::add_due_date_request(const DueDateRequest& request) {
  return note_id(m_inner.add_due_date_request(request),
                 {{"op", "add_due_date_request"}, {"request", request}});
}
Status JournalingTransaction::answer_due_date_request(long long id, const DueDateAnswer& answer) {
  return note(m_inner.answer_due_date_request(id, answer),
              {{"op", "answer_due_date_request"}, {"request", id}, {"answer", answer}});
}
Result<long long> JournalingTransaction::add_revision(std::string_view evaluation, int number,
                                                      const Revision& revision) {
  return note_id(
      m_inner.add_revision(evaluation, number, revision),
      {{"op", "add_revision"}, {"evaluation", evaluation}, {"number", number}, {"revision", revision}});
}
Status JournalingTransaction::put_blob(const Evidence& meta, std::string_view content) {
  Evidence recorded = meta;
  recorded.size = static_cast<long long>(content.size());
  return note(m_inner.put_blob(meta, content), {{"op", "put_blob"}, {"meta", recorded}});
}

Result<HistoryEntry> JournalingTransaction::append_history(const HistoryEvent& event) {
  HistoryEvent with_ops = event;
  with_ops.ops = m_pending.dump();
  auto entry = m_inner.append_history(with_ops);
  if (entry) m_pending = json::array();
  return entry;
}

namespace {

Status check_id(const json& op, const Result<long long>& got) {
  if (!got) return got.error();
  if (*got != op.at("id").get<long long>())
    return make_error(ErrorCode::internal, op.at("op").get<std::string>() + " made id " +
                                               std::to_string(*got) + " where the history says " +
                                               op.at("id").dump());
  return {};
}

Status apply(Transaction& tx, const json& op, const BlobSource& blobs) {
  const std::string name = op.at("op").get<std::string>();
  auto ev = [&] { return op.at("evaluation").get<std::string>(); };
  auto number = [&] { return op.at("number").get<int>(); };
  if (name == "add_unit") return tx.add_unit(op.at("unit").get<Unit>());
  if (name == "update_unit") return tx.update_unit(op.at("unit").get<Unit>());
  if (name == "add_user") return tx.add_user(op.at("user").get<User>());
  if (name == "update_user") return tx.update_user(op.at("user").get<User>());
  if (name == "insert_evaluation")
    return tx.insert_evaluation(op.at("evaluation").get<Evaluation>(),
                                op.at("content_hash").get<std::string>());
  if (name == "set_memo_original") return tx.set_memo_original(ev(), op.at("original").get<Evidence>());
  if (name == "set_evaluation_issued")
    return tx.set_evaluation_issued(op.at("code").get<std::string>(), op.at("issued").get<Date>());
  if (name == "set_evaluation_disclosed")
    return tx.set_evaluation_disclosed(op.at("code").get<std::string>(), op.at("disclosed").get<bool>());
  if (name == "set_evaluation_content_hash")
    return tx.set_evaluation_content_hash(op.at("code").get<std::string>(),
                                          op.at("content_hash").get<std::string>());
  if (name == "update_recommendation")
    return tx.update_recommendation(ev(), op.at("rec").get<Recommendation>());
  if (name == "put_response")
    return tx.put_response(ev(), number(), op.at("response").get<ManagementResponse>());
  if (name == "add_action")
    return check_id(op, tx.add_action(ev(), number(), op.at("action").get<KeyAction>()));
  if (name == "add_action_to_response")
    return check_id(op, tx.add_action_to_response(ev(), number(), op.at("response_unit").get<std::string>(),
                                                  op.at("action").get<KeyAction>()));
  if (name == "add_action_event")
    return check_id(op,
                    tx.add_action_event(op.at("action").get<long long>(), op.at("event").get<ActionEvent>()));
  if (name == "add_report")
    return check_id(op, tx.add_report(ev(), number(), op.at("report").get<ProgressReport>()));
  if (name == "add_validation")
    return tx.add_validation(ev(), number(), op.at("validation").get<Validation>());
  if (name == "add_closing")
    return check_id(op, tx.add_closing(ev(), number(), op.at("closing").get<ClosingEvent>()));
  if (name == "add_extension")
    return check_id(op, tx.add_extension(ev(), number(), op.at("extension").get<Extension>()));
  if (name == "add_due_date_request")
    return check_id(op, tx.add_due_date_request(op.at("request").get<DueDateRequest>()));
  if (name == "answer_due_date_request")
    return tx.answer_due_date_request(op.at("request").get<long long>(),
                                      op.at("answer").get<DueDateAnswer>());
  if (name == "add_revision")
    return check_id(op, tx.add_revision(ev(), number(), op.at("revision").get<Revision>()));
  if (name == "put_blob") {
    const auto meta = op.at("meta").get<Evidence>();
    auto content = blobs(meta.sha256);
    if (!content) return content.error();
    if (!*content)
      return make_error(ErrorCode::failed_precondition,
                        "evidence " + meta.sha256 + " (" + meta.name + ") is missing from the store");
    if (static_cast<long long>((*content)->size()) != meta.size)
      return make_error(ErrorCode::failed_precondition, "evidence " + meta.sha256 + " (" + meta.name +
                                                            ") has " + std::to_string((*content)->size()) +
                                                            " bytes; the history says " +
                                                            std::to_string(meta.size));
    return tx.put_blob(meta, **content);
  }
  return make_error(ErrorCode::failed_precondition, "unknown operation '" + name + "'");
}

}  // namespace

Status replay_ops(Transaction& tx, std::string_view ops, const BlobSource& blobs) {
  const json parsed = json::parse(ops, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array())
    return make_error(ErrorCode::failed_precondition, "its operations are not a JSON array");
  for (const json& op : parsed) {
    Status st;
    try {
      st = apply(tx, op, blobs);
    } catch (const json::exception& e) {
      st = make_error(ErrorCode::failed_precondition, std::string("a malformed operation: ") + e.what());
    } catch (const std::invalid_argument& e) {
      st = make_error(ErrorCode::failed_precondition, std::string("a malformed operation: ") + e.what());
    }
    if (!st) {
      Error e = st.error();
      e.message = "replaying " +
                  (op.is_object() && op.contains("op") ? op["op"].dump() : std::string("an op")) + ": " +
                  e.message;
      return e;
    }
  }
  return {};
}

namespace {

// Checks, while the chain is read, that a head printed earlier ("N:HASH")
// is still in it.
class HeadCheck {
 public:
  explicit HeadCheck(std::optional<std::string_view> head) {
    if (!head) return;
    const auto colon = head->find(':');
    const auto parsed =
        colon == std::string_view::npos
            ? util::NumberParse{}
            : util::parse_whole_number(head->substr(0, colon), 0, std::numeric_limits<long long>::max());
    m_text = std::string(*head);
    m_malformed = !parsed.value;
    if (parsed.value) {
      m_entry = *parsed.value;
      m_hash = std::string(head->substr(colon + 1));
    }
  }
  void see(const HistoryEntry& entry, std::vector<std::string>& problems) {
    if (m_text.empty() || m_malformed || entry.id != m_entry) return;
    m_found = true;
    if (entry.hash != m_hash)
      problems.push_back("history entry " + std::to_string(m_entry) +
                         " is not the one seen earlier: its hash is " + entry.hash + ", not " + m_hash +
                         " (the chain was rewritten)");
  }
  void finish(long long entries, std::vector<std::string>& problems) const {
    if (m_text.empty()) return;
    if (m_malformed) {
      problems.push_back("the head '" + m_text + "' is not N:HASH");
      return;
    }
    if (m_entry == 0 || m_found) return;
    problems.push_back("history entry " + std::to_string(m_entry) + " seen earlier (hash " + m_hash +
                       ") is no longer in the chain, which has " + std::to_string(entries) +
                       " entries (entries were removed)");
  }

 private:
  std::string m_text;
  bool m_malformed = false;
  long long m_entry = 0;
  std::string m_hash;
  bool m_found = false;
};

// History entries verify reads at a time.
constexpr int k_verify_page = 500;
constexpr int k_replay_pages = 20;

}  // namespace

Status replay_history(Store& live, Store& replica, const HistoryKey& key,
                      std::optional<std::string_view> head, VerifyReport& report) {
  auto& problems = report.problems;
  HeadCheck seen_head(head);
  return live.read([&](Transaction& in) -> Status {
    auto blobs = [&](std::string_view sha) { return in.get_blob(sha); };
    HistoryChainCheck chain(&key);
    // After the first fault the chain is still read to its end, for its
    // head and the head seen earlier, but nothing more replayed.
    bool broken = false;
    bool done = false;
    long long after = 0;
    // The replica commits every k_replay_pages pages: it is a scratch copy,
    // which one transaction of the whole chain would make spill its pages
    // to a write-ahead log as large as the store.
    while (!done) {
      auto batch = replica.run([&](Transaction& out) -> Status {
        for (int pages = 0; pages < k_replay_pages && !done; ++pages) {
          auto page = in.history_after(after, k_verify_page);
          if (!page) return page.error();
          for (const HistoryEntry& entry : *page) {
            report.entries = entry.id;
            report.head_hash = entry.hash;
            seen_head.see(entry, problems);
            if (broken) continue;
            if (auto fault = chain.next(entry)) {
              problems.push_back(fault->message);
              broken = true;
            } else if (auto st = replay_ops(out, entry.event.ops, blobs); !st) {
              problems.push_back("history entry " + std::to_string(entry.id) + " (" + entry.event.action +
                                 " " + entry.event.entity + ") does not replay: " + st.error().message);
              broken = true;
            }
          }
          done = page->size() < static_cast<std::size_t>(k_verify_page);
          if (!done) after = page->back().id;
        }
        return {};
      });
      if (!batch) return batch;
    }
    seen_head.finish(report.entries, problems);
    return {};
  });
}

}  // namespace followup::storage_detail
