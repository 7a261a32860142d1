#include "env/mail_transports.h"

#include <algorithm>
#include <cstring>
#include <curl/curl.h>
#include <dlfcn.h>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "env/mime.h"

namespace followup::env {

namespace {

Error invalid(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }
Error not_now(std::string message) { return make_error(ErrorCode::unavailable, std::move(message)); }

// Text from the message or the server, quoted in an error: control
// characters shown as '?', and at most 200 bytes.
std::string shown(std::string_view text) {
  std::string out(text.substr(0, 200));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

// The server's URL as errors show it: without a user or a password that
// someone wrote into it, which logs should not keep.
std::string without_login(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto at = url.find('@', scheme);
  const auto path = url.find('/', scheme + 3);
  if (at == std::string::npos || (path != std::string::npos && at > path)) return url;
  return url.substr(0, scheme + 3) + url.substr(at + 1);
}

Status check_address(const MailAddress& address, const std::string& role) {
  const std::string& email = address.email;
  const auto at = email.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == email.size())
    return invalid("the " + role + " '" + shown(email) +
                   "' is not a mail address: it needs a local part, '@' and a domain");
  const bool bad_character = std::any_of(email.begin(), email.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '<' || c == '>';
  });
  if (bad_character)
    return invalid("the " + role + " '" + shown(email) +
                   "' is not a mail address: it has a space, a line break or an angle bracket");
  return {};
}

// What both transports refuse before sending anything (mail_transports.h).
Status check_message(const MailMessage& m) {
  if (auto st = check_address(m.from, "sender"); !st) return st;
  if (m.to.empty()) return invalid("a message needs a recipient");
  for (const auto& to : m.to)
    if (auto st = check_address(to, "recipient"); !st) return st;
  for (const auto& cc : m.cc)
    if (auto st = check_address(cc, "copy recipient"); !st) return st;
  if (m.message_id.empty()) return invalid("a message needs a Message-ID");
  const bool printable = std::all_of(m.message_id.begin(), m.message_id.end(),
                                     [](char c) { return c > 0x20 && c < 0x7f && c != '<' && c != '>'; });
  if (!printable || m.message_id.size() > 200)
    return invalid("the Message-ID '" + shown(m.message_id) +
                   "' must be at most 200 printable ASCII characters without spaces or angle brackets");
  if (!parse_utc_instant(m.date))
    return invalid("the message's date '" + shown(m.date) +
                   "' is not a UTC instant like 2026-11-30T19:00:00Z");
  return {};
}

// The Message-ID as a file name, one name per id: letters, digits and
// "@._+-" as they are, anything else (and a leading '.', which would hide
// the file) as %XX.
std::string file_name(const std::string& id) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string name;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool kept =
        (alnum || std::string_view("@._+-").find(static_cast<char>(c)) != std::string_view::npos) &&
        !(i == 0 && c == '.');
    if (kept) {
      name += static_cast<char>(c);
    } else {
      name += '%';
      name += k_hex[c >> 4U];
      name += k_hex[c & 0xFU];
    }
  }
  return name + ".eml";
}

class FolderMailTransport final : public MailTransport {
 public:
  FolderMailTransport(std::string folder, FileSystem& files) : m_folder(std::move(folder)), m_files(files) {}

  Status send(const MailMessage& message) override {
    if (auto st = check_message(message); !st) return st;
    const std::string name = file_name(message.message_id);
    if (name.size() > 255)
      return invalid("the Message-ID '" + message.message_id + "' is too long for a file name");
    const std::string path = (std::filesystem::path(m_folder) / name).string();
    if (m_files.exists(path)) return {};  // delivered before
    if (auto st = m_files.create_directories(m_folder); !st) return st;
    auto st = m_files.write_new_file(path, mime_bytes(message), FileMode::shared);
    if (!st && st.error().code == ErrorCode::already_exists) return {};  // by a send alongside
    return st;
  }

 private:
  std::string m_folder;
  FileSystem& m_files;
};

// Settings no send can succeed with: each says why, and the outbox keeps
// its messages until the settings are fixed.
class UnusableMailTransport final : public MailTransport {
 public:
  explicit UnusableMailTransport(std::string problem) : m_problem(std::move(problem)) {}
  Status send(const MailMessage& /*message*/) override { return not_now(m_problem); }

