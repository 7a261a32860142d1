#include "env/mail_transports.h"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <netinet/in.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "env/fault_injection.h"
#include "env/memory_env.h"
#include "env/mime.h"

namespace followup::env {
namespace {

MailMessage reminder(std::string id) {
  MailMessage m;
  m.from = {"Followup – Bureau de Dakar", "followup@example.org"};
  m.to = {{"Eva Dupont", "eva@example.org"}};
  m.cc = {{"Chef d'unité", "chef@example.org"}};
  m.subject = "Rappel : PLACMI-2#1 est dû aujourd'hui";
  m.text = "PLACMI-2#1 est dû aujourd'hui.\n.Une ligne qui commence par un point.\n";
  m.message_id = std::move(id);
  m.date = "2026-11-30T19:00:00Z";
  return m;
}

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A fresh folder under the temporary one, removed with the object.
struct TempFolder {
  explicit TempFolder(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             ("followup-mail-test-" + std::to_string(::getpid()) + "-" + name)) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::filesystem::path path;
};

// --- The folder ---

TEST(MailSettings, DefaultToTheOutboxFolder) {
  const MailSettings settings;
  EXPECT_EQ(settings.outbox_folder, "var/outbox");
  EXPECT_EQ(settings.smtp_url, "");
  EXPECT_EQ(settings.tls, "try");
  EXPECT_EQ(settings.timeout_seconds, 30);
  MemoryFileSystem files;
  const auto mail = make_mail_transport(settings, files);
  const MailMessage m = reminder("r20010817.3.ab12@followup.invalid");
  ASSERT_TRUE(mail->send(m).ok());
  const std::string* file = files.find("var/outbox/r20010817.3.ab12@followup.invalid.eml");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(*file, mime_bytes(m));
}

TEST(FolderMail, WritesOneFilePerMessageIdAndASecondSendNothing) {
  TempFolder dir("folder");
  MailSettings settings;
  settings.outbox_folder = (dir.path / "outbox").string();
  const auto mail = make_mail_transport(settings, system_env().files());
  const MailMessage first = reminder("r1@followup.invalid");
  ASSERT_TRUE(mail->send(first).ok());
  MailMessage again = first;
  again.subject = "Changed since";
  ASSERT_TRUE(mail->send(again).ok());
  ASSERT_TRUE(mail->send(reminder("r2@followup.invalid")).ok());

  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path / "outbox"))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"r1@followup.invalid.eml", "r2@followup.invalid.eml"}));
  EXPECT_EQ(read_whole(dir.path / "outbox" / "r1@followup.invalid.eml"), mime_bytes(first));
}

TEST(FolderMail, MakesTheMessageIdSafeForAFileName) {
  MemoryFileSystem files;
  MailSettings settings;
  settings.outbox_folder = "out";
  const auto mail = make_mail_transport(settings, files);
  ASSERT_TRUE(mail->send(reminder("../etc/pass%wd:1@x.invalid")).ok());
  EXPECT_NE(files.find("out/%2E.%2Fetc%2Fpass%25wd%3A1@x.invalid.eml"), nullptr);
  ASSERT_TRUE(mail->send(reminder(".hidden@x.invalid")).ok());
  EXPECT_NE(files.find("out/%2Ehidden@x.invalid.eml"), nullptr);
}

