#include "http/multipart.h"

#include <memory>

#include "util/gmime.h"

namespace followup::http {

namespace {

Error bad(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

using util::ensure_gmime;
template <typename T>
using Owned = util::GOwned<T>;

// The boundary parameter of a Content-Type, as GMime reads it.
std::string boundary_of(std::string_view content_type) {
  const std::string text(content_type);
  GMimeContentType* type = g_mime_content_type_parse(nullptr, text.c_str());
  if (type == nullptr) return {};
  const Owned<GMimeContentType> owned(type);
  if (g_mime_content_type_is_type(type, "multipart", "form-data") == FALSE) return {};
  const char* boundary = g_mime_content_type_get_parameter(type, "boundary");
  return boundary == nullptr ? std::string() : std::string(boundary);
}

// GMime's type checks are GObject macros with C casts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
bool is_multipart(GMimeObject* object) { return GMIME_IS_MULTIPART(object); }
bool is_part(GMimeObject* object) { return GMIME_IS_PART(object); }
GMimeMultipart* as_multipart(GMimeObject* object) { return GMIME_MULTIPART(object); }
GMimePart* as_part(GMimeObject* object) { return GMIME_PART(object); }
GMimeStreamMem* as_memory(GMimeStream* stream) { return GMIME_STREAM_MEM(stream); }
#pragma GCC diagnostic pop

}  // namespace

Result<std::vector<FormPart>> parse_form_data(std::string_view content_type, std::string_view body) {
  ensure_gmime();
  const std::string boundary = boundary_of(content_type);
  if (boundary.empty())
    return bad("the body must be multipart/form-data with a boundary, not '" +
               std::string(content_type.substr(0, 100)) + "'");
  // The closing delimiter: without it the upload was cut short, and GMime
  // would read what came as if it were whole.
  if (body.find("--" + boundary + "--") == std::string_view::npos)
    return bad("the upload is cut short: its closing boundary is missing");

  // GMime parses a MIME entity: the header it needs, then the body.
  std::string entity = "Content-Type: " + std::string(content_type) + "\r\n\r\n";
  entity.append(body);
  const Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(entity.data(), entity.size()));
  const Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  const Owned<GMimeObject> root(g_mime_parser_construct_part(parser.get(), nullptr));
  if (!root || !is_multipart(root.get())) return bad("the upload is not a multipart body");
  GMimeMultipart* multipart = as_multipart(root.get());
  const int count = g_mime_multipart_get_count(multipart);
  if (count > static_cast<int>(k_max_form_parts))
    return bad("the upload has " + std::to_string(count) + " parts; at most " +
               std::to_string(k_max_form_parts) + " are read");
  std::vector<FormPart> parts;
  for (int i = 0; i < count; ++i) {
    GMimeObject* object = g_mime_multipart_get_part(multipart, i);
    if (!is_part(object)) return bad("part " + std::to_string(i + 1) + " of the upload is itself multipart");
    GMimePart* part = as_part(object);
    FormPart out;
    const char* name = g_mime_object_get_content_disposition_parameter(object, "name");
    if (name == nullptr || *name == '\0')
      return bad("part " + std::to_string(i + 1) +
                 " of the upload has no name (Content-Disposition: form-data; name=...)");
    out.name = name;
    if (const char* filename = g_mime_part_get_filename(part); filename != nullptr) out.filename = filename;
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (type != nullptr) {
      char* text = g_mime_content_type_get_mime_type(type);
      out.content_type = text;
      g_free(text);
    }
    if (GMimeDataWrapper* content = g_mime_part_get_content(part); content != nullptr) {
      const Owned<GMimeStream> bytes(g_mime_stream_mem_new());
      if (g_mime_data_wrapper_write_to_stream(content, bytes.get()) < 0)
        return bad("part " + std::to_string(i + 1) + " of the upload cannot be read");
      GByteArray* array = g_mime_stream_mem_get_byte_array(as_memory(bytes.get()));
      out.body.assign(reinterpret_cast<const char*>(array->data), array->len);
    }
    parts.push_back(std::move(out));
  }
  return parts;
}

}  // namespace followup::http
