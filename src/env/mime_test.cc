#include "env/mime.h"

#include <gmime/gmime.h>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

namespace followup::env {
namespace {

// GObject references released with g_object_unref.
struct MimeTestUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using MimeTestOwned = std::unique_ptr<T, MimeTestUnref>;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
GMimeObject* mime_test_object(void* object) { return GMIME_OBJECT(object); }
bool mime_test_is_multipart(GMimeObject* object) { return GMIME_IS_MULTIPART(object); }
GMimeMultipart* mime_test_multipart(GMimeObject* object) { return GMIME_MULTIPART(object); }
GMimeTextPart* mime_test_text_part(GMimeObject* object) {
  return GMIME_IS_TEXT_PART(object) ? GMIME_TEXT_PART(object) : nullptr;
}
InternetAddressMailbox* mime_test_mailbox(InternetAddress* address) {
  return INTERNET_ADDRESS_IS_MAILBOX(address) ? INTERNET_ADDRESS_MAILBOX(address) : nullptr;
}
#pragma GCC diagnostic pop

// The message GMime reads from `bytes` (mime_bytes has started GMime).
MimeTestOwned<GMimeMessage> parse_mime(const std::string& bytes) {
  const MimeTestOwned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  const MimeTestOwned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return MimeTestOwned<GMimeMessage>(g_mime_parser_construct_message(parser.get(), nullptr));
}

// "name <email>" for each address of the list, as GMime decodes them.
std::vector<std::string> decoded_addresses(InternetAddressList* list) {
  std::vector<std::string> out;
  for (int i = 0; list != nullptr && i < internet_address_list_length(list); ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    InternetAddressMailbox* mailbox = mime_test_mailbox(address);
    const char* name = internet_address_get_name(address);
    out.push_back(std::string(name == nullptr ? "" : name) + " <" +
                  (mailbox == nullptr ? "?" : internet_address_mailbox_get_addr(mailbox)) + ">");
  }
  return out;
}

std::string header_of(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_header(object, name);
  return value == nullptr ? "(none)" : value;
}

// A text part's media type, charset, transfer encoding and decoded text
// (line ends as LF), on one line each.
std::string describe_text_part(GMimeObject* object) {
  GMimeTextPart* part = mime_test_text_part(object);
  if (part == nullptr) return "not a text part";
  char* type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(object));
  char* text = g_mime_text_part_get_text(part);
  std::string decoded;
  for (const char* c = text; c != nullptr && *c != '\0'; ++c)
    if (*c != '\r') decoded += *c;
  std::string out = std::string(type) + "\n" + g_mime_text_part_get_charset(part) + "\n" +
                    header_of(object, "Content-Transfer-Encoding") + "\n" + decoded;
  g_free(type);
  g_free(text);
  return out;
}

MailMessage dakar_message() {
  MailMessage m;
  m.from = {"Évaluation – Bureau de Dakar", "dakar@followup.invalid"};
  m.to = {{"Aïssatou Diop", "aissatou@example.org"}, {"Dupont, Eva", "eva@example.org"}};
  m.cc = {{"", "chef@example.org"}};
  m.subject = "Évaluation – Bureau de Dakar : 3 actions à faire";
  m.text = "Bonjour Aïssatou,\r\n.ligne qui commence par un point\n" + std::string(1500, 'x') + "é\n";
  m.html = "<p>Bonjour Aïssatou,</p>\n<p>" + std::string(1200, 'y') + "</p>\n";
  m.message_id = "r20010817.3.ab12@followup.invalid";
  m.date = "2026-11-30T19:00:00Z";
  return m;
}

TEST(Mime, ReadsBackAsWrittenWithNamesAndSubjectInUtf8) {
  const MailMessage m = dakar_message();
  const auto message = parse_mime(mime_bytes(m));
  ASSERT_TRUE(message);
  GMimeObject* object = mime_test_object(message.get());
  EXPECT_STREQ(g_mime_message_get_subject(message.get()), "Évaluation – Bureau de Dakar : 3 actions à faire");
  EXPECT_EQ(decoded_addresses(g_mime_message_get_from(message.get())),
            std::vector<std::string>{"Évaluation – Bureau de Dakar <dakar@followup.invalid>"});
  EXPECT_EQ(
      decoded_addresses(g_mime_message_get_to(message.get())),
      (std::vector<std::string>{"Aïssatou Diop <aissatou@example.org>", "Dupont, Eva <eva@example.org>"}));
  EXPECT_EQ(decoded_addresses(g_mime_message_get_cc(message.get())),
            std::vector<std::string>{" <chef@example.org>"});
  EXPECT_STREQ(g_mime_message_get_message_id(message.get()), "r20010817.3.ab12@followup.invalid");
  EXPECT_EQ(header_of(object, "Date"), "Mon, 30 Nov 2026 19:00:00 +0000");
  EXPECT_EQ(header_of(object, "MIME-Version"), "1.0");

  GMimeObject* body = g_mime_message_get_mime_part(message.get());
  ASSERT_TRUE(body != nullptr && mime_test_is_multipart(body));
  char* type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(body));
  EXPECT_STREQ(type, "multipart/alternative");
  g_free(type);
  GMimeMultipart* alternative = mime_test_multipart(body);
  ASSERT_EQ(g_mime_multipart_get_count(alternative), 2);
  EXPECT_EQ(describe_text_part(g_mime_multipart_get_part(alternative, 0)),
            "text/plain\nutf-8\nquoted-printable\nBonjour Aïssatou,\n.ligne qui commence par un point\n" +
                std::string(1500, 'x') + "é\n");
  EXPECT_EQ(describe_text_part(g_mime_multipart_get_part(alternative, 1)),
            "text/html\nutf-8\nquoted-printable\n<p>Bonjour Aïssatou,</p>\n<p>" + std::string(1200, 'y') +
                "</p>\n");
}