TEST(FolderMail, RefusesABadMessageNamingWhatAndWritesNothing) {
  struct Case {
    MailMessage message;
    std::string error;
  };
  std::vector<Case> cases;
  const auto with = [&](const std::function<void(MailMessage&)>& change, std::string error) {
    MailMessage m = reminder("bad@followup.invalid");
    change(m);
    cases.push_back({m, std::move(error)});
  };
  with([](MailMessage& m) { m.to.clear(); }, "a message needs a recipient");
  with([](MailMessage& m) { m.to[0].email = "eva.example.org"; },
       "the recipient 'eva.example.org' is not a mail address: it needs a local part, '@' and a domain");
  with([](MailMessage& m) { m.to[0].email = "eva@"; },
       "the recipient 'eva@' is not a mail address: it needs a local part, '@' and a domain");
  with([](MailMessage& m) { m.to[0].email = "eva@example.org\r\nBcc: x@example.org"; },
       "the recipient 'eva@example.org??Bcc: x@example.org' is not a mail address: it has a space, a line "
       "break or an angle bracket");
  with([](MailMessage& m) { m.to[0].email = "eva @example.org"; },
       "the recipient 'eva @example.org' is not a mail address: it has a space, a line break or an angle "
       "bracket");
  with([](MailMessage& m) { m.cc[0].email = "<chef@example.org>"; },
       "the copy recipient '<chef@example.org>' is not a mail address: it has a space, a line break or an "
       "angle bracket");
  with([](MailMessage& m) { m.from.email = "followup"; },
       "the sender 'followup' is not a mail address: it needs a local part, '@' and a domain");
  with([](MailMessage& m) { m.message_id.clear(); }, "a message needs a Message-ID");
  with([](MailMessage& m) { m.message_id = "<r1@followup.invalid>"; },
       "the Message-ID '<r1@followup.invalid>' must be at most 200 printable ASCII characters without spaces "
       "or angle brackets");
  with([](MailMessage& m) { m.date = "2026-11-30 19:00"; },
       "the message's date '2026-11-30 19:00' is not a UTC instant like 2026-11-30T19:00:00Z");

  MemoryFileSystem files;
  const auto mail = make_mail_transport(MailSettings{}, files);
  for (const auto& c : cases) {
    const auto st = mail->send(c.message);
    ASSERT_FALSE(st.ok()) << c.error;
    EXPECT_EQ(st.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(st.error().message, c.error);
  }
  EXPECT_FALSE(files.exists("var/outbox"));
}

TEST(FolderMail, AFailedWriteIsUnavailableAndARetryWritesIt) {
  MemoryFileSystem memory;
  FaultInjectionFileSystem files(memory);
  const auto mail = make_mail_transport(MailSettings{}, files);
  files.fail(FileOp::write, make_error(ErrorCode::unavailable, "No space left on device"), 1);
  const MailMessage m = reminder("r1@followup.invalid");
  const auto st = mail->send(m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(st.error().message, "No space left on device");
  EXPECT_EQ(memory.find("var/outbox/r1@followup.invalid.eml"), nullptr);
  ASSERT_TRUE(mail->send(m).ok());
  ASSERT_NE(memory.find("var/outbox/r1@followup.invalid.eml"), nullptr);
  EXPECT_EQ(*memory.find("var/outbox/r1@followup.invalid.eml"), mime_bytes(m));
}

TEST(MailSettings, SettingsThatCannotWorkMakeEverySendUnavailable) {
  MemoryFileSystem files;
  const auto problem = [&](const std::function<void(MailSettings&)>& change) {
    MailSettings settings;
    settings.smtp_url = "smtp://127.0.0.1:25";
    change(settings);
    const auto st = make_mail_transport(settings, files)->send(reminder("r1@followup.invalid"));
    EXPECT_FALSE(st.ok());
    EXPECT_EQ(st.ok() ? ErrorCode::internal : st.error().code, ErrorCode::unavailable);
    return st.ok() ? std::string() : st.error().message;
  };
  EXPECT_EQ(problem([](MailSettings& s) { s.smtp_url = "http://reminders:s3cret@mail.example.org"; }),
            "the mail settings cannot be used: smtp_url 'http://mail.example.org' must start with smtp:// or "
            "smtps://");
  EXPECT_EQ(problem([](MailSettings& s) { s.tls = "sometimes"; }),
            "the mail settings cannot be used: tls must be try, required or none, not 'sometimes'");
  EXPECT_EQ(
      problem([](MailSettings& s) {
        s.smtp_url = "smtps://127.0.0.1:465";
        s.tls = "none";
      }),
      "the mail settings cannot be used: tls none cannot go with smtps://, which is TLS from the start");
  EXPECT_EQ(problem([](MailSettings& s) { s.timeout_seconds = 0; }),
            "the mail settings cannot be used: timeout_seconds must be positive, not 0");
  EXPECT_FALSE(files.exists("var/outbox"));
}

// --- SMTP ---

// A running tests/mail/smtp_sink.py (Debian's python3 and python3-aiosmtpd)
// on a port of its choosing, stopped with the object.
class SmtpSink {
 public:
  // Starts one with `options` (--reject ADDRESS, --auth USER:PASSWORD...);
  // nullptr, with `problem` set, when it does not listen within 10 s.
  static std::unique_ptr<SmtpSink> start(const std::string& name, const std::vector<std::string>& options,
                                         std::string& problem) {
    auto sink = std::unique_ptr<SmtpSink>(new SmtpSink(name));
    const std::string port_file = (sink->m_dir.path / "port").string();
    const std::string script = std::string(FOLLOWUP_SOURCE_DIR) + "/tests/mail/smtp_sink.py";
    std::vector<std::string> args = {"/usr/bin/python3",      script,        "--folder",
                                     sink->folder().string(), "--port-file", port_file};
    args.insert(args.end(), options.begin(), options.end());
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (const int rc = ::posix_spawn(&sink->m_pid, argv[0], nullptr, nullptr, argv.data(), environ);
        rc != 0) {
      sink->m_pid = -1;
      problem = "cannot start /usr/bin/python3: " + std::string(std::strerror(rc));
      return nullptr;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(sink->m_pid, &status, WNOHANG) == sink->m_pid) {
        sink->m_pid = -1;
        problem = "tests/mail/smtp_sink.py ended before listening (is python3-aiosmtpd installed?)";
        return nullptr;
      }
      if (std::filesystem::exists(port_file)) {
        sink->m_port = std::stoi(read_whole(port_file));
        return sink;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    problem = "tests/mail/smtp_sink.py did not listen within 10 s";
    return nullptr;
  }

  ~SmtpSink() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  [[nodiscard]] std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }
  [[nodiscard]] std::filesystem::path folder() const { return m_dir.path / "received"; }

  // The envelope ("MAIL FROM:<a>\nRCPT TO:<b>\n...") of each message
  // received with exactly `bytes`.
  [[nodiscard]] std::vector<std::string> envelopes_of(const std::string& bytes) const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(folder())) {
      const auto& path = entry.path();
      if (path.extension() != ".eml" || read_whole(path) != bytes) continue;
      out.push_back(read_whole(std::filesystem::path(path).replace_extension(".envelope")));
    }
    return out;
  }
  [[nodiscard]] int received() const {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder()))
      count += entry.path().extension() == ".eml" ? 1 : 0;
    return count;
  }

 private:
  explicit SmtpSink(const std::string& name) : m_dir("sink-" + name) {
    std::filesystem::create_directories(folder());
  }
  TempFolder m_dir;
  pid_t m_pid = -1;
  int m_port = 0;
};

