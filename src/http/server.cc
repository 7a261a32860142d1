#include "http/server.h"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace followup::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The last address of an X-Forwarded-For list (the one the proxy added).
std::string last_forwarded(std::string_view list) {
  auto comma = list.rfind(',');
  std::string_view last = comma == std::string_view::npos ? list : list.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  return std::string(last);
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Handlers handlers)
      : m_options(std::move(options)),
        m_handlers(std::move(handlers)),
        m_iocs(make_contexts(m_options.io_threads)),
        m_acceptor(*m_iocs.front()),
        m_pool(static_cast<std::size_t>(std::max(1, m_options.worker_threads))),
        m_signals(*m_iocs.front()) {
    // The contexts that only connections give work to run until stop().
    for (std::size_t i = 1; i < m_iocs.size(); ++i) m_running.push_back(net::make_work_guard(*m_iocs[i]));
  }

  class Connection;

  Status listen() {
    beast::error_code ec;
    const auto address = net::ip::make_address(m_options.host, ec);
    const std::string where = m_options.host + ":" + std::to_string(m_options.port);
    if (ec)
      return make_error(ErrorCode::invalid_argument, "cannot listen on " + where + ": not an IP address");
    const tcp::endpoint endpoint(address, m_options.port);
    auto fail = [&](const char* what) {
      return make_error(ErrorCode::failed_precondition,
                        "cannot listen on " + where + ": " + ec.message() + " (" + what + ")");
    };
    if (m_acceptor.open(endpoint.protocol(), ec); ec) return fail("open");
    // Reuse a port left in TIME_WAIT, never one another process listens on.
    if (m_acceptor.set_option(net::socket_base::reuse_address(true), ec); ec) return fail("reuse address");
    if (m_acceptor.bind(endpoint, ec); ec) return fail("bind");
    if (m_acceptor.listen(net::socket_base::max_listen_connections, ec); ec) return fail("listen");
    m_port = m_acceptor.local_endpoint().port();
    accept();
    return {};
  }

  [[nodiscard]] unsigned short port() const { return m_port; }

  void run() {
    std::vector<std::thread> others;
    others.reserve(m_iocs.size() - 1);
    for (std::size_t i = 1; i < m_iocs.size(); ++i) others.emplace_back([this, i] { m_iocs[i]->run(); });
    m_iocs.front()->run();
    for (auto& t : others) t.join();
    m_pool.join();
  }

  void stop() {
    net::post(m_acceptor.get_executor(), [this] {
      if (m_stopping.exchange(true)) return;
      beast::error_code ignored;
      m_acceptor.close(ignored);
      m_signals.cancel(ignored);
      m_running.clear();
      close_idle_connections();
    });
  }

  void stop_on_signals() {
    m_signals.add(SIGTERM);
    m_signals.add(SIGINT);
    m_signals.async_wait([this](const beast::error_code& ec, int) {
      if (!ec) stop();
    });
  }

  const ServerOptions& options() const { return m_options; }
  const Handlers& handlers() const { return m_handlers; }
  net::thread_pool& pool() { return m_pool; }
  bool stopping() const { return m_stopping.load(); }

  void forget(Connection* connection) {
    const std::lock_guard lock(m_mutex);
    m_connections.erase(connection);
  }

 private:
  // One context per I/O thread, each run by its thread alone: a
  // connection stays on one (its socket's), so a request wakes one thread,
  // never a second to take over the wait for events.
  static std::vector<std::unique_ptr<net::io_context>> make_contexts(int threads) {
    const auto count = threads > 0 ? static_cast<std::size_t>(threads)
                                   : std::size_t{std::max(1U, std::thread::hardware_concurrency())};
    std::vector<std::unique_ptr<net::io_context>> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) out.push_back(std::make_unique<net::io_context>(1));
    return out;
  }
  void accept();
  void close_idle_connections();

  ServerOptions m_options;
  Handlers m_handlers;
  std::vector<std::unique_ptr<net::io_context>> m_iocs;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> m_running;
  std::size_t m_next_context = 0;  // the context the next connection gets (round robin)
  tcp::acceptor m_acceptor;
  net::thread_pool m_pool;
  net::signal_set m_signals;
  net::steady_timer m_retry{m_acceptor.get_executor()};
  unsigned short m_port = 0;
  std::atomic<bool> m_stopping{false};
  std::mutex m_mutex;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> m_connections;
};

