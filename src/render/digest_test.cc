#include "render/digest.h"

#include <gtest/gtest.h>

namespace followup::render {
namespace {

Date day(const char* iso) { return *Date::parse_iso(iso); }

Digest two_items() {
  Digest d;
  d.to = Recipient{"mprp.focal@example.org", "Focal point, MPRP & co"};
  d.entries.push_back(DigestEntry{Notice{NoticeKind::overdue, "PLACMI-2", 2, "MPRP", 0, day("2001-08-31"), 7},
                                  "Improve the flow <of> information.", false});
  d.entries.push_back(DigestEntry{Notice{NoticeKind::before, "CAPFRON", 1, "MPRP", 12, day("2001-09-10"), 3},
                                  std::string(250, 'x'), false});
  return d;
}

TEST(Digest, TextGroupsByDueDateWithExcerptExpectationAndLink) {
  const auto m = render_digest(two_items(), day("2001-09-07"), "https://followup.example.org/");
  EXPECT_EQ(m.subject, "follow-up of recommendations, 2001-09-07 (2 items)");
  EXPECT_EQ(
      m.text,
      "Dear Focal point, MPRP & co,\n"
      "\n"
      "On 2001-09-07, 2 follow-up items need your attention. Each links to its page, where you can "
      "respond, report progress or ask for more time.\n"
      "\n"
      "Due by 2001-08-31\n"
      "\n"
      "- PLACMI-2#2: MPRP's management response is 7 days overdue (due by 2001-08-31).\n"
      "  \"Improve the flow <of> information.\"\n"
      "  Expected: the unit's management response: whether it accepts the recommendation, why, and its "
      "key actions with their dates.\n"
      "  https://followup.example.org/recommendations/PLACMI-2/2\n"
      "\n"
      "Due by 2001-09-10\n"
      "\n"
      "- CAPFRON#1: key action 12 of MPRP is due in 3 days, by 2001-09-10.\n"
      "  \"" +
          std::string(200, 'x') +
          "…\"\n"
          "  Expected: a progress report on the key action, with evidence when it is done.\n"
          "  https://followup.example.org/recommendations/CAPFRON/1\n"
          "\n"
          "-- \n"
          "followup, for the evaluation office: one message a day at most, none when nothing is due.\n");
}

TEST(Digest, HtmlEscapesWhatItQuotes) {
  const auto m = render_digest(two_items(), day("2001-09-07"), "https://followup.example.org");
  EXPECT_NE(m.html.find("<p>Dear Focal point, MPRP &amp; co,</p>"), std::string::npos) << m.html;
  EXPECT_NE(m.html.find("<blockquote>Improve the flow &lt;of&gt; information.</blockquote>"),
            std::string::npos);
  EXPECT_NE(m.html.find("<a href=\"https://followup.example.org/recommendations/PLACMI-2/2\">PLACMI-2#2</a>"),
            std::string::npos);
  EXPECT_EQ(m.html.find("<of>"), std::string::npos);
}

TEST(Digest, AnEscalationSaysSoInTheSubjectAndACopySaysWhoFor) {
  Digest d;
  d.to = Recipient{"director.mprp@example.org", "Director, MPRP"};
  d.entries.push_back(DigestEntry{
      Notice{NoticeKind::escalation, "PLACMI-2", 2, "MPRP", 0, day("2001-08-31"), 30}, "Improve.", true});
  const auto m = render_digest(d, day("2001-09-30"), "http://x");
  EXPECT_EQ(m.subject, "Escalation: follow-up of recommendations, 2001-09-30 (1 item)");
  EXPECT_NE(m.text.find("- PLACMI-2#2: MPRP's management response is 30 days overdue (due by 2001-08-31): "
                        "escalated to the Director General's office. (A copy for the head of MPRP.)\n"),
            std::string::npos)
      << m.text;
}

TEST(Digest, TheOfficeHearsOfRemindersThatCouldNotBeDelivered) {
  Digest d;
  d.to = Recipient{"eva@example.org", "Eva"};
  d.undelivered.push_back(UndeliveredMail{"gone@example.org", "2001-08-31", "550 5.1.1 no such mailbox"});
  const auto m = render_digest(d, day("2001-09-01"), "http://x");
  EXPECT_EQ(m.subject, "follow-up of recommendations, 2001-09-01 (1 item)");
  EXPECT_NE(m.text.find("\nReminders that could not be delivered\n\n- to gone@example.org, the reminders of "
                        "2001-08-31: 550 5.1.1 no such mailbox\n\nCorrect the address in the user's or the "
                        "unit's record.\n"),
            std::string::npos)
      << m.text;
  EXPECT_NE(
      m.html.find("<li>to gone@example.org, the reminders of 2001-08-31: 550 5.1.1 no such mailbox</li>"),
      std::string::npos);
  EXPECT_EQ(render_digest(two_items(), day("2001-09-07"), "http://x").text.find("could not be delivered"),
            std::string::npos);
}

TEST(Digest, NoticeSentences) {
  EXPECT_EQ(notice_sentence(Notice{NoticeKind::due, "E", 1, "MMS", 0, day("2001-08-31"), 0}),
            "MMS's management response is due today, 2001-08-31.");
  EXPECT_EQ(notice_sentence(Notice{NoticeKind::before, "E", 1, "MMS", 4, day("2001-08-31"), 1}),
            "key action 4 of MMS is due in 1 day, by 2001-08-31.");
  EXPECT_EQ(notice_sentence(Notice{NoticeKind::progress, "E", 1, "MMS", 0, day("2001-12-31"), 14}),
            "MMS's progress report for the period ending 2001-12-31 is due in 14 days.");
  EXPECT_EQ(notice_sentence(Notice{NoticeKind::progress, "E", 1, "MMS", 0, day("2001-12-31"), 0}),
            "MMS's progress report for the period ending 2001-12-31 is due today.");
}

}  // namespace
}  // namespace followup::render