TEST(Mime, IsSevenBitWithCrlfLinesShorterThan998) {
  MailMessage m = dakar_message();
  m.subject = "Très " + std::string(300, 's') + " – " + std::string(1200, 't');  // one word over 998
  const std::string bytes = mime_bytes(m);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.substr(bytes.size() - 2), "\r\n");
  std::size_t start = 0;
  int lines = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    ASSERT_LT(c, 0x80) << "byte " << i << " is not ASCII";
    if (c == '\r') {
      ASSERT_TRUE(i + 1 < bytes.size() && bytes[i + 1] == '\n') << "a lone CR at byte " << i;
    }
    if (c != '\n') continue;
    ASSERT_TRUE(i > 0 && bytes[i - 1] == '\r') << "a lone LF at byte " << i;
    ASSERT_LE(i - 1 - start, 998u) << "line " << lines + 1 << " is too long";
    start = i + 1;
    ++lines;
  }
  EXPECT_GT(lines, 40);
  const auto message = parse_mime(bytes);
  ASSERT_TRUE(message);
  EXPECT_EQ(std::string(g_mime_message_get_subject(message.get())), m.subject);
}

TEST(Mime, TheSameMessageIsTheSameBytes) {
  const MailMessage m = dakar_message();
  const std::string bytes = mime_bytes(m);
  EXPECT_EQ(mime_bytes(m), bytes);
  EXPECT_NE(bytes.find("\r\nContent-Type: multipart/alternative; boundary=\"=_followup_"), std::string::npos)
      << bytes;
  MailMessage other = m;
  other.message_id = "r20010817.4.cd34@followup.invalid";
  const std::string other_bytes = mime_bytes(other);
  const auto boundary_at = other_bytes.find("boundary=");
  ASSERT_NE(boundary_at, std::string::npos);
  EXPECT_NE(bytes.substr(bytes.find("boundary="), 40), other_bytes.substr(boundary_at, 40));
}

TEST(Mime, TextAloneIsOnePlainPart) {
  MailMessage m = dakar_message();
  m.html.clear();
  m.text = "Échéance : aujourd'hui\n";
  const auto message = parse_mime(mime_bytes(m));
  ASSERT_TRUE(message);
  EXPECT_EQ(describe_text_part(g_mime_message_get_mime_part(message.get())),
            "text/plain\nutf-8\nquoted-printable\nÉchéance : aujourd'hui\n");
  EXPECT_EQ(header_of(mime_test_object(message.get()), "MIME-Version"), "1.0");
}

TEST(Mime, AnAsciiSubjectStaysReadable) {
  MailMessage m = dakar_message();
  m.subject = "Due today: PLACMI-2#1";
  m.to = {{"Eva Dupont", "eva@example.org"}};
  const std::string bytes = mime_bytes(m);
  EXPECT_NE(bytes.find("\r\nSubject: Due today: PLACMI-2#1\r\n"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("\r\nTo: Eva Dupont <eva@example.org>\r\n"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("\r\nMessage-Id: <r20010817.3.ab12@followup.invalid>\r\n"), std::string::npos)
      << bytes;
}

TEST(Mime, ALineBreakInTheSubjectOrANameStartsNoHeader) {
  MailMessage m = dakar_message();
  m.subject = "Hello\r\nBcc: evil@example.org";
  m.to = {{"Eva\nBcc: evil@example.org", "eva@example.org"}};
  const std::string bytes = mime_bytes(m);
  EXPECT_EQ(bytes.find("\nBcc:"), std::string::npos) << bytes;
  const auto message = parse_mime(bytes);
  ASSERT_TRUE(message);
  EXPECT_STREQ(g_mime_message_get_subject(message.get()), "Hello  Bcc: evil@example.org");
  EXPECT_EQ(header_of(mime_test_object(message.get()), "Bcc"), "(none)");
  EXPECT_EQ(decoded_addresses(g_mime_message_get_to(message.get())),
            std::vector<std::string>{"Eva Bcc: evil@example.org <eva@example.org>"});
}

}  // namespace
}  // namespace followup::env
