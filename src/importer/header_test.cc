#include "importer/header.h"

#include <gtest/gtest.h>

#include "importer/lines.h"

namespace followup::importer::detail {
namespace {

struct HeaderOut {
  MemoHeader header;
  std::string body_first;  // first line of the body
  std::vector<Warning> warnings;
};

HeaderOut read(std::string_view text) {
  const auto lines = split_lines(text);
  HeaderOut out;
  auto h = parse_header(lines, lines.size(), "memo.txt", k_default_max_field_bytes, out.warnings);
  EXPECT_TRUE(h.ok()) << h.error().describe();
  if (!h) return out;
  out.header = h->header;
  if (h->body_start < lines.size()) out.body_first = std::string(lines[h->body_start].text);
  return out;
}

TEST(Header, FieldNamesInThreeLanguages) {
  struct Case {
    const char* line;
    FieldKind kind;
    const char* value;
  };
  const Case cases[] = {
      {"To: Director, MMS", FieldKind::to, "Director, MMS"},
      {"TO:\tDirector, MMS", FieldKind::to, "Director, MMS"},
      {"Para: Jefe de la MRF San José", FieldKind::to, "Jefe de la MRF San José"},
      {"À : Directeur, MMS", FieldKind::to, "Directeur, MMS"},
      {"A: Director, MMS", FieldKind::to, "Director, MMS"},
      {"**To:** Director, MMS", FieldKind::to, "Director, MMS"},
      {"**To**: Director, MMS", FieldKind::to, "Director, MMS"},
      {"From: The Director General", FieldKind::from, "The Director General"},
      {"De : Le Directeur général", FieldKind::from, "Le Directeur général"},
      {"Cc: PGM DGO", FieldKind::cc, "PGM DGO"},
      {"CC: PGM", FieldKind::cc, "PGM"},
      {"Copie : PGM", FieldKind::cc, "PGM"},
      {"Copia: PGM", FieldKind::cc, "PGM"},
      {"Copy to: Head of Budget", FieldKind::cc, "Head of Budget"},
      {"Con copia a: Asesor Jurídico", FieldKind::cc, "Asesor Jurídico"},
      {"Date: 16 July 2001", FieldKind::date, "16 July 2001"},
      {"Fecha: 3 de marzo de 2003", FieldKind::date, "3 de marzo de 2003"},
      {"Subject: Evaluation", FieldKind::subject, "Evaluation"},
      {"Asunto: Evaluación", FieldKind::subject, "Evaluación"},
      {"Objet : Évaluation", FieldKind::subject, "Évaluation"},
      {"Objeto: Evaluación", FieldKind::subject, "Evaluación"},
      {"Ref: OIG/2001/12", FieldKind::other, "OIG/2001/12"},
      {"- **To:** Director, MMS", FieldKind::to, "Director, MMS"},
      {"## Subject: Evaluation", FieldKind::subject, "Evaluation"},
      {"Copie à : PGM", FieldKind::cc, "PGM"},
      {"Destinataires : Directeur, MMS", FieldKind::to, "Directeur, MMS"},
  };
  for (const auto& c : cases) {
    const auto f = match_field(c.line);
    ASSERT_TRUE(f) << c.line;
    EXPECT_EQ(f->kind, c.kind) << c.line;
    EXPECT_EQ(f->value, c.value) << c.line;
  }
  for (const char* not_field : {"Meeting at 10:30", "RECOMMENDATIONS\tResponsibility\tdue by:",
                                "It is important to note the following: a", "the note: x"})
    EXPECT_FALSE(match_field(not_field)) << not_field;
}

TEST(Header, ContinuationsAcrossBlankLines) {
  const auto h = read(
      "MEMORANDUM\n\nTo: Head of MRF Buenos Aires\n\nDirector, MMS\nDirector, MPRP\n\nFrom: The Director "
      "General\n\n"
      "Cc: The Deputy Director General\n\nPGM DGO\n\nDate: 16 July 2001\n\n"
      "Subject: Evaluation of the 'Programa Latinoamericano de Cooperacion\n\ntecnica en Migraciones' "
      "(PLACMI 2)\n\n"
      "Attached you will find the completed evaluation.\n");
  EXPECT_EQ(h.header.to,
            (std::vector<std::string>{"Head of MRF Buenos Aires", "Director, MMS", "Director, MPRP"}));
  EXPECT_EQ(h.header.cc, (std::vector<std::string>{"The Deputy Director General", "PGM DGO"}));
  EXPECT_EQ(h.header.from, "The Director General");
  EXPECT_EQ(h.header.subject,
            "Evaluation of the 'Programa Latinoamericano de Cooperacion tecnica en Migraciones' (PLACMI 2)");
  EXPECT_EQ(h.header.date->iso(), "2001-07-16");
  EXPECT_EQ(h.body_first, "Attached you will find the completed evaluation.");
}

TEST(Header, TellsTheBodyFromAContinuation) {
  struct Case {
    const char* name;
    const char* text;
    const char* subject;
    const char* body_first;
  };
  const Case cases[] = {
      {"wrapped without blank",
       "Subject: Evaluation of the Return\nand Reintegration Pilot (RRP)\n\nThe body.",
       "Evaluation of the Return and Reintegration Pilot (RRP)", "The body."},
      {"wrapped, capital", "Subject: Evaluation of the\nReturn Pilot (RRP)\n\nThe body.",
       "Evaluation of the Return Pilot (RRP)", "The body."},
      {"open bracket", "Subject: Evaluation of the Pilot (Return\n\nReintegration)\n\nThe body.",
       "Evaluation of the Pilot (Return Reintegration)", "The body."},
      {"ends with connector", "Subject: Evaluation of\n\nThe Return Pilot\n\nThe body.",
       "Evaluation of The Return Pilot", "The body."},
      {"complete subject", "Subject: Evaluation of the Pilot (RRP)\n\nPlease find attached the evaluation.",
       "Evaluation of the Pilot (RRP)", "Please find attached the evaluation."},
      {"body right below", "Subject: Evaluation of the Pilot (RRP)\nAttached is the evaluation.\n",
       "Evaluation of the Pilot (RRP)", "Attached is the evaluation."},
      {"acronym after a blank line",
       "Subject: Evaluation of the Programme for Migrant Workers\n\nCentral America Component (PMWCA)\n\nThe "
       "body.",
       "Evaluation of the Programme for Migrant Workers Central America Component (PMWCA)", "The body."},
      {"a second acronym is the body",
       "Subject: Evaluation of the Pilot (RRP)\n\nSee the annex (ANX)\n\nThe body.",
       "Evaluation of the Pilot (RRP)", "See the annex (ANX)"},
      {"short body line", "Subject: Evaluation of the Pilot (RRP)\n\nDear colleagues,\n",
       "Evaluation of the Pilot (RRP)", "Dear colleagues,"},
  };
  for (const auto& c : cases) {
    const auto h = read(c.text);
    EXPECT_EQ(h.header.subject, c.subject) << c.name;
    EXPECT_EQ(h.body_first, c.body_first) << c.name;
  }
}

TEST(Header, TabAfterTheFieldName) {
  const auto h = read("TO:\tDirector, MMS\n\tDirector, MPRP\nFROM:\tThe Director General\n\nBody.\n");
  EXPECT_EQ(h.header.to, (std::vector<std::string>{"Director, MMS", "Director, MPRP"}));
  EXPECT_EQ(h.header.from, "The Director General");
}

TEST(Header, AddresseesSplitOnSemicolonsNotCommas) {
  const auto h = read(
      "To: Director, MMS; Head of MRF Dakar\n- Director, Finance and Administration\n\nBody text that "
      "is long enough to be prose, and it goes on for a while longer.\n");
  EXPECT_EQ(h.header.to, (std::vector<std::string>{"Director, MMS", "Head of MRF Dakar",
                                                   "Director, Finance and Administration"}));
  EXPECT_EQ(h.body_first.substr(0, 9), "Body text");
}

TEST(Header, ListStopsAtProse) {
  const auto h = read(
      "Cc: PGM\n\nAttached you will find the completed evaluation of the\nprogramme, which I have now "
      "cleared.\n");
  EXPECT_EQ(h.header.cc, (std::vector<std::string>{"PGM"}));
  EXPECT_EQ(h.body_first, "Attached you will find the completed evaluation of the");
}

TEST(Header, HeadingAfterTheLastListIsTheBody) {
  const auto h = read("To: Director, MMS\nCc: PGM\n\nProposal for follow-up on Recommendations\n");
  EXPECT_EQ(h.header.cc, (std::vector<std::string>{"PGM"}));
  EXPECT_EQ(h.body_first, "Proposal for follow-up on Recommendations");
  const auto md = read("**To:** Director, MMS\n**Cc:** PGM\n\n## Proposal\n");
  EXPECT_EQ(md.header.cc, (std::vector<std::string>{"PGM"}));
  EXPECT_EQ(md.body_first, "## Proposal");
}

TEST(Header, FixedWidthTableHeaderEndsTheHeader) {
  const auto h = read("Subject: Review of the Fund\nRECOMMENDATIONS      Responsibility    Due by\n");
  EXPECT_EQ(h.header.subject, "Review of the Fund");
  EXPECT_EQ(h.body_first, "RECOMMENDATIONS      Responsibility    Due by");
}

TEST(Header, ImpossibleMemoDateIsAnError) {
  const auto lines = split_lines("To: Director, MMS\nDate: 31 September 2002\n");
  std::vector<Warning> warnings;
  const auto h = parse_header(lines, lines.size(), "memo.txt", k_default_max_field_bytes, warnings);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().describe(), "memo.txt:2: impossible date '31 September 2002' in the memo's Date field");
}

TEST(Header, PlaceBeforeTheMemoDate) {
  for (const char* date :
       {"Geneva, 16 July 2001", "Ginebra, 16 de julio de 2001", "Genève, le 16 juillet 2001"}) {
    const auto h = read(std::string("To: Director, MMS\nDate: ") + date + "\n");
    ASSERT_TRUE(h.header.date) << date;
    EXPECT_EQ(h.header.date->iso(), "2001-07-16") << date;
  }
  const auto lines = split_lines("Date: Geneva, 31 September 2001\n");
  std::vector<Warning> warnings;
  EXPECT_FALSE(parse_header(lines, lines.size(), "memo.txt", k_default_max_field_bytes, warnings).ok());
}

TEST(Header, UnreadableMemoDateIsAWarning) {
  const auto h = read("To: Director, MMS\nDate: mid-July\n");
  EXPECT_FALSE(h.header.date);
  ASSERT_EQ(h.warnings.size(), 1u);
  EXPECT_EQ(h.warnings[0].line, 2);
  EXPECT_EQ(h.warnings[0].message,
            "the memo's date 'mid-July' is not a date the importer can read; the date is left empty");
}

TEST(Header, UnbalancedMarks) {
  EXPECT_TRUE(has_unbalanced_marks("the 'Programa"));
  EXPECT_FALSE(has_unbalanced_marks("IOM's programme"));
  EXPECT_FALSE(has_unbalanced_marks("the Seafarers' Orientation (SPDO)"));
  EXPECT_FALSE(has_unbalanced_marks("the 'Programa' (PLACMI)"));
  EXPECT_TRUE(has_unbalanced_marks("the Seafarers' 'Orientation"));
  EXPECT_TRUE(has_unbalanced_marks("Pilot (Return"));
  EXPECT_FALSE(has_unbalanced_marks("Pilot (RRP)"));
  EXPECT_TRUE(has_unbalanced_marks("the \xE2\x80\x9CProgramme"));
  EXPECT_TRUE(has_unbalanced_marks("the \xE2\x80\x98Programa"));
  EXPECT_FALSE(has_unbalanced_marks("the \xE2\x80\x98Programa\xE2\x80\x99 of IOM\xE2\x80\x99s"));
}

}  // namespace
}  // namespace followup::importer::detail