// One client connection: reads a request's header, then its body within
// the limit the handlers choose, hands the request to the pool, writes the
// answer, and reads the next one (keep-alive) or closes.
//
// Who touches it: its context's I/O thread while a request is read (that
// thread alone runs the context: no strand is needed), then the pool
// thread that answers it. That
// thread writes the answer itself when the socket takes it at once (as a
// socket whose client reads does) and starts reading the next request, so
// that a request wakes no I/O thread but the one its bytes woke; an answer
// the socket does not take whole goes out asynchronously. `m_mutex` orders
// them: every entry point holds it (an I/O handler, the pool's answer, and
// stop's close_if_idle, which may come at any time).
class Server::Impl::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Impl& server, tcp::socket&& socket) : m_server(server), m_stream(std::move(socket)) {
    beast::error_code ec;
    const auto remote = m_stream.socket().remote_endpoint(ec);
    if (!ec) m_address = remote.address().to_string();
    // A write that would block returns at once instead (see answer).
    m_stream.socket().non_blocking(true, ec);
  }
  ~Connection() { m_server.forget(this); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start() {
    net::dispatch(m_stream.get_executor(), [self = shared_from_this()] {
      const std::lock_guard lock(self->m_mutex);
      self->read_header();
    });
  }

  // From stop(): an idle connection closes now, a busy one after its answer.
  void close_if_idle() {
    net::dispatch(m_stream.get_executor(), [self = shared_from_this()] {
      const std::lock_guard lock(self->m_mutex);
      if (!self->m_busy) self->close();
    });
  }

 private:
  // The functions below run with m_mutex held.

  void read_header() {
    if (m_server.stopping()) return close();
    m_busy = false;
    m_request = Request{};  // a refused header must not be answered as the last request
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(m_server.options().header_limit));
    // The parser refuses a Content-Length over its body limit as soon as
    // the header ends: the route's limit is checked here instead, once the
    // header says what the request is (on_header).
    m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    m_started = Clock::now();
    m_stream.expires_after(std::chrono::seconds(m_server.options().idle_seconds));
    bhttp::async_read_header(m_stream, m_buffer, *m_parser,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               const std::lock_guard lock(self->m_mutex);
                               self->on_header(ec);
                             });
  }

  void on_header(beast::error_code ec) {
    if (ec) return fail(ec);
    m_busy = true;
    m_started = Clock::now();
    m_request = head_of(m_parser->get());
    const std::size_t limit = m_server.handlers().body_limit(m_request);
    if (auto length = m_parser->content_length(); length && *length > limit)
      return fail(bhttp::error::body_limit);
    // A chunked body is counted against the limit as it arrives.
    m_parser->body_limit(limit);
    // The body that came with the header is parsed here: a request read
    // whole goes to the pool without another turn of the I/O threads.
    while (!m_parser->is_done() && m_buffer.size() > 0) {
      const std::size_t used = m_parser->put(m_buffer.data(), ec);
      m_buffer.consume(used);
      if (ec == bhttp::error::need_more) break;
      if (ec) return fail(ec);
      if (used == 0) break;
    }
    if (m_parser->is_done()) return on_body({});
    m_stream.expires_after(std::chrono::seconds(m_server.options().request_seconds));
    bhttp::async_read(m_stream, m_buffer, *m_parser,
                      [self = shared_from_this()](beast::error_code e, std::size_t) {
                        const std::lock_guard lock(self->m_mutex);
                        self->on_body(e);
                      });
  }

  void on_body(beast::error_code ec) {
    if (ec) return fail(ec);
    m_request.body = std::move(m_parser->get().body());
    m_keep_alive = m_parser->get().keep_alive();
    m_version = m_parser->get().version();
    m_stream.expires_never();
    // The store's work on the pool. The guard keeps the I/O threads running
    // until the answer is out (stop() lets requests in flight finish).
    net::post(m_server.pool(),
              [self = shared_from_this(), guard = net::make_work_guard(m_stream.get_executor())]() mutable {
                Response response;
                try {
                  response = self->m_server.handlers().handle(std::move(self->m_request));
                } catch (const std::exception& e) {
                  response = self->m_server.handlers().problem(
                      500, std::string("internal error: ") + e.what(), Request{});
                }
                const std::lock_guard lock(self->m_mutex);
                self->answer(std::move(response));
              });
  }

  // A request that cannot be read: a timeout or a closed connection ends
  // it quietly; a malformed or oversized one gets its 4xx first.
  void fail(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset || ec == net::error::eof)
      return close();
    m_keep_alive = false;
    if (ec == bhttp::error::header_limit)
      return answer(m_server.handlers().problem(
          431,
          "the request's header is larger than " + std::to_string(m_server.options().header_limit) + " bytes",
          m_request));
    if (ec == bhttp::error::body_limit)
      return answer(m_server.handlers().problem(
          413,
          "the request's body is larger than " + std::to_string(m_server.handlers().body_limit(m_request)) +
              " bytes",
          m_request));
    return answer(
        m_server.handlers().problem(400, "the request is not valid HTTP/1.1: " + ec.message(), m_request));
  }

  // Writes what the socket takes now; the rest, if any, asynchronously.
  void answer(Response response) {
    m_busy = true;
    m_out.emplace();
    m_out->version(m_version);
    m_out->result(static_cast<unsigned>(response.status));
    m_out->set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) m_out->insert(name, value);
    m_out->body() = std::move(response.body);
    const bool keep = m_keep_alive && !m_server.stopping();
    m_out->keep_alive(keep);
    m_out->prepare_payload();
    m_response = std::move(response);
    m_response.body.clear();
    const std::size_t bytes = m_out->body().size();
    m_serializer.emplace(*m_out);
    beast::error_code ec;
    bhttp::write(m_stream.socket(), *m_serializer, ec);
    if (ec == net::error::would_block || ec == net::error::try_again) {
      m_stream.expires_after(std::chrono::seconds(m_server.options().request_seconds));
      bhttp::async_write(m_stream, *m_serializer,
                         [self = shared_from_this(), keep, bytes](beast::error_code e, std::size_t) {
                           const std::lock_guard lock(self->m_mutex);
                           self->on_write(e, keep, bytes);
                         });
      return;
    }
    on_write(ec, keep, bytes);
  }

  void on_write(beast::error_code ec, bool keep, std::size_t bytes) {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - m_started).count();
    if (m_server.handlers().log) m_server.handlers().log(m_request, m_response, bytes, ms);
    m_serializer.reset();
    m_out.reset();
    if (ec || !keep) return close();
    read_header();
  }

  void close() {
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    m_stream.close();
  }

  Request head_of(const bhttp::request_parser<bhttp::string_body>::value_type& message) {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message)
      request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    request.address = m_address;
    if (m_server.options().behind_proxy) {
      if (auto forwarded = request.header("x-forwarded-for"); forwarded && !forwarded->empty())
        request.address = last_forwarded(*forwarded);
      request.secure = request.header("x-forwarded-proto") == std::optional<std::string_view>("https");
    }
    return request;
  }

  Impl& m_server;
  std::mutex m_mutex;
  beast::tcp_stream m_stream;
  beast::flat_buffer m_buffer;
  std::optional<bhttp::request_parser<bhttp::string_body>> m_parser;
  std::optional<bhttp::response<bhttp::string_body>> m_out;
  std::optional<bhttp::response_serializer<bhttp::string_body>> m_serializer;
  Request m_request;
  Response m_response;
  std::string m_address;
  unsigned m_version = 11;
  bool m_keep_alive = false;
  bool m_busy = false;
  Clock::time_point m_started{};
};

