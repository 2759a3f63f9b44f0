#include "core/text.h"

#include <gtest/gtest.h>

namespace stc {
namespace {

using Words = std::vector<std::string>;

TEST(TextTest, SplitsCamelSnakeAndAcronyms) {
  EXPECT_EQ(split_words("HTTPClient_retryCount"), (Words{"http", "client", "retry", "count"}));
  EXPECT_EQ(split_words("parseJSONResponse"), (Words{"parse", "json", "response"}));
  EXPECT_EQ(split_words("base64_decode"), (Words{"base64", "decode"}));
  EXPECT_EQ(split_words("__init__"), (Words{"init"}));
  EXPECT_TRUE(split_words("").empty());
}

TEST(TextTest, PathTokensSplitDirectoriesAndExtension) {
  EXPECT_EQ(path_tokens("src/netClient/http_retry.py"), "src net client http retry py");
}

TEST(TextTest, SanitizeReplacesInvalidUtf8) {
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9"));
  EXPECT_FALSE(is_valid_utf8("bad\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(sanitize_utf8("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(sanitize_utf8("ok"), "ok");
}

TEST(TextTest, EscapePathIsReversibleAndValidUtf8) {
  // Latin-1 "café.txt": the 0xE9 byte is not UTF-8 on its own.
  const std::string latin1 = "caf\xE9.txt";
  EXPECT_EQ(escape_path(latin1), "caf\\xe9.txt");
  EXPECT_EQ(unescape_path(escape_path(latin1)), latin1);
  EXPECT_EQ(escape_path("src/caf\xC3\xA9.py"), "src/caf\xC3\xA9.py");  // valid UTF-8 kept
  EXPECT_EQ(escape_path("a\\b"), "a\\\\b");                            // a backslash doubled
  for (const std::string& raw : {std::string("a\\xe9"), std::string("\xFF\xFE/\\\\x"),
                                 std::string("d\xC3/\xED\xA0\x80"), std::string("plain/path.go")}) {
    const std::string escaped = escape_path(raw);
    EXPECT_TRUE(is_valid_utf8(escaped)) << escaped;
    EXPECT_EQ(unescape_path(escaped), raw) << escaped;
  }
  EXPECT_EQ(unescape_path("dir\\xZZ\\q"), "dir\\xZZ\\q");  // not an escape: kept
}

TEST(TextTest, TruncateKeepsUtf8SequencesWhole) {
  const std::string s =
      "ab\xC3\xA9"
      "cd";
  EXPECT_EQ(truncate_utf8(s, 3), "ab\xE2\x80\xA6");
  EXPECT_EQ(truncate_utf8(s, 100), s);
}

TEST(TextTest, TruncateWordsCutsAtASpace) {
  const std::string s = "in the plan for \"Add delete endpoint\"";
  EXPECT_EQ(truncate_words(s, 28), "in the plan for \"Add delete\xE2\x80\xA6");
  EXPECT_EQ(truncate_words(s, 100), s);
  // No space in the second half: cut like truncate_utf8.
  EXPECT_EQ(truncate_words("ab cdefghijklmnop", 10), "ab cdefghi\xE2\x80\xA6");
}

TEST(TextTest, SquashAndTrim) {
  EXPECT_EQ(squash_spaces("  def  f(\n   x)  "), "def f( x)");
  EXPECT_EQ(trim("\t x \n"), "x");
}

}  // namespace
}  // namespace stc

TEST(TextTest, StopWordsAreFunctionWordsAndRequestVerbs) {
  EXPECT_TRUE(stc::is_stop_word("the"));
  EXPECT_TRUE(stc::is_stop_word("add"));
  EXPECT_TRUE(stc::is_stop_word("support"));
  EXPECT_FALSE(stc::is_stop_word("cache"));
  EXPECT_FALSE(stc::is_stop_word("get"));
}
