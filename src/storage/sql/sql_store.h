// The Store of every SQL backend: transactions over one writer connection
// and a pool of readers, the journal and its refusal of unrecorded writes,
// and the concurrency store.h promises. A backend derives from it and
// brings its connections, how it begins a transaction, the checks only it
// can make, and the Store operations that are its own (integrity, backup,
// verify). Internal to the storage module.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/sql/connection.h"
#include "storage/store.h"

namespace followup::sql {

class SqlTransaction;

// What the store's SQL runs on, given each connection a backend opens: the
// connection itself when empty, or what this makes of it (tests: a wrapper
// that injects faults, storage/testing/faulty_connection.h). What is made
// must not outlive `inner`.
using ConnectionWrapper = std::function<std::unique_ptr<Connection>(Connection& inner)>;

class SqlStore : public Store {
 public:
  // `writer` is open, configured and migrated.
  // `journal` and `keep_index` as in OpenOptions.
  SqlStore(std::unique_ptr<Connection> writer, std::optional<HistoryKey> key, bool journal, bool keep_index,
           ConnectionWrapper wrap);
  SqlStore(const SqlStore&) = delete;
  SqlStore& operator=(const SqlStore&) = delete;
  ~SqlStore() override;

  // Opens the first reader, so that no command's count of statements
  // includes opening one. Called once by the backend's open.
  Status open_first_reader();

  // Writes go through the one writer connection, a transaction at a time.
  // Writes that arrive while one commits are grouped: the next of their
  // callers runs them all in one transaction, each in a savepoint of its
  // own, and commits once (docs/storage.md, "Writes grouped"). Each caller
  // gets its own work's answer; a work that fails leaves no trace and the
  // others are committed; a commit that fails fails them all.
  Status run(const std::function<Status(Transaction&)>& work) override;
  // How many writes wait for a transaction to be run in: what a test
  // waits for to make a group.
  std::size_t writes_waiting();
  // The most writes one transaction runs.
  static constexpr std::size_t k_max_group = 32;
  // On a connection of its own from the pool (which grows to the number of
  // reads running at once), so that a read never waits for the writer.
  Status read(const std::function<Status(Transaction&)>& work) override;
  long long statements_run() override;

  // Builds the kept index from every fact, in one write transaction: for a
  // store opened without keep_index (verify's scratch copy), once its
  // facts are all in. The index must be empty.
  Status build_kept_index();

 protected:
  // ---- What the backend brings.
  // A new connection for reads, opened and configured.
  virtual Result<std::unique_ptr<Connection>> open_reader() = 0;
  // The statement beginning a write transaction, which must take the
  // store's write lock at once (store.h), or a read snapshot.
  [[nodiscard]] virtual std::string_view begin_statement(bool writable) const = 0;
  // Before a transaction begins on `connection` (one the backend opened)
  // and again just before it commits: unavailable when a commit would be
  // lost (SQLite: the file was removed while open).
  virtual Status check_connection(Connection& connection) = 0;
  // Before the store's first write (SQLite: every page's structure).
  virtual Status check_before_first_write() = 0;
  // How messages name the store ("PATH").
  [[nodiscard]] virtual const std::string& where() const = 0;

  // ---- For the backend's own operations.
  // Runs `work` on a reader taken from the pool (as the backend opened
  // it), outside Store::run and Store::read: inside one it is refused
  // ("WHAT: refused inside a store transaction"). Like a read, it neither
  // waits for the writer nor holds it up.
  Status with_reader(const std::string& what, const std::function<Status(Connection& reader)>& work);
  // The writer connection as the backend opened it (not wrapped).
  Connection& writer_connection() { return *m_writer.raw; }
  // The writer's lock, for a backend operation that runs transactions of
  // its own in between (verify).
  std::recursive_mutex& writer_mutex() { return m_mutex; }

 private:
  // A connection as the backend opened it, and what the SQL runs on.
  struct Pooled {
    std::unique_ptr<Connection> raw;
    std::unique_ptr<Connection> wrapper;
    Connection& sql() { return wrapper ? *wrapper : *raw; }
  };
  class ThreadEntry;
  class ReaderLease;
  // One caller's write, queued until a transaction runs it.
  struct Write {
    const std::function<Status(Transaction&)>* work = nullptr;
    Status result;
    std::exception_ptr thrown;
    bool answered = false;  // result is its own (the group's does not replace it)
    bool done = false;
  };

  Pooled pooled(std::unique_ptr<Connection> raw) const;
  Result<Pooled*> take_reader();
  Status transact(Pooled& connection, const std::function<Status(Transaction&)>& work, bool writable);
  // Runs `work` on `inner` through the journal, when the store keeps one.
  Status journaled(SqlTransaction& inner, const std::function<Status(Transaction&)>& work);
  // Runs `group` (taken from the queue) on the writer: each write it ran
  // has its result; those it did not run (the backend rolled the
  // transaction back before their turn) are returned, to be queued again.
  std::vector<Write*> run_group(const std::vector<Write*>& group);
  // Begins, runs `body` on the backend's transaction and commits (or rolls
  // back when it fails): what transact and build_kept_index share.
  Status transact_with(Pooled& connection, bool writable, const std::function<Status(SqlTransaction&)>& body);

  Pooled m_writer;
  std::optional<HistoryKey> m_key;
  bool m_journal = true;
  bool m_keep_index = true;
  ConnectionWrapper m_wrap;
  // The writer serves one transaction at a time; recursive so that a
  // backend's operation may hold it across its own calls.
  std::recursive_mutex m_mutex;
  bool m_pages_checked = false;
  // Guards the reader pool and the threads inside a transaction.
  std::mutex m_pool_mutex;
  std::vector<std::unique_ptr<Pooled>> m_readers;
  std::vector<Pooled*> m_idle;
  std::set<std::thread::id> m_busy_threads;
  // The writes waiting, and whether a caller is running a group.
  std::mutex m_queue_mutex;
  std::condition_variable m_queue_changed;
  std::deque<Write*> m_queue;
  bool m_leading = false;
};

}  // namespace followup::sql
