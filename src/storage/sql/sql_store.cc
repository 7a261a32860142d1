#include "storage/sql/sql_store.h"

#include <algorithm>

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
  Write mine;
  mine.work = &work;
  std::unique_lock queue(m_queue_mutex);
  m_queue.push_back(&mine);
  m_queue_changed.wait(queue, [&] { return mine.done || !m_leading; });
  if (!mine.done) {
    // No one runs the writes waiting: this caller does, a group at a time
    // in the order they came, until its own is done.
    m_leading = true;
    while (!mine.done) {
      std::vector<Write*> group;
      while (!m_queue.empty() && group.size() < k_max_group) {
        group.push_back(m_queue.front());
        m_queue.pop_front();
      }
      queue.unlock();
      std::vector<Write*> again;
      try {
        again = run_group(group);
      } catch (...) {
        // Only an allocation can throw here (each work's exceptions are
        // caught): the writes of the group get it.
        for (Write* w : group) w->thrown = std::current_exception();
      }
      queue.lock();
      for (Write* w : group) w->done = true;
      for (auto it = again.rbegin(); it != again.rend(); ++it) {
        (*it)->done = false;
        m_queue.push_front(*it);
      }
      m_queue_changed.notify_all();
    }
    m_leading = false;
    m_queue_changed.notify_all();
  }
  if (mine.thrown) std::rethrow_exception(mine.thrown);
  return mine.result;
}

std::size_t SqlStore::writes_waiting() {
  const std::lock_guard queue(m_queue_mutex);
  return m_queue.size();
}

std::vector<SqlStore::Write*> SqlStore::run_group(const std::vector<Write*>& group) {
  const std::lock_guard lock(m_mutex);
  if (group.size() == 1) {
    Write& only = *group.front();
    try {
      only.result = transact(m_writer, *only.work, true);
    } catch (...) {
      only.thrown = std::current_exception();
    }
    return {};
  }
  // Several: one transaction, each write in a savepoint, so that one that
  // fails is rolled back alone.
  Connection& db = m_writer.sql();
  std::vector<Write*> committed;  // the writes that succeeded so far
  std::vector<Write*> again;
  // Ends the group with `st`, the writes from `next` on not run.
  auto stop = [&](std::size_t next, Status st) {
    again.assign(group.begin() + static_cast<std::ptrdiff_t>(next), group.end());
    return st;
  };
  const Status group_result = transact_with(m_writer, true, [&](SqlTransaction&) -> Status {
    for (std::size_t i = 0; i < group.size(); ++i) {
      Write& w = *group[i];
      if (auto st = run_prepared(db, "SAVEPOINT followup_write", "begin a write on " + where()); !st)
        return stop(i, st);
      SqlTransaction inner(db, true, m_key ? &*m_key : nullptr, m_keep_index);
      Status result;
      try {
        result = journaled(inner, *w.work);
      } catch (...) {
        w.thrown = std::current_exception();
        result = make_error(ErrorCode::internal, "the write threw");
      }
      if (!db.in_transaction()) {
        // The backend rolled everything back after a failure the work
        // ignored: this write and those before it fail, nothing written;
        // those not yet run are run again.
        const std::string lost = "the transaction on " + where() +
                                 " was rolled back after an earlier failure; nothing was written";
        w.result = result ? Status{make_error(ErrorCode::internal, lost)} : result;
        w.answered = true;
        for (Write* before : committed) {
          before->result = make_error(ErrorCode::unavailable, lost);
          before->answered = true;
        }
        committed.clear();
        return stop(i + 1, w.result);
      }
      if (result) {
        committed.push_back(&w);
      } else {
        w.result = result;
        w.answered = true;
        if (auto st = run_prepared(db, "ROLLBACK TO followup_write", "roll back a write on " + where()); !st)
          return stop(i + 1, st);
      }
      if (auto st = run_prepared(db, "RELEASE followup_write", "end a write on " + where()); !st)
        return stop(i + 1, st);
    }
    return {};
  });
  // A write that succeeded, or did not get to run (the transaction failed
  // to begin), is answered with the commit's result: an error when the
  // group failed, nothing of it written. One that failed alone keeps its
  // own error; one not run is queued again.
  for (Write* w : group)
    if (!w->answered && std::find(again.begin(), again.end(), w) == again.end()) w->result = group_result;
  return again;
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
  return transact_with(connection, writable, [&](SqlTransaction& inner) { return journaled(inner, work); });
}

Status SqlStore::journaled(SqlTransaction& inner, const std::function<Status(Transaction&)>& work) {
  storage_detail::JournalingTransaction journal(inner);
  Transaction& tx = m_journal ? static_cast<Transaction&>(journal) : inner;
  auto result = work(tx);
  if (result && journal.unrecorded_changes())
    return make_error(ErrorCode::internal,
                      "a change without a history entry was refused; nothing was written");
  return result;
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
