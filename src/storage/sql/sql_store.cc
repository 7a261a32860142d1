#include "storage/sql/sql_store.h"

#include "storage/journal.h"
#include "storage/sql/sql_transaction.h"

namespace followup::sql {

namespace {

Error nested_error() {
  return make_error(ErrorCode::failed_precondition,
                    "a store transaction was started inside another; do all the work in one");
}

void end_failed(Connection& db) {
  if (db.in_transaction()) static_cast<void>(db.exec("ROLLBACK", "roll back"));
}

}  // namespace

// Marks the calling thread as inside a transaction of this store for its
// lifetime; nested() when it already was (the outer one stays marked).
class SqlStore::ThreadEntry {
 public:
  explicit ThreadEntry(SqlStore& store) : m_store(store) {
    std::lock_guard lock(store.m_pool_mutex);
    m_nested = !store.m_busy_threads.insert(std::this_thread::get_id()).second;
  }
  ThreadEntry(const ThreadEntry&) = delete;
  ThreadEntry& operator=(const ThreadEntry&) = delete;
  ~ThreadEntry() {
    if (m_nested) return;
    std::lock_guard lock(m_store.m_pool_mutex);
    m_store.m_busy_threads.erase(std::this_thread::get_id());
  }
  [[nodiscard]] bool nested() const { return m_nested; }

 private:
  SqlStore& m_store;
  bool m_nested = false;
};

// A reader taken from the pool, given back when the read ends.
class SqlStore::ReaderLease {
 public:
  ReaderLease(SqlStore& store, Pooled* reader) : m_store(store), m_reader(reader) {}
  ReaderLease(const ReaderLease&) = delete;
  ReaderLease& operator=(const ReaderLease&) = delete;
  ~ReaderLease() {
    std::lock_guard lock(m_store.m_pool_mutex);
    m_store.m_idle.push_back(m_reader);
  }
  Pooled& connection() { return *m_reader; }

 private:
  SqlStore& m_store;
  Pooled* m_reader;
};

SqlStore::SqlStore(std::unique_ptr<Connection> writer, std::optional<HistoryKey> key, bool journal,
                   bool keep_index, ConnectionWrapper wrap)
    : m_key(std::move(key)), m_journal(journal), m_keep_index(keep_index), m_wrap(std::move(wrap)) {
  m_writer = pooled(std::move(writer));
}

SqlStore::~SqlStore() = default;

SqlStore::Pooled SqlStore::pooled(std::unique_ptr<Connection> raw) const {
  Pooled out{std::move(raw), nullptr};
  if (m_wrap) out.wrapper = m_wrap(*out.raw);
  return out;
}

Status SqlStore::open_first_reader() {
  auto reader = take_reader();
  if (!reader) return reader.error();
  ReaderLease lease(*this, *reader);
  return {};
}

Status SqlStore::run(const std::function<Status(Transaction&)>& work) {
  ThreadEntry entry(*this);
  if (entry.nested()) return nested_error();
  std::lock_guard lock(m_mutex);
  return transact(m_writer, work, true);
}

Status SqlStore::read(const std::function<Status(Transaction&)>& work) {
  ThreadEntry entry(*this);
  if (entry.nested()) return nested_error();
  auto reader = take_reader();
  if (!reader) return reader.error();
  ReaderLease lease(*this, *reader);
  return transact(lease.connection(), work, false);
}

long long SqlStore::statements_run() {
  std::lock_guard lock(m_pool_mutex);
  long long total = m_writer.sql().statements_run();
  for (const auto& reader : m_readers) total += reader->sql().statements_run();
  return total;
}

Status SqlStore::with_reader(const std::string& what, const std::function<Status(Connection& reader)>& work) {
  ThreadEntry entry(*this);
  if (entry.nested())
    return make_error(ErrorCode::failed_precondition, what + ": refused inside a store transaction");
  auto reader = take_reader();
  if (!reader) return reader.error();
  ReaderLease lease(*this, *reader);
  return work(*lease.connection().raw);
}

Result<SqlStore::Pooled*> SqlStore::take_reader() {
  {
    std::lock_guard lock(m_pool_mutex);
    if (!m_idle.empty()) {
      Pooled* reader = m_idle.back();
      m_idle.pop_back();
      return reader;
    }
  }
  auto opened = open_reader();
  if (!opened) return opened.error();
  auto reader = std::make_unique<Pooled>(pooled(std::move(*opened)));
  std::lock_guard lock(m_pool_mutex);
  m_readers.push_back(std::move(reader));
  return m_readers.back().get();
}

Status SqlStore::transact(Pooled& connection, const std::function<Status(Transaction&)>& work,
                          bool writable) {
  return transact_with(connection, writable, [&](SqlTransaction& inner) -> Status {
    storage_detail::JournalingTransaction journal(inner);
    Transaction& tx = m_journal ? static_cast<Transaction&>(journal) : inner;
    auto result = work(tx);
    if (result && journal.unrecorded_changes())
      return make_error(ErrorCode::internal,
                        "a change without a history entry was refused; nothing was written");
    return result;
  });
}

Status SqlStore::build_kept_index() {
  ThreadEntry entry(*this);
  if (entry.nested()) return nested_error();
  std::lock_guard lock(m_mutex);
  return transact_with(m_writer, true, [](SqlTransaction& inner) { return inner.rebuild_followup_index(); });
}

Status SqlStore::transact_with(Pooled& connection, bool writable,
                               const std::function<Status(SqlTransaction&)>& body) {
  Connection& db = connection.sql();
  if (auto st = check_connection(*connection.raw); !st) return st;
  if (writable && !m_pages_checked) {
    if (auto st = check_before_first_write(); !st) return st;
    m_pages_checked = true;
  }
  if (auto st = run_prepared(db, begin_statement(writable), "begin a transaction on " + where()); !st)
    return st;
  SqlTransaction inner(db, writable, m_key ? &*m_key : nullptr, m_keep_index);
  Status result;
  try {
    result = body(inner);
  } catch (...) {
    end_failed(db);
    throw;
  }
  if (!result) {
    end_failed(db);
    return result;
  }
  if (!db.in_transaction()) {
    // The backend rolled back by itself after a failure the work ignored.
    return make_error(
        ErrorCode::internal,
        "the transaction on " + where() + " was rolled back after an earlier failure; nothing was written");
  }
  // Checked last thing before COMMIT: a commit the backend would lose must
  // not be acknowledged.
  if (auto st = check_connection(*connection.raw); !st) {
    end_failed(db);
    return st;
  }
  if (auto st = run_prepared(db, "COMMIT", "commit to " + where()); !st) {
    end_failed(db);
    return st;
  }
  return {};
}

}  // namespace followup::sql