// The sinks start once for the suite, each when a test first needs it.
class SmtpMail : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    plain_sink.reset();
    auth_sink.reset();
  }
  // Refuses (550) refused@example.org and defers (451) later@example.org.
  static SmtpSink* plain() {
    if (!plain_sink)
      plain_sink = SmtpSink::start(
          "plain", {"--reject", "refused@example.org", "--defer", "later@example.org"}, problem);
    return plain_sink.get();
  }
  // Takes mail only after AUTH as "reminders" with "s3cret: pass".
  static SmtpSink* with_auth() {
    if (!auth_sink) auth_sink = SmtpSink::start("auth", {"--auth", "reminders:s3cret: pass"}, problem);
    return auth_sink.get();
  }
  static MailSettings settings_for(const SmtpSink& sink) {
    MailSettings settings;
    settings.smtp_url = sink.url();
    settings.timeout_seconds = 10;
    return settings;
  }

  static inline std::unique_ptr<SmtpSink> plain_sink;
  static inline std::unique_ptr<SmtpSink> auth_sink;
  static inline std::string problem;
  MemoryFileSystem m_files;  // the SMTP transport writes none
};

TEST_F(SmtpMail, DeliversEachMessageToItsRecipientsAsMimeBytes) {
  SmtpSink* sink = plain();
  ASSERT_NE(sink, nullptr) << problem;
  const auto mail = make_mail_transport(settings_for(*sink), m_files);
  MailMessage first = reminder("smtp1@followup.invalid");
  first.to.push_back({"Aïssatou Diop", "aissatou@example.org"});
  MailMessage second = reminder("smtp2@followup.invalid");
  second.cc.clear();
  second.html = "<p>PLACMI-2#1 est <b>dû</b> aujourd'hui.</p>\n";
  ASSERT_TRUE(mail->send(first).ok());
  ASSERT_TRUE(mail->send(second).ok());
  EXPECT_EQ(sink->envelopes_of(mime_bytes(first)),
            std::vector<std::string>{"MAIL FROM:<followup@example.org>\nRCPT TO:<eva@example.org>\n"
                                     "RCPT TO:<aissatou@example.org>\nRCPT TO:<chef@example.org>\n"});
  EXPECT_EQ(sink->envelopes_of(mime_bytes(second)),
            std::vector<std::string>{"MAIL FROM:<followup@example.org>\nRCPT TO:<eva@example.org>\n"});
  EXPECT_TRUE(m_files.exists("var/outbox") == false);
}