 private:
  std::string m_problem;
};

// libcurl, loaded on the first message sent rather than with the binary:
// it and the 23 libraries it needs (TLS, Kerberos, LDAP, SSH...) took 16 ms
// of each start of the command line, which sends mail only in `remind`
// (docs/decisions.md, "libcurl loaded when mail is sent"). Its functions by
// their own declarations' types (curl/curl.h), so the compiler still
// checks each call's arguments (but curl_easy_setopt's variadic value).
struct Curl {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_setopt) easy_setopt = nullptr;
  decltype(&curl_easy_perform) easy_perform = nullptr;
  decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_strerror) easy_strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
};

// The library loaded and initialised once for the process, before any
// handle (curl_global_init is not thread-safe); kept loaded until the
// process ends. The error says what failed.
Result<const Curl*> load_curl() {
  static std::once_flag once;
  static Curl curl;
  static std::string failure;
  std::call_once(once, [] {
    void* library = dlopen(FOLLOWUP_LIBCURL, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      failure = std::string("cannot load libcurl: ") + dlerror();
      return;
    }
    auto bind = [library](auto& function, const char* name) {
      function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(library, name));
      if (function == nullptr && failure.empty()) failure = std::string("libcurl has no ") + name;
    };
    bind(curl.global_init, "curl_global_init");
    bind(curl.easy_init, "curl_easy_init");
    bind(curl.easy_setopt, "curl_easy_setopt");
    bind(curl.easy_perform, "curl_easy_perform");
    bind(curl.easy_getinfo, "curl_easy_getinfo");
    bind(curl.easy_cleanup, "curl_easy_cleanup");
    bind(curl.easy_strerror, "curl_easy_strerror");
    bind(curl.slist_append, "curl_slist_append");
    bind(curl.slist_free_all, "curl_slist_free_all");
    if (failure.empty())
      if (const CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK)
        failure = std::string("cannot start libcurl: ") + curl.easy_strerror(code);
  });
  if (!failure.empty()) return not_now(failure);
  return &curl;
}

struct EasyCleanup {
  const Curl* curl;
  void operator()(CURL* handle) const { curl->easy_cleanup(handle); }
};
struct SlistFree {
  const Curl* curl;
  void operator()(curl_slist* list) const { curl->slist_free_all(list); }
};

// The message as libcurl reads it (CURLOPT_READFUNCTION).
std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* data) {
  auto* rest = static_cast<std::string_view*>(data);
  const std::size_t n = std::min(size * count, rest->size());
  std::memcpy(buffer, rest->data(), n);
  rest->remove_prefix(n);
  return n;
}

// The lines the server sent, as libcurl's debug output shows them: only
// there are the server's own words (the error buffer says "RCPT failed:
// 550").
int keep_reply_lines(CURL* /*curl*/, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  static_cast<std::vector<std::string>*>(user)->push_back(std::move(line));
  return 0;
}

// The server's last reply with code `code`, its lines ("550-...", "550
// ...") joined; empty when there is none.
std::string last_reply(const std::vector<std::string>& lines, long code) {
  const std::string last = std::to_string(code) + " ";
  const std::string more = std::to_string(code) + "-";
  for (auto end = lines.rbegin(); end != lines.rend(); ++end) {
    if (end->rfind(last, 0) != 0) continue;
    auto begin = end;
    while (std::next(begin) != lines.rend() && std::next(begin)->rfind(more, 0) == 0) ++begin;
    std::string reply;
    for (auto it = begin;; --it) {
      reply += (reply.empty() ? "" : " ") + *it;
      if (it == end) break;
    }
    return reply;
  }
  return {};
}

class SmtpMailTransport final : public MailTransport {
 public:
  SmtpMailTransport(MailSettings settings, curl_usessl use_ssl)
      : m_settings(std::move(settings)), m_server(without_login(m_settings.smtp_url)), m_use_ssl(use_ssl) {}

