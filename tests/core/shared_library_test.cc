#include "core/shared_library.h"

#include <gtest/gtest.h>

#include <cstring>

namespace stc {
namespace {

TEST(SharedLibraryTest, BindsTheFunctionsOfALibraryThatIsThere) {
  SharedLibrary libc("libc.so.6", "it is always there");
  decltype(&::strlen) length = nullptr;
  libc.bind(length, "strlen");
  ASSERT_TRUE(libc.error().empty()) << libc.error();
  ASSERT_NE(length, nullptr);
  EXPECT_EQ(length("sleep"), 5u);
}

TEST(SharedLibraryTest, AMissingLibraryOrSymbolIsOneErrorWithTheHint) {
  SharedLibrary none("libstc-does-not-exist.so.9", "Debian: apt install nothing");
  decltype(&::strlen) length = &::strlen;
  none.bind(length, "strlen");
  EXPECT_EQ(length, nullptr);
  EXPECT_NE(none.error().find("cannot load libstc-does-not-exist.so.9"), std::string::npos);
  EXPECT_NE(none.error().find("apt install nothing"), std::string::npos);

  SharedLibrary libc("libc.so.6", "");
  decltype(&::strlen) missing = nullptr;
  libc.bind(missing, "stc_no_such_function");
  libc.bind(missing, "stc_nor_this_one");
  EXPECT_EQ(missing, nullptr);
  EXPECT_EQ(libc.error(), "libc.so.6 has no stc_no_such_function");
}

}  // namespace
}  // namespace stc