void Server::Impl::accept() {
  auto& context = *m_iocs[m_next_context];
  m_next_context = (m_next_context + 1) % m_iocs.size();
  m_acceptor.async_accept(context, [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!m_acceptor.is_open()) return;  // stopped
      // Out of file descriptors and the like: try again shortly, without
      // spinning on the error.
      m_retry.expires_after(std::chrono::milliseconds(100));
      m_retry.async_wait([this](beast::error_code) { accept(); });
      return;
    }
    std::shared_ptr<Connection> connection;
    {
      const std::lock_guard lock(m_mutex);
      if (m_connections.size() < m_options.max_connections) {
        connection = std::make_shared<Connection>(*this, std::move(socket));
        m_connections.emplace(connection.get(), connection);
      }
    }
    if (connection) connection->start();
    accept();
  });
}

void Server::Impl::close_idle_connections() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    const std::lock_guard lock(m_mutex);
    for (auto& [raw, weak] : m_connections)
      if (auto strong = weak.lock()) open.push_back(std::move(strong));
  }
  for (auto& connection : open) connection->close_if_idle();
}

Server::Server(ServerOptions options, Handlers handlers)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(handlers))) {}
Server::~Server() = default;
Status Server::listen() { return m_impl->listen(); }
unsigned short Server::port() const { return m_impl->port(); }
void Server::run() { m_impl->run(); }
void Server::stop() { m_impl->stop(); }
void Server::stop_on_signals() { m_impl->stop_on_signals(); }

}  // namespace followup::http
