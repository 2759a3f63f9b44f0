#include "indexer/import_resolver.h"

#include <gtest/gtest.h>

namespace stc::indexer {
namespace {

using Paths = std::vector<std::string>;
using syntax::Import;

Import imp(std::string source, std::string names = "", std::string kind = "import") {
  return Import{std::move(source), std::move(names), 1, std::move(kind)};
}

TEST(ImportResolverTest, NormalizesPaths) {
  EXPECT_EQ(normalize_path("a/./b/../c.ts"), "a/c.ts");
  EXPECT_EQ(normalize_path("../x"), "");
  EXPECT_EQ(dirname("a/b/c.py"), "a/b");
  EXPECT_EQ(dirname("c.py"), "");
}

TEST(ImportResolverTest, PythonAbsoluteRelativeAndSrcLayout) {
  const ImportResolver r(Paths{"src/pkg/__init__.py", "src/pkg/net/__init__.py",
                               "src/pkg/net/client.py", "src/pkg/config.py", "tests/test_x.py"});
  EXPECT_EQ(r.resolve("tests/test_x.py", "python", {imp("pkg.net.client", "Client")}),
            Paths{"src/pkg/net/client.py"});
  EXPECT_EQ(r.resolve("tests/test_x.py", "python", {imp("pkg.net", "client")}),
            Paths{"src/pkg/net/client.py"});
  EXPECT_EQ(r.resolve("src/pkg/net/client.py", "python", {imp("..config", "Config")}),
            Paths{"src/pkg/config.py"});
  EXPECT_EQ(r.resolve("src/pkg/config.py", "python", {imp(".", "net")}),
            Paths{"src/pkg/net/__init__.py"});
  EXPECT_TRUE(r.resolve("src/pkg/config.py", "python", {imp("os.path")}).empty());
}

TEST(ImportResolverTest, JavaScriptRelativeWithExtensionsAndIndex) {
  const ImportResolver r(
      Paths{"web/src/api.ts", "web/src/components/index.tsx", "web/src/util.js", "src/lib/x.ts"});
  EXPECT_EQ(r.resolve("web/src/main.ts", "typescript",
                      {imp("./api"), imp("./components"), imp("./util.js"), imp("react")}),
            (Paths{"web/src/api.ts", "web/src/components/index.tsx", "web/src/util.js"}));
  EXPECT_EQ(r.resolve("web/src/components/a.tsx", "tsx", {imp("../api.js")}),
            Paths{"web/src/api.ts"});
  EXPECT_EQ(r.resolve("src/a.ts", "typescript", {imp("@/lib/x")}), Paths{"src/lib/x.ts"});
}

TEST(ImportResolverTest, GoPackagesBySuffix) {
  const ImportResolver r(
      Paths{"storage/disk.go", "storage/mem.go", "storage/disk_test.go", "cmd/q/main.go"});
  EXPECT_EQ(r.resolve("cmd/q/main.go", "go", {imp("example.com/q/storage"), imp("fmt")}),
            (Paths{"storage/disk.go", "storage/mem.go"}));
}

TEST(ImportResolverTest, CIncludesRelativeThenBySuffix) {
  const ImportResolver r(Paths{"lib/util.h", "lib/util.c", "include/proj/api.h", "src/main.c"});
  EXPECT_EQ(r.resolve("lib/util.c", "c", {imp("util.h"), imp("stdio.h")}), Paths{"lib/util.h"});
  EXPECT_EQ(r.resolve("src/main.c", "c", {imp("proj/api.h")}), Paths{"include/proj/api.h"});
}

TEST(ImportResolverTest, RustModAndCratePaths) {
  const ImportResolver r(
      Paths{"Cargo.toml", "src/lib.rs", "src/net/mod.rs", "src/net/client.rs", "src/config.rs"});
  EXPECT_EQ(r.resolve("src/lib.rs", "rust", {imp("net", "", "mod"), imp("config", "", "mod")}),
            (Paths{"src/config.rs", "src/net/mod.rs"}));
  EXPECT_EQ(r.resolve("src/net/mod.rs", "rust", {imp("client", "", "mod")}),
            Paths{"src/net/client.rs"});
  EXPECT_EQ(r.resolve("src/net/client.rs", "rust",
                      {imp("crate::config::Config"), imp("super::Thing"), imp("std::io")}),
            (Paths{"src/config.rs", "src/net/mod.rs"}));
  EXPECT_EQ(r.resolve("src/lib.rs", "rust", {imp("crate::net::{client, Thing}")}),
            (Paths{"src/net/client.rs", "src/net/mod.rs"}));
  EXPECT_EQ(r.resolve("src/lib.rs", "rust", {imp("crate::net", "client,Thing")}),
            (Paths{"src/net/client.rs", "src/net/mod.rs"}));
}

TEST(ImportResolverTest, JavaAndRuby) {
  const ImportResolver r(Paths{"src/main/java/com/acme/Store.java",
                               "src/main/java/com/acme/App.java", "lib/acme/store.rb",
                               "lib/acme.rb"});
  EXPECT_EQ(r.resolve("src/main/java/com/acme/App.java", "java",
                      {imp("com.acme.Store"), imp("java.util.List")}),
            Paths{"src/main/java/com/acme/Store.java"});
  EXPECT_EQ(r.resolve("lib/acme.rb", "ruby", {imp("acme/store")}), Paths{"lib/acme/store.rb"});
}

}  // namespace
}  // namespace stc::indexer
