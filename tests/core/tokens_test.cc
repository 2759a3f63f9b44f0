#include "core/tokens.h"

#include <gtest/gtest.h>

#include <string>

namespace stc {
namespace {

// Reference counts below are what cl100k-style tokenizers give; the estimate
// must stay within about a third of them.
void expect_near_tokens(std::string_view text, int64_t reference) {
  const int64_t got = estimate_tokens(text);
  EXPECT_GE(got, reference * 2 / 3) << text;
  EXPECT_LE(got, reference * 4 / 3 + 1) << text;
}

TEST(TokensTest, EmptyAndWhitespaceCostNothing) {
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("   \t  "), 0);
}

TEST(TokensTest, EnglishSentence) {
  expect_near_tokens("The quick brown fox jumps over the lazy dog.", 10);
  expect_near_tokens(
      "Sleep-time compute moves the reading of a repository to idle time, so that the "
      "agent starts from a compact representation when the request finally comes.",
      30);
}

TEST(TokensTest, LineOfCode) {
  expect_near_tokens("int64_t estimate_tokens(std::string_view text);", 11);
  expect_near_tokens("    if (retry_after > kMaxWait) return kMaxWait;\n", 13);
}

TEST(TokensTest, IndentationIsNotChargedPerSpace) {
  const std::string code = "def f(x):\n                return x\n";
  EXPECT_LE(estimate_tokens(code), 12);
  // bytes / 4 would say 9 for the padding alone.
  EXPECT_EQ(estimate_tokens("a\n                b"), estimate_tokens("a\nb"));
}

TEST(TokensTest, NumbersSplitIntoGroupsOfThreeDigits) {
  EXPECT_EQ(estimate_tokens("7"), 1);
  EXPECT_EQ(estimate_tokens("1234567"), 3);
}

TEST(TokensTest, PunctuationHeavyTextCostsMoreThanBytesOverFour) {
  const std::string json = R"({"a":[1,2],"b":{"c":null}})";
  EXPECT_GT(estimate_tokens(json), static_cast<int64_t>(json.size() / 4));
  EXPECT_EQ(estimate_tokens("----------------"), 4);
}

TEST(TokensTest, NonAsciiCostsAboutOneTokenPerTwoBytes) {
  const std::string cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";  // three CJK characters, 9 bytes
  EXPECT_EQ(estimate_tokens(cjk), 5);
  EXPECT_EQ(estimate_tokens("caf\xc3\xa9"), 2);
}

TEST(TokensTest, GrowsLinearlyWithText) {
  const std::string line = "return self._client.get(url, timeout=timeout)\n";
  std::string text;
  for (int i = 0; i < 100; ++i) text += line;
  EXPECT_EQ(estimate_tokens(text), 100 * estimate_tokens(line));
}

}  // namespace
}  // namespace stc
