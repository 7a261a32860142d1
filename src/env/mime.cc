#include "env/mime.h"

#include <cstdint>
#include <memory>

#include "core/date.h"
#include "util/gmime.h"

namespace followup::env {

namespace {

using util::ensure_gmime;
template <typename T>
using Owned = util::GOwned<T>;

struct FreeFormatOptions {
  void operator()(GMimeFormatOptions* options) const { g_mime_format_options_free(options); }
};
struct UnrefDateTime {
  void operator()(GDateTime* date) const { g_date_time_unref(date); }
};

// GMime's casts are GObject macros with C casts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
GMimeObject* as_object(void* object) { return GMIME_OBJECT(object); }
GMimePart* as_part(GMimeTextPart* part) { return GMIME_PART(part); }
GMimeStreamMem* as_memory(GMimeStream* stream) { return GMIME_STREAM_MEM(stream); }
#pragma GCC diagnostic pop

// A header's text on one line: a CR or LF would end the header and let
// what follows pass for another (a Bcc, say).
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\r' || c == '\n') c = ' ';
  return text;
}

// Line ends as LF alone: GMime writes each as CRLF (the newline format
// below), and a CR of the text's own would be encoded as =0D.
std::string lf_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else if (i + 1 == text.size() || text[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

void add_addresses(GMimeMessage* message, GMimeAddressType type, const std::vector<MailAddress>& addresses) {
  InternetAddressList* list = g_mime_message_get_addresses(message, type);
  for (const auto& address : addresses) {
    const std::string name = one_line(address.name);
    const Owned<InternetAddress> mailbox(
        internet_address_mailbox_new(name.empty() ? nullptr : name.c_str(), address.email.c_str()));
    internet_address_set_charset(mailbox.get(), "utf-8");
    internet_address_list_add(list, mailbox.get());  // takes its own reference
  }
}

// A text/SUBTYPE part, charset=utf-8, quoted-printable: readable, and
// safe for a 7-bit transport whatever the text holds.
Owned<GMimeTextPart> text_part(const char* subtype, const std::string& text) {
  Owned<GMimeTextPart> part(g_mime_text_part_new_with_subtype(subtype));
  const std::string content = lf_lines(text);
  const Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(content.data(), content.size()));
  const Owned<GMimeDataWrapper> wrapper(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(as_part(part.get()), wrapper.get());
  g_mime_text_part_set_charset(part.get(), "utf-8");
  g_mime_part_set_content_encoding(as_part(part.get()), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return part;
}

// The multipart boundary: from the Message-ID, so that the same message
// is the same bytes each time (GMime's would be random). It begins "=_",
// which quoted-printable content cannot hold ('=' is written =3D there).
std::string boundary_for(const std::string& message_id) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits
  for (const char c : message_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string boundary = "=_followup_";
  for (int shift = 60; shift >= 0; shift -= 4)
    boundary += k_hex[(hash >> static_cast<unsigned>(shift)) & 0xFU];
  return boundary;
}

}  // namespace

std::string mime_bytes(const MailMessage& m) {
  ensure_gmime();
  const Owned<GMimeMessage> message(g_mime_message_new(TRUE));
  add_addresses(message.get(), GMIME_ADDRESS_TYPE_FROM, {m.from});
  add_addresses(message.get(), GMIME_ADDRESS_TYPE_TO, m.to);
  add_addresses(message.get(), GMIME_ADDRESS_TYPE_CC, m.cc);
  g_mime_message_set_subject(message.get(), one_line(m.subject).c_str(), "utf-8");
  if (const auto seconds = parse_utc_instant(m.date)) {
    const std::unique_ptr<GDateTime, UnrefDateTime> date(g_date_time_new_from_unix_utc(*seconds));
    g_mime_message_set_date(message.get(), date.get());
  }
  g_mime_message_set_message_id(message.get(), m.message_id.c_str());
  g_mime_object_set_header(as_object(message.get()), "MIME-Version", "1.0", nullptr);

  const Owned<GMimeTextPart> text = text_part("plain", m.text);
  if (m.html.empty()) {
    g_mime_message_set_mime_part(message.get(), as_object(text.get()));
  } else {
    const Owned<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    g_mime_multipart_set_boundary(alternative.get(), boundary_for(m.message_id).c_str());
    g_mime_multipart_add(alternative.get(), as_object(text.get()));
    const Owned<GMimeTextPart> html = text_part("html", m.html);
    g_mime_multipart_add(alternative.get(), as_object(html.get()));
    g_mime_message_set_mime_part(message.get(), as_object(alternative.get()));
  }

  const std::unique_ptr<GMimeFormatOptions, FreeFormatOptions> options(g_mime_format_options_new());
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  const Owned<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(as_object(message.get()), options.get(), out.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(as_memory(out.get()));
  return {reinterpret_cast<const char*>(bytes->data), bytes->len};
}

}  // namespace followup::env