  Status send(const MailMessage& message) override {
    if (auto st = check_message(message); !st) return st;
    auto loaded = load_curl();
    if (!loaded) return loaded.error();
    const Curl& lib = **loaded;
    const std::unique_ptr<CURL, EasyCleanup> curl(lib.easy_init(), EasyCleanup{&lib});
    if (!curl) return not_now("cannot start libcurl");

    std::unique_ptr<curl_slist, SlistFree> recipients(nullptr, SlistFree{&lib});
    for (const auto* list : {&message.to, &message.cc}) {
      for (const auto& address : *list) {
        curl_slist* more = lib.slist_append(recipients.get(), ("<" + address.email + ">").c_str());
        if (more == nullptr) return not_now("out of memory for the recipients");
        static_cast<void>(recipients.release());
        recipients.reset(more);
      }
    }
    const std::string bytes = mime_bytes(message);
    std::string_view rest = bytes;
    const std::string from = "<" + message.from.email + ">";
    std::vector<std::string> lines;
    char error[CURL_ERROR_SIZE] = {};
    const long timeout = m_settings.timeout_seconds;

    CURL* c = curl.get();
    lib.easy_setopt(c, CURLOPT_URL, m_settings.smtp_url.c_str());
    lib.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    lib.easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(m_use_ssl));
    if (!m_settings.smtp_user.empty()) {
      lib.easy_setopt(c, CURLOPT_USERNAME, m_settings.smtp_user.c_str());
      lib.easy_setopt(c, CURLOPT_PASSWORD, m_settings.smtp_password.c_str());
    }
    lib.easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    lib.easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    lib.easy_setopt(c, CURLOPT_UPLOAD, 1L);
    lib.easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    lib.easy_setopt(c, CURLOPT_READDATA, &rest);
    lib.easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
    lib.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
    lib.easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    lib.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    lib.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    lib.easy_setopt(c, CURLOPT_DEBUGFUNCTION, keep_reply_lines);
    lib.easy_setopt(c, CURLOPT_DEBUGDATA, &lines);
    lib.easy_setopt(c, CURLOPT_VERBOSE, 1L);  // for keep_reply_lines; nothing is printed

    const CURLcode code = lib.easy_perform(c);
    long reply = 0;
    lib.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    if (code == CURLE_OK) return {};
    // A refusal in the server's words, the rest in libcurl's.
    std::string words = reply >= 400 ? shown(last_reply(lines, reply)) : std::string();
    if (words.empty()) words = *error != '\0' ? std::string(error) : std::string(lib.easy_strerror(code));
    // A login refused, or wanted: the settings are at fault, not the message.
    if (code == CURLE_LOGIN_DENIED || reply == 530)
      return not_now("the mail server at " + m_server + " refused the login: " + words);
    if (reply >= 500 && reply < 600) return invalid("the mail server refused the message: " + words);
    if (reply >= 400 && reply < 500) return not_now("the mail server cannot take the message now: " + words);
    return not_now("cannot send through the mail server at " + m_server + ": " + words);
  }

 private:
  MailSettings m_settings;
  std::string m_server;  // the URL, for errors
  curl_usessl m_use_ssl;
};

}  // namespace

std::unique_ptr<MailTransport> make_mail_transport(const MailSettings& settings, FileSystem& files) {
  if (settings.smtp_url.empty()) return std::make_unique<FolderMailTransport>(settings.outbox_folder, files);
  const auto unusable = [](const std::string& problem) -> std::unique_ptr<MailTransport> {
    return std::make_unique<UnusableMailTransport>("the mail settings cannot be used: " + problem);
  };
  const bool smtps = settings.smtp_url.rfind("smtps://", 0) == 0;
  if (!smtps && settings.smtp_url.rfind("smtp://", 0) != 0)
    return unusable("smtp_url '" + without_login(settings.smtp_url) +
                    "' must start with smtp:// or smtps://");
  curl_usessl use_ssl = CURLUSESSL_NONE;
  if (settings.tls == "try")
    use_ssl = CURLUSESSL_TRY;
  else if (settings.tls == "required")
    use_ssl = CURLUSESSL_ALL;
  else if (settings.tls != "none")
    return unusable("tls must be try, required or none, not '" + settings.tls + "'");
  else if (smtps)
    return unusable("tls none cannot go with smtps://, which is TLS from the start");
  if (settings.timeout_seconds <= 0)
    return unusable("timeout_seconds must be positive, not " + std::to_string(settings.timeout_seconds));
  return std::make_unique<SmtpMailTransport>(settings, use_ssl);
}

}  // namespace followup::env
