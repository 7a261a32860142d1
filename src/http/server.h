// The HTTP server: Boost.Beast over Asio, asynchronous. I/O threads (one
// per core, each running an Asio context of its own, to which a connection
// belongs) read every connection; the handler (the store's work) runs on a
// small fixed pool, so a slow request never holds up the reading of
// others, and its thread writes the answer when the socket takes it at
// once (else the answer goes out asynchronously). Limits on the header's size, the body's (a handler
// chooses the body limit from the request's header: uploads have their
// own) and on time: a request must arrive whole within `request_seconds`,
// and an idle keep-alive connection is closed after `idle_seconds`.
// stop() (SIGTERM) stops accepting, closes idle connections, and lets the
// requests in flight finish and their answers go out.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/message.h"

namespace followup::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (port() tells which)
  int io_threads = 0;          // 0: one per core
  int worker_threads = 4;      // the store's work
  std::size_t header_limit = std::size_t{16} * 1024;
  int request_seconds = 30;
  int idle_seconds = 30;
  // Behind a reverse proxy that terminates TLS (nginx): the client's address
  // is the last X-Forwarded-For entry and X-Forwarded-Proto says https.
  bool behind_proxy = false;
  // Connections served at once; past it new ones are closed at once.
  std::size_t max_connections = 10000;
};

struct Handlers {
  // The largest body accepted for a request with this method and target
  // (decided from the header, before the body is read).
  std::function<std::size_t(const Request& head)> body_limit;
  // The answer; runs on the worker pool.
  std::function<Response(Request&& request)> handle;
  // The answer to a request the server itself refuses (400, 413, 431, 500).
  // `head`: what was read of the request (its method and target when the
  // header was read; empty when the header itself was refused).
  std::function<Response(int status, std::string detail, const Request& head)> problem;
  // One line per request answered (runs on the thread that wrote the answer:
  // a worker or an I/O thread).
  // `bytes`: the body's size (the Response's body is not kept for it).
  std::function<void(const Request& request, const Response& response, std::size_t bytes,
                     double milliseconds)>
      log;
};

class Server {
 public:
  Server(ServerOptions options, Handlers handlers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens: failed_precondition naming the address when it
  // cannot ("cannot listen on 127.0.0.1:8080: Address already in use
  // (bind)"); invalid_argument when the host is not an IP address.
  Status listen();
  // The port listened on (after listen).
  [[nodiscard]] unsigned short port() const;
  // Serves until stop(), then waits for the requests in flight.
  void run();
  // Stops accepting and ends the connections as they become idle;
  // thread-safe, and safe from a signal handler's thread.
  void stop();
  // Stops on SIGTERM or SIGINT.
  void stop_on_signals();

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace followup::http
