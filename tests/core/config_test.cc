#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace stc {
namespace {

TEST(ConfigTest, DefaultsExcludeVendoredTrees) {
  const Config c = default_config();
  EXPECT_EQ(c.index.max_file_bytes, 1u << 20);
  EXPECT_TRUE(c.index.exclude.matches("web/node_modules/react/index.js"));
  EXPECT_TRUE(c.index.exclude.matches("api/v1/service.pb.go"));
  EXPECT_FALSE(c.index.exclude.matches("src/main.go"));
}

TEST(ConfigTest, AppliesSettingsFromTheTable) {
  Config c = default_config();
  ASSERT_TRUE(apply_setting(c, "index.maxFileSize", "2M", "test"));
  EXPECT_EQ(c.index.max_file_bytes, 2u << 20);
  ASSERT_TRUE(apply_setting(c, "index.exclude", "generated/", "test"));
  EXPECT_TRUE(c.index.exclude.matches("generated/x.py"));
  ASSERT_TRUE(apply_setting(c, "index.gitattributes", "false", "test"));
  EXPECT_FALSE(c.index.use_gitattributes);
}

TEST(ConfigTest, RejectsBadValuesAndUnknownKeysWithOrigin) {
  Config c = default_config();
  auto bad = apply_setting(c, "index.maxFileSize", "huge", ".stc.conf");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
  EXPECT_NE(bad.error().message.find(".stc.conf"), std::string::npos);
  EXPECT_FALSE(apply_setting(c, "index.nope", "1", "x"));
  // Sections of later parts are left to them.
  EXPECT_TRUE(apply_setting(c, "llm.provider", "offline", "x"));
}

TEST(ConfigTest, EnvironmentOverridesAndFingerprintTracksIndexSettings) {
  Config c = default_config();
  const std::string before = index_fingerprint(c);
  setenv("STC_MAX_FILE_SIZE", "4096", 1);
  ASSERT_TRUE(apply_environment(c));
  unsetenv("STC_MAX_FILE_SIZE");
  EXPECT_EQ(c.index.max_file_bytes, 4096u);
  EXPECT_NE(index_fingerprint(c), before);
}

}  // namespace
}  // namespace stc
