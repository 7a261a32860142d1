#include "http/answer_cache.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

TEST(AnswerCache, GivesWhatWasKeptUnderTheSameKeyOnly) {
  AnswerCache cache(1000);
  EXPECT_EQ(cache.find("a"), std::nullopt);
  cache.put("a", "answer a");
  cache.put("b", "answer b");
  EXPECT_EQ(cache.find("a"), "answer a");
  EXPECT_EQ(cache.find("b"), "answer b");
  EXPECT_EQ(cache.find("c"), std::nullopt);
  cache.put("a", "new a");  // replaced, counted once
  EXPECT_EQ(cache.find("a"), "new a");
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_EQ(cache.bytes(), std::string("a"
                                       "new a"
                                       "b"
                                       "answer b")
                               .size());
}

TEST(AnswerCache, DropsTheLeastRecentlyUsedToStayWithinItsBytes) {
  AnswerCache cache(800);  // an answer of at most 100 bytes with its key
  const std::string answer(90, 'x');
  for (const char* key : {"k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"}) cache.put(key, answer);
  EXPECT_EQ(cache.size(), 8U);    // 8 x 92 bytes
  ASSERT_TRUE(cache.find("k1"));  // now the most recently used
  cache.put("k9", answer);        // k2 goes
  EXPECT_EQ(cache.size(), 8U);
  EXPECT_LE(cache.bytes(), 800U);
  EXPECT_EQ(cache.find("k2"), std::nullopt);
  EXPECT_TRUE(cache.find("k1"));
  EXPECT_TRUE(cache.find("k3"));
  EXPECT_TRUE(cache.find("k9"));
}

TEST(AnswerCache, DoesNotKeepAnAnswerLargerThanAnEighthOfIt) {
  AnswerCache cache(800);
  cache.put("big", std::string(98, 'x'));  // 101 bytes with its key
  EXPECT_EQ(cache.find("big"), std::nullopt);
  EXPECT_EQ(cache.bytes(), 0U);
  cache.put("fits", std::string(96, 'x'));  // 100
  EXPECT_TRUE(cache.find("fits"));
}

}  // namespace
}  // namespace followup::http