TEST_F(SmtpMail, ARefusedRecipientIsInvalidArgumentInTheServersWords) {
  SmtpSink* sink = plain();
  ASSERT_NE(sink, nullptr) << problem;
  MailMessage m = reminder("smtp-refused@followup.invalid");
  m.cc = {{"", "refused@example.org"}};
  const auto st = make_mail_transport(settings_for(*sink), m_files)->send(m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(st.error().message,
            "the mail server refused the message: 550 5.1.1 <refused@example.org>: no such mailbox here");
  EXPECT_TRUE(sink->envelopes_of(mime_bytes(m)).empty());
}

TEST_F(SmtpMail, ADeferredRecipientIsUnavailable) {
  SmtpSink* sink = plain();
  ASSERT_NE(sink, nullptr) << problem;
  MailMessage m = reminder("smtp-deferred@followup.invalid");
  m.to = {{"", "later@example.org"}};
  const auto st = make_mail_transport(settings_for(*sink), m_files)->send(m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(st.error().message,
            "the mail server cannot take the message now: 451 4.3.0 <later@example.org>: try again later");
  EXPECT_TRUE(sink->envelopes_of(mime_bytes(m)).empty());
}

TEST_F(SmtpMail, ABadAddressNeverReachesTheServer) {
  SmtpSink* sink = plain();
  ASSERT_NE(sink, nullptr) << problem;
  const int before = sink->received();
  MailMessage m = reminder("smtp-bad@followup.invalid");
  m.to[0].email = "eva@example.org>\r\nRCPT TO:<x@example.org";
  const auto st = make_mail_transport(settings_for(*sink), m_files)->send(m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(
      st.error().message,
      "the recipient 'eva@example.org>??RCPT TO:<x@example.org' is not a mail address: it has a space, a "
      "line break or an angle bracket");
  EXPECT_EQ(sink->received(), before);
}

TEST_F(SmtpMail, TlsRequiredFromAServerWithoutStartTlsIsUnavailable) {
  SmtpSink* sink = plain();
  ASSERT_NE(sink, nullptr) << problem;
  MailSettings settings = settings_for(*sink);
  settings.tls = "required";
  const MailMessage m = reminder("smtp-tls@followup.invalid");
  const auto st = make_mail_transport(settings, m_files)->send(m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(st.error().message,
            "cannot send through the mail server at " + sink->url() + ": STARTTLS not supported.");
  EXPECT_TRUE(sink->envelopes_of(mime_bytes(m)).empty());
}

TEST_F(SmtpMail, LogsInWithTheRightPasswordOnly) {
  SmtpSink* sink = with_auth();
  ASSERT_NE(sink, nullptr) << problem;
  MailSettings settings = settings_for(*sink);
  settings.smtp_user = "reminders";
  settings.smtp_password = "s3cret: pass";
  const MailMessage m = reminder("smtp-auth@followup.invalid");
  ASSERT_TRUE(make_mail_transport(settings, m_files)->send(m).ok());
  EXPECT_EQ(sink->envelopes_of(mime_bytes(m)).size(), 1u);

  settings.smtp_password = "wrong";
  const MailMessage refused = reminder("smtp-auth-wrong@followup.invalid");
  const auto wrong = make_mail_transport(settings, m_files)->send(refused);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::unavailable);
  EXPECT_EQ(wrong.error().message, "the mail server at " + sink->url() +
                                       " refused the login: 535 5.7.8 Authentication credentials invalid");
  settings.smtp_user.clear();
  const auto none = make_mail_transport(settings, m_files)->send(refused);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::unavailable);
  EXPECT_EQ(none.error().message,
            "the mail server at " + sink->url() + " refused the login: 530 5.7.0 Authentication required");
  EXPECT_TRUE(sink->envelopes_of(mime_bytes(refused)).empty());
}

// A socket bound to a port of 127.0.0.1, listening or not; closed with the object.
struct LocalSocket {
  explicit LocalSocket(bool listening) : fd(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    if (::bind(fd, generic, size) != 0 || (listening && ::listen(fd, 1) != 0) ||
        ::getsockname(fd, generic, &size) != 0)
      return;
    port = ntohs(address.sin_port);
  }
  ~LocalSocket() { ::close(fd); }
  LocalSocket(const LocalSocket&) = delete;
  LocalSocket& operator=(const LocalSocket&) = delete;
  int fd;
  int port = 0;
};

TEST(SmtpMailOffline, AClosedPortIsUnavailable) {
  int port = 0;
  {
    const LocalSocket closed(false);
    port = closed.port;
  }
  ASSERT_NE(port, 0);
  MailSettings settings;
  settings.smtp_url = "smtp://reminders:s3cret@127.0.0.1:" + std::to_string(port);  // not in the error
  MemoryFileSystem files;
  const auto st = make_mail_transport(settings, files)->send(reminder("closed@followup.invalid"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(st.error().message.rfind(
                "cannot send through the mail server at smtp://127.0.0.1:" + std::to_string(port) +
                    ": Failed to connect to 127.0.0.1 port " + std::to_string(port),
                0),
            0u)
      << st.error().message;
}

TEST(SmtpMailOffline, AServerThatNeverAnswersTimesOut) {
  const LocalSocket silent(true);  // connections wait in its backlog, unanswered
  ASSERT_NE(silent.port, 0);
  MailSettings settings;
  settings.smtp_url = "smtp://127.0.0.1:" + std::to_string(silent.port);
  settings.timeout_seconds = 1;
  MemoryFileSystem files;
  const auto started = std::chrono::steady_clock::now();
  const auto st = make_mail_transport(settings, files)->send(reminder("silent@followup.invalid"));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(
      st.error().message.rfind(
          "cannot send through the mail server at " + settings.smtp_url + ": Operation timed out after ", 0),
      0u)
      << st.error().message;
  EXPECT_LT(took, std::chrono::seconds(5));
}

}  // namespace
}  // namespace followup::env
