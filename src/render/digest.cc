#include "render/digest.h"

#include <kainjow/mustache.hpp>

#include "util/text.h"

namespace followup::render {

namespace mustache = kainjow::mustache;

namespace {

// A recommendation's text is quoted up to this many characters.
constexpr std::size_t k_excerpt_characters = 200;

std::string excerpt(std::string_view text) {
  std::string folded = util::fold_space(text);
  if (util::code_points(folded) <= k_excerpt_characters) return folded;
  return folded.substr(0, util::byte_offset_of_column(folded, k_excerpt_characters)) + "…";
}

// What the person is expected to do about a notice.
std::string expected(const Notice& n) {
  if (n.kind == NoticeKind::progress)
    return "a progress report: what has been done toward the recommendation since the last one, with "
           "evidence of what is finished.";
  if (n.action != 0) return "a progress report on the key action, with evidence when it is done.";
  return "the unit's management response: whether it accepts the recommendation, why, and its key actions "
         "with their dates.";
}

std::string days(int n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

// The text and HTML bodies: one template each, the same data.
constexpr const char* k_text_template =
    "Dear {{name}},\n"
    "\n"
    "{{intro}}\n"
    "{{#groups}}\n"
    "\n"
    "Due by {{due}}\n"
    "{{#entries}}\n"
    "\n"
    "- {{ref}}: {{sentence}}{{#copy}} (A copy for the head of {{unit}}.){{/copy}}\n"
    "  \"{{excerpt}}\"\n"
    "  Expected: {{expected}}\n"
    "  {{link}}\n"
    "{{/entries}}\n"
    "{{/groups}}\n"
    "{{#has_undelivered}}\n"
    "\n"
    "Reminders that could not be delivered\n"
    "{{#undelivered}}\n"
    "\n"
    "- to {{recipient}}, the reminders of {{day}}: {{error}}\n"
    "{{/undelivered}}\n"
    "\n"
    "Correct the address in the user's or the unit's record.\n"
    "{{/has_undelivered}}"
    "\n"
    "-- \n"
    "followup, for the evaluation office: one message a day at most, none when nothing is due.\n";

constexpr const char* k_html_template =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{subject}}</title></head>\n"
    "<body>\n<p>Dear {{name}},</p>\n<p>{{intro}}</p>\n"
    "{{#groups}}<h2>Due by {{due}}</h2>\n<ul>\n"
    "{{#entries}}<li><p><a href=\"{{link}}\">{{ref}}</a>: {{sentence}}"
    "{{#copy}} (A copy for the head of {{unit}}.){{/copy}}</p>\n"
    "<blockquote>{{excerpt}}</blockquote>\n<p>Expected: {{expected}}</p></li>\n{{/entries}}"
    "</ul>\n{{/groups}}"
    "{{#has_undelivered}}<h2>Reminders that could not be delivered</h2>\n<ul>\n"
    "{{#undelivered}}<li>to {{recipient}}, the reminders of {{day}}: {{error}}</li>\n{{/undelivered}}"
    "</ul>\n<p>Correct the address in the user's or the unit's record.</p>\n{{/has_undelivered}}"
    "<p>followup, for the evaluation office: one message a day at most, none when nothing is due.</p>\n"
    "</body></html>\n";

std::string rendered(const char* source, const mustache::data& data, bool html) {
  mustache::mustache tmpl{std::string(source)};
  if (!html) tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(data);
}

}  // namespace

std::string notice_sentence(const Notice& n) {
  std::string what = n.action == 0 ? n.unit + "'s management response"
                                   : "key action " + std::to_string(n.action) + " of " + n.unit;
  switch (n.kind) {
    case NoticeKind::before:
      return what + " is due in " + days(n.days) + ", by " + n.due.iso() + ".";
    case NoticeKind::due:
      return what + " is due today, " + n.due.iso() + ".";
    case NoticeKind::overdue:
      return what + " is " + days(n.days) + " overdue (due by " + n.due.iso() + ").";
    case NoticeKind::progress:
      return n.unit + "'s progress report for the period ending " + n.due.iso() +
             (n.days == 0 ? " is due today." : " is due in " + days(n.days) + ".");
    case NoticeKind::escalation:
      return what + " is " + days(n.days) + " overdue (due by " + n.due.iso() +
             "): escalated to the Director General's office.";
  }
  return what;
}

DigestMessage render_digest(const Digest& digest, Date day, std::string_view base_url) {
  std::string base(base_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  bool escalation = false;
  mustache::data groups{mustache::data::type::list};
  for (std::size_t i = 0; i < digest.entries.size();) {
    const Date due = digest.entries[i].notice.due;
    mustache::data entries{mustache::data::type::list};
    for (; i < digest.entries.size() && digest.entries[i].notice.due == due; ++i) {
      const DigestEntry& e = digest.entries[i];
      const Notice& n = e.notice;
      escalation = escalation || n.kind == NoticeKind::escalation;
      mustache::data entry;
      entry.set("ref", n.evaluation + "#" + std::to_string(n.number));
      entry.set("sentence", notice_sentence(n));
      entry.set("unit", n.unit);
      entry.set("copy", e.copy ? mustache::data::type::bool_true : mustache::data::type::bool_false);
      entry.set("excerpt", excerpt(e.text));
      entry.set("expected", expected(n));
      entry.set("link", base + "/recommendations/" + n.evaluation + "/" + std::to_string(n.number));
      entries.push_back(entry);
    }
    mustache::data group;
    group.set("due", due.iso());
    group.set("entries", entries);
    groups.push_back(group);
  }
  const std::size_t count = digest.entries.size() + digest.undelivered.size();
  DigestMessage out;
  out.subject = std::string(escalation ? "Escalation: " : "") + "follow-up of recommendations, " + day.iso() +
                " (" + std::to_string(count) + (count == 1 ? " item)" : " items)");
  mustache::data undelivered{mustache::data::type::list};
  for (const auto& u : digest.undelivered) {
    mustache::data item;
    item.set("recipient", u.recipient);
    item.set("day", u.day);
    item.set("error", u.error);
    undelivered.push_back(item);
  }
  mustache::data data;
  data.set("name", digest.to.name.empty() ? digest.to.email : digest.to.name);
  data.set("subject", out.subject);
  data.set("intro", "On " + day.iso() + ", " + std::to_string(count) +
                        (count == 1 ? " follow-up item needs" : " follow-up items need") +
                        " your attention. Each links to its page, where you can respond, report "
                        "progress or ask for more time.");
  data.set("groups", groups);
  data.set("has_undelivered",
           digest.undelivered.empty() ? mustache::data::type::bool_false : mustache::data::type::bool_true);
  data.set("undelivered", undelivered);
  out.text = rendered(k_text_template, data, false);
  out.html = rendered(k_html_template, data, true);
  return out;
}

}  // namespace followup::render
