#include "importer/docx.h"

#include <gtest/gtest.h>

#include "importer/memo_parser.h"
#include "importer/test_zip.h"

namespace followup::importer::detail {
namespace {

using testing::zip_with;

std::string paragraph(const std::string& text) { return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>"; }

std::string cell(const std::string& paragraphs) { return "<w:tc><w:tcPr/>" + paragraphs + "</w:tc>"; }

const std::string k_document =
    "<?xml version=\"1.0\"?><w:document><w:body>" + paragraph("To:<w:tab/>Director, MMS") +
    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>Subject: Evaluation "
    "of "
    "the Return &amp; Reintegration Pilot (RRP)</w:t></w:r></w:p>" +
    paragraph("") + "<w:tbl><w:tr>" + cell(paragraph("No.")) + cell(paragraph("Recommendation")) +
    cell(paragraph("Responsibility")) + cell(paragraph("Due by")) + "</w:tr><w:tr>" + cell(paragraph("1")) +
    cell(paragraph("Write the plan:") + paragraph("a) staff;") +
         paragraph("b) budget &lt;&#233;t&#xE9;&gt;.")) +
    cell(paragraph("MMS")) + cell(paragraph("31 August 2001")) + "</w:tr></w:tbl>" + paragraph("Thank you.") +
    "</w:body></w:document>";

TEST(Docx, ReadsParagraphsAndTables) {
  const auto zip = zip_with("word/document.xml", k_document);
  ASSERT_TRUE(looks_like_zip(zip));
  const auto markdown = docx_to_markdown(zip);
  ASSERT_TRUE(markdown.ok()) << markdown.error().describe();
  EXPECT_EQ(
      *markdown,
      "To:\tDirector, MMS\nSubject: Evaluation of the Return & Reintegration Pilot (RRP)\n\n"
      "| No. | Recommendation | Responsibility | Due by |\n|---|---|---|---|\n"
      "| 1 | Write the plan:<br>a) staff;<br>b) budget <\xC3\xA9t\xC3\xA9>. | MMS | 31 August 2001 |\n\n"
      "Thank you.\n");
  ParseOptions options;
  options.file_name = "memo.docx";
  const auto memo = parse_memo(zip, options);
  ASSERT_TRUE(memo.ok()) << memo.error().describe();
  EXPECT_EQ(memo->code, "RRP");
  ASSERT_EQ(memo->recommendations.size(), 1u);
  EXPECT_EQ(memo->recommendations[0].text, "Write the plan:\na) staff;\nb) budget <\xC3\xA9t\xC3\xA9>.");
  EXPECT_EQ(memo->recommendations[0].due.iso(), "2001-08-31");
}

TEST(Docx, DamagedOrForeignArchivesAreErrors) {
  ParseOptions options;
  options.file_name = "memo.docx";
  const auto other = parse_memo(zip_with("content.xml", k_document), options);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("not a Word document"), std::string::npos) << other.error().describe();
  auto zip = zip_with("word/document.xml", k_document);
  for (std::size_t cut : {zip.size() - 1, zip.size() / 2, std::size_t{10}}) {
    const auto damaged = parse_memo(zip.substr(0, cut), options);
    EXPECT_FALSE(damaged.ok()) << cut;
  }
  zip[zip.find("PK\x01\x02") + 10] = 9;  // an unknown compression method
  EXPECT_FALSE(parse_memo(zip, options).ok());
  const auto not_xml = parse_memo(zip_with("word/document.xml", "<w:document><w:body><w:p>"), options);
  ASSERT_FALSE(not_xml.ok());
  EXPECT_EQ(not_xml.error().describe(),
            "memo.docx: the Word document is damaged (its text is not well-formed XML)");
}

// Word's numbered paragraphs read as their numbers show: each list's own
// count and formats (numbering.xml), a start overridden, levels below
// counted again under each item (with the level above in its own
// format: "(IV.a)"), a bullet as "-", a paragraph numbered
// by its style (styles.xml) and one whose numId 0 turns its style's off.
TEST(Docx, NumberedParagraphsReadAsTheyAreShown) {
  auto numbered = [](const std::string& text, int num, int level) {
    return "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" + std::to_string(level) + "\"/><w:numId w:val=\"" +
           std::to_string(num) + "\"/></w:numPr></w:pPr><w:r><w:t>" + text + "</w:t></w:r></w:p>";
  };
  auto styled = [](const std::string& text, const std::string& style, const std::string& more = "") {
    return "<w:p><w:pPr><w:pStyle w:val=\"" + style + "\"/>" + more + "</w:pPr><w:r><w:t>" + text +
           "</w:t></w:r></w:p>";
  };
  const std::string document = "<w:document><w:body>" + numbered("Intro", 1, 0) + numbered("One", 2, 0) +
                               numbered("sub", 2, 1) + numbered("sub", 2, 1) + numbered("Two", 2, 0) +
                               numbered("sub", 2, 1) + numbered("dot", 2, 2) + numbered("Again", 1, 0) +
                               styled("Styled", "ListNumber") + styled("Styled", "ListNumber") +
                               styled("Plain", "ListNumber", "<w:numPr><w:numId w:val=\"0\"/></w:numPr>") +
                               paragraph("Text") + "</w:body></w:document>";
  const std::string levels =
      "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText "
      "w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt "
      "w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%1.%2)\"/></w:lvl><w:lvl w:ilvl=\"2\"><w:numFmt "
      "w:val=\"bullet\"/><w:lvlText w:val=\"o\"/></w:lvl>";
  const std::string numbering =
      "<w:numbering><w:abstractNum w:abstractNumId=\"7\">" + levels +
      "</w:abstractNum><w:abstractNum w:abstractNumId=\"8\"><w:lvl w:ilvl=\"0\"><w:numFmt "
      "w:val=\"decimal\"/><w:lvlText w:val=\"%1)\"/></w:lvl></w:abstractNum><w:num "
      "w:numId=\"1\"><w:abstractNumId "
      "w:val=\"8\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"7\"/><w:lvlOverride "
      "w:ilvl=\"0\"><w:startOverride w:val=\"4\"/></w:lvlOverride></w:num><w:num "
      "w:numId=\"3\"><w:abstractNumId "
      "w:val=\"8\"/></w:num></w:numbering>";
  const std::string styles =
      "<w:styles><w:style w:styleId=\"ListNumber\"><w:pPr><w:numPr><w:numId "
      "w:val=\"3\"/></w:numPr></w:pPr></w:style></w:styles>";
  const auto markdown = docx_to_markdown(testing::zip_of(
      {{"word/document.xml", document}, {"word/numbering.xml", numbering}, {"word/styles.xml", styles}}));
  ASSERT_TRUE(markdown.ok()) << markdown.error().describe();
  EXPECT_EQ(*markdown,
            "1) Intro\nIV. One\n(IV.a) sub\n(IV.b) sub\nV. Two\n(V.a) sub\n- dot\n2) Again\n1) Styled\n2) "
            "Styled\nPlain\nText\n");
}

// Numbers made by fields (SEQ, LISTNUM, AUTONUM...) read as Word shows
// them: a field's result, the text Word keeps after its code, whether the
// field is simple (<w:fldSimple>) or complex (<w:fldChar> begin, the code
// in <w:instrText>, separate, the result, end); the code itself is no
// text, nor is text deleted with changes tracked (<w:delText>).
TEST(Docx, NumbersMadeByFieldsReadAsTheirResults) {
  auto simple = [](const std::string& result) {
    return "<w:fldSimple w:instr=\" SEQ Recommendation \\* ARABIC \"><w:r><w:t>" + result +
           "</w:t></w:r></w:fldSimple>";
  };
  auto complex = [](const std::string& result) {
    return "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> SEQ "
           "Recommendation \\* ARABIC </w:instrText></w:r><w:r><w:fldChar "
           "w:fldCharType=\"separate\"/></w:r><w:r><w:t>" +
           result + "</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
  };
  auto labelled = [](const std::string& field, const std::string& text, const std::string& after = "") {
    return "<w:p><w:r><w:t xml:space=\"preserve\">Recommendation </w:t></w:r>" + field +
           "<w:r><w:t xml:space=\"preserve\">: " + text + "</w:t></w:r>" + after + "</w:p>";
  };
  const std::string document =
      "<w:document><w:body>" + paragraph("Subject: Evaluation of the Cash Transfers (CTR)") + paragraph("") +
      labelled(simple("1"), "Publish the targeting criteria.") + paragraph("Responsible: MMS") +
      paragraph("Deadline: 31 March 2026") + paragraph("") +
      labelled(complex("2"), "Review the payment agents.",
               "<w:del><w:r><w:delText xml:space=\"preserve\"> Every year.</w:delText></w:r></w:del>") +
      "<w:p><w:r><w:t>Responsible: DRM</w:t></w:r><w:del><w:r><w:delText>, "
      "MMS</w:delText></w:r></w:del></w:p>" +
      paragraph("Deadline: 30 June 2026") + "</w:body></w:document>";
  const auto zip = zip_with("word/document.xml", document);
  const auto markdown = docx_to_markdown(zip);
  ASSERT_TRUE(markdown.ok()) << markdown.error().describe();
  EXPECT_EQ(*markdown,
            "Subject: Evaluation of the Cash Transfers (CTR)\n\nRecommendation 1: Publish the targeting "
            "criteria.\nResponsible: MMS\nDeadline: 31 March 2026\n\nRecommendation 2: Review the payment "
            "agents.\nResponsible: DRM\nDeadline: 30 June 2026\n");
  ParseOptions options;
  options.file_name = "memo.docx";
  const auto memo = parse_memo(zip, options);
  ASSERT_TRUE(memo.ok()) << memo.error().describe();
  EXPECT_EQ(memo->code, "CTR");
  ASSERT_EQ(memo->recommendations.size(), 2u);
  EXPECT_EQ(memo->recommendations[0].number, 1);
  EXPECT_EQ(memo->recommendations[0].text, "Publish the targeting criteria.");
  EXPECT_EQ(memo->recommendations[0].due.iso(), "2026-03-31");
  EXPECT_EQ(memo->recommendations[1].number, 2);
  EXPECT_EQ(memo->recommendations[1].text, "Review the payment agents.");
  EXPECT_EQ(memo->recommendations[1].due.iso(), "2026-06-30");
  EXPECT_EQ(memo->recommendations[1].responsible, std::vector<std::string>{"DRM"});
}

// libxml2 takes time in the square of one element's attributes: an element
// with more than 64 is refused before it is parsed; 64 are read. A quoted
// '=' or '>' is a value's, not the tag's.
TEST(Docx, AnElementWithTooManyAttributesIsRefused) {
  ParseOptions options;
  options.file_name = "memo.docx";
  auto with_attributes = [](int n) {
    std::string run = "<w:r";
    for (int i = 0; i < n; ++i) run += " a" + std::to_string(i) + "=\"=>'\"";
    return k_document.substr(0, k_document.find("<w:r>")) + run + ">" +
           k_document.substr(k_document.find("<w:r>") + 5);
  };
  const auto many = parse_memo(zip_with("word/document.xml", with_attributes(65)), options);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().describe(),
            "memo.docx: the Word document has an element with more than 64 attributes");
  const auto bound = parse_memo(zip_with("word/document.xml", with_attributes(64)), options);
  ASSERT_TRUE(bound.ok()) << bound.error().describe();
  EXPECT_EQ(bound->code, "RRP");
}

}  // namespace
}  // namespace followup::importer::detail
