#include "render/chart.h"

#include <cairo.h>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <utility>

namespace followup::render {
namespace {

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Charts, StackedBarsHaveARectPerNonZeroValueAndTheRowTotal) {
  BarChart chart{"overdue",
                 "Overdue <by> unit",
                 "Responses overdue",
                 {"MMS", "MRF-BA"},
                 {{"1-30 days", {2, 0}}, {"31-90 days", {1, 3}}},
                 "",
                 0};
  const std::string out = svg(chart);
  EXPECT_TRUE(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""));
  EXPECT_NE(out.find("aria-labelledby=\"overdue-title overdue-desc\""), std::string::npos);
  EXPECT_NE(out.find("<title id=\"overdue-title\">Overdue &lt;by&gt; unit</title>"), std::string::npos);
  // Legend squares (2) and bars (3: MMS 2 and 1, MRF-BA 3; the 0 draws none).
  EXPECT_EQ(count_of(out, "<rect "), 5);
  EXPECT_NE(out.find("<title>MMS, 1-30 days: 2</title>"), std::string::npos);
  EXPECT_NE(out.find("<title>MRF-BA, 31-90 days: 3</title>"), std::string::npos);
  // The largest row (MMS 3, MRF-BA 3) fills the width: 420 pixels after the labels.
  EXPECT_NE(out.find("x=\"140\" y=\"54\" width=\"420\""), std::string::npos) << out;
}

TEST(Charts, RatesCarryTheirSuffixAndAFixedScale) {
  BarChart chart{"rates", "Implementation", "d", {"2001"}, {{"rate", {50}}}, "%", 100};
  const std::string out = svg(chart);
  EXPECT_NE(out.find("width=\"210\""), std::string::npos) << out;
  EXPECT_NE(out.find("<title>2001, rate: 50%</title>"), std::string::npos);
  EXPECT_EQ(count_of(out, "<rect "), 1);  // one series: no legend
}

TEST(Charts, NoRowsSaySo) {
  EXPECT_NE(svg(BarChart{"x", "t", "d", {}, {}, "", 0}).find(">Nothing to show</text>"), std::string::npos);
}

BarChart two_units() {
  return BarChart{"overdue",
                  "Overdue by unit",
                  "d",
                  {"MMS", "MRF-BA"},
                  {{"1-30 days", {2, 0}}, {"31-90 days", {1, 3}}},
                  "",
                  0};
}

// A pixel of an ARGB32 image as 0xRRGGBB (opaque: premultiplying changes nothing).
unsigned pixel(cairo_surface_t* image, int x, int y) {
  const unsigned char* row = cairo_image_surface_get_data(image) +
                             (static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(image));
  std::uint32_t argb = 0;
  std::memcpy(&argb, row + (static_cast<std::ptrdiff_t>(x) * 4), 4);
  return argb & 0xFFFFFFU;
}

TEST(Charts, NaturalSizeIsTheSvgsWithAnAxisUnderTheBars) {
  const ChartSize size = natural_size(two_units());
  EXPECT_EQ(size.width, 630);
  EXPECT_EQ(size.height, 24 + (2 * 26) + 8 + 22);
  EXPECT_EQ(natural_size(BarChart{"x", "t", "d", {}, {}, "", 0}).height, 26 + 8);
}

TEST(Charts, CairoDrawsTheStackedBarsWhereTheSvgHasThem) {
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 630, 106);
  cairo_t* cr = cairo_create(image);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  draw_bar_chart(cr, two_units(), 0, 0, 630, 106);
  EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_flush(image);
  // MMS: 2 of 3 in the first colour from x 140 to 420, then 1 in the second to 560; rows at y 28 and 54.
  EXPECT_EQ(pixel(image, 150, 38), 0x0072B2U);
  EXPECT_EQ(pixel(image, 410, 38), 0x0072B2U);
  EXPECT_EQ(pixel(image, 430, 38), 0xE69F00U);
  EXPECT_EQ(pixel(image, 550, 38), 0xE69F00U);
  EXPECT_EQ(pixel(image, 600, 30), 0xFFFFFFU);
  // MRF-BA: 3 in the second colour over the whole width.
  EXPECT_EQ(pixel(image, 150, 64), 0xE69F00U);
  // The legend's first square.
  EXPECT_EQ(pixel(image, 146, 12), 0x0072B2U);
  // Some ink in the labels' column (the category names).
  bool ink = false;
  for (int x = 60; x < 132; ++x)
    for (int y = 30; y < 48; ++y) ink = ink || pixel(image, x, y) != 0xFFFFFFU;
  EXPECT_TRUE(ink);
  cairo_surface_destroy(image);
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < 4; ++i) n = (n << 8U) | static_cast<unsigned char>(bytes[at + i]);
  return n;
}

TEST(Charts, PngHasItsSignatureAndSize) {
  const auto png = bar_chart_png(two_units(), 945, 159);
  ASSERT_TRUE(png) << png.error().message;
  ASSERT_GT(png->size(), 1000U);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png->substr(12, 4), "IHDR");
  EXPECT_EQ(big_endian(*png, 16), 945U);
  EXPECT_EQ(big_endian(*png, 20), 159U);
  EXPECT_EQ(*bar_chart_png(two_units(), 945, 159), *png);
}

TEST(Charts, PngRefusesSizesOutOfRange) {
  for (const auto& [w, h] : {std::pair{0, 10}, std::pair{10, -1}, std::pair{10001, 10}}) {
    const auto png = bar_chart_png(two_units(), w, h);
    ASSERT_FALSE(png);
    EXPECT_EQ(png.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(png.error().message, "a chart's image is 1 to 10000 pixels a side, not " + std::to_string(w) +
                                       " by " + std::to_string(h));
  }
}

}  // namespace
}  // namespace followup::render
