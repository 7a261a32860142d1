// `followup serve`: the HTTP server (http/server.h) over the API and the
// pages (web/site.h), on the store the settings name.
#include <condition_variable>
#include <ctime>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <sys/resource.h>
#include <thread>

#include "app/reminders.h"
#include "cli/maintenance_commands.h"
#include "env/mail_transports.h"
#include "http/server.h"
#include "web/site.h"

namespace followup::cli {

namespace {

// "HOST:PORT" (an IPv6 host in brackets: "[::1]:8080").
Result<std::pair<std::string, unsigned short>> parse_listen(const std::string& text) {
  auto bad = [&] {
    return make_error(
        ErrorCode::invalid_argument,
        "--listen '" + text + "' is not HOST:PORT (such as 127.0.0.1:8080; port 0 for any free port)");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return bad();
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return bad();
  const int number = std::stoi(port);
  if (number > 65535) return bad();
  return std::pair{host, static_cast<unsigned short>(number)};
}

// The hour of the day where the server runs (TZ: the organisation's).
int local_hour() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_hour;
}

// The reminders' daily run (app/reminders.h, run_daily_reminders) on a
// thread of its own: at start-up (a day missed while the server was down),
// then every minute, until the server stops. What it did goes to the log.
std::jthread start_daily_reminders(Environment& env, Store& store,
                                   const std::function<void(const nlohmann::json&)>& log) {
  return std::jthread([&env, &store, log](const std::stop_token& stop) {
    auto transport = env::make_mail_transport(env.config().mail, env.files());
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      auto run =
          app::run_daily_reminders(store, env.clock(), *transport, env.config().reminders, local_hour());
      nlohmann::json line{{"at", env.clock().now_utc()}, {"reminders", nullptr}};
      if (!run) {
        line["error"] = run.error().describe();
      } else {
        if (run->planned) {
          line["reminders"] = run->planned->day.iso();
          line["queued"] = run->planned->queued.size();
          line["unreached"] = run->planned->unreached;
        }
        line["sent"] = run->sent.sent;
        line["retrying"] = run->sent.retrying;
        line["failed"] = nlohmann::json::array();
        for (const auto& m : run->sent.failed)
          line["failed"].push_back({{"to", m.recipient}, {"error", m.last_error}});
      }
      if (!run || run->planned || run->sent.sent > 0 || run->sent.retrying > 0 || !run->sent.failed.empty())
        log(line);
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, std::chrono::minutes(1), [] { return false; });
    }
  });
}

// One line of the log on standard error, written whole (standard error is
// unbuffered: one write, never interleaved with another thread's line).
void write_log_line(std::mutex& log_mutex, const nlohmann::json& line) {
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  const std::lock_guard lock(log_mutex);
  std::cerr << text;
}

}  // namespace

std::function<int()> define_serve(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string listen = "127.0.0.1:8080";
    bool behind_proxy = false;
    int workers = 8;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("--listen", opt->listen,
                 "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free one)");
  cmd.add_flag("--behind-proxy", opt->behind_proxy,
               "behind a reverse proxy that terminates TLS: trust its X-Forwarded-For and X-Forwarded-Proto");
  cmd.add_option("--workers", opt->workers, "threads doing the store's work (default 8)")
      ->check(CLI::Range(1, 64));
  return [opt, &env] {
    auto where = parse_listen(opt->listen);
    if (!where) return report_error(where.error());
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    web::Site site(session->store, env.clock(), env.config());
    http::ServerOptions options;
    options.host = where->first;
    options.port = where->second;
    options.behind_proxy = opt->behind_proxy;
    options.worker_threads = opt->workers;
    std::mutex log_mutex;
    http::Handlers handlers;
    handlers.body_limit = [&site](const http::Request& head) { return site.body_limit(head); };
    handlers.handle = [&site](http::Request&& request) { return site.handle(request); };
    handlers.problem = [](int status, std::string detail, const http::Request& head) {
      return web::Site::problem(status, std::move(detail), head);
    };
    // The access log: one JSON object a line on standard error.
    handlers.log = [&log_mutex, &env](const http::Request& request, const http::Response& response,
                                      std::size_t bytes, double ms) {
      const nlohmann::json line{{"at", env.clock().now_utc()},
                                {"remote", request.address},
                                {"method", request.method},
                                {"target", web::Site::loggable_target(request.target).substr(0, 512)},
                                {"status", response.status},
                                {"bytes", bytes},
                                {"ms", static_cast<double>(static_cast<long long>(ms * 1000)) / 1000},
                                {"user", response.user}};
      write_log_line(log_mutex, line);
    };
    // A connection is a file descriptor: take as many as the system allows.
    if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
      files.rlim_cur = files.rlim_max;
      setrlimit(RLIMIT_NOFILE, &files);
    }
    http::Server server(options, handlers);
    if (auto listening = server.listen(); !listening) return report_error(listening.error());
    server.stop_on_signals();
    std::jthread reminders;
    if (env.config().reminders.in_server)
      reminders = start_daily_reminders(
          env, session->store, [&log_mutex](const nlohmann::json& line) { write_log_line(log_mutex, line); });
    std::cout << "followup: serving http://"
              << (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host)
              << ":" << server.port() << "/ (store " << env.config().store.url << ")" << std::endl;
    server.run();
    if (reminders.joinable()) {
      reminders.request_stop();
      reminders.join();
    }
    std::cout << "followup: stopped" << std::endl;
    return static_cast<int>(k_ok);
  };
}

}  // namespace followup::cli
