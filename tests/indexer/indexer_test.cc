#include "indexer/indexer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "indexer/workspace.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempRepo;
using store::FileStatus;

class IndexerTest : public ::testing::Test {
 protected:
  IndexReport index(const std::string& rev = "HEAD", IndexMode mode = IndexMode::kIncremental) {
    auto ws = open_workspace(repo.path());
    EXPECT_TRUE(ws) << ws.error().message;
    ws->config = config;
    auto store = open_store(*ws, StoreAccess::kCreate);
    EXPECT_TRUE(store) << store.error().message;
    NullProgress progress;
    IndexOptions options;
    options.rev = rev;
    options.mode = mode;
    auto report = run_index(ws->repo, *store, ws->config, options, progress);
    EXPECT_TRUE(report) << report.error().message;
    return report ? *report : IndexReport{};
  }

  store::IndexStore open() {
    auto ws = open_workspace(repo.path());
    auto s = open_store(*ws, StoreAccess::kReadOnly);
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  std::optional<store::FileRecord> file(const std::string& path) { return *open().file(path); }

  std::vector<std::string> symbol_names(const std::string& path) {
    auto s = open();
    auto f = *s.file(path);
    std::vector<std::string> out;
    if (!f || !f->blob_id) return out;
    const auto rows = s.symbols(f->blob_id);
    for (const auto& row : *rows) out.push_back(row.def.name);
    return out;
  }

  TempRepo repo;
  Config config = default_config();
};

std::string py_module(const std::string& name) {
  return "\"\"\"Module " + name + ".\"\"\"\n\ndef " + name + "_run(x):\n    return x\n";
}

TEST_F(IndexerTest, IncrementalParsesOnlyChangedBlobs) {
  for (const char* n : {"a", "b", "c", "d", "e"})
    repo.write(std::string("pkg/") + n + ".py", py_module(n));
  repo.commit("five modules");
  const IndexReport first = index();
  EXPECT_FALSE(first.incremental);
  EXPECT_EQ(first.files_parsed, 5);
  EXPECT_EQ(first.files_total, 5);
  EXPECT_EQ(first.symbols, 5);

  repo.write("pkg/a.py", py_module("a") + "\ndef extra():\n    pass\n");
  repo.write("pkg/f.py", py_module("f"));
  repo.remove("pkg/e.py");
  repo.commit("edit, add, delete");
  const IndexReport second = index();
  EXPECT_TRUE(second.incremental);
  EXPECT_EQ(second.files_changed, 3);
  EXPECT_EQ(second.files_parsed, 2);
  EXPECT_EQ(second.files_deleted, 1);
  EXPECT_EQ(second.files_total, 5);
  EXPECT_EQ(second.symbols, 6);
  EXPECT_FALSE(file("pkg/e.py").has_value());
  {
    auto s = open();
    const auto hits = s.search("e_run", 10);
    for (const auto& hit : *hits) EXPECT_NE(hit.path, "pkg/e.py");
  }
  EXPECT_EQ(symbol_names("pkg/a.py"), (std::vector<std::string>{"a_run", "extra"}));

  const IndexReport third = index();
  EXPECT_TRUE(third.incremental);
  EXPECT_EQ(third.files_changed, 0);
  EXPECT_EQ(third.files_parsed, 0);
}

// An incremental pass moves the stored counts by the changed rows; they must
// equal counting the tables, through shared blobs, deletions and new kinds.
TEST_F(IndexerTest, IncrementalCountsMatchCountingTheTables) {
  auto expect_counted = [&](const IndexReport& r, const char* step) {
    auto s = open();
    EXPECT_EQ(r.symbols, *s.symbol_count()) << step;
    const auto by_status = *s.status_counts();
    int64_t total = 0;
    for (const auto& [status, n] : by_status) total += n;
    EXPECT_EQ(r.files_total, total) << step;
    EXPECT_EQ(r.by_status, (std::map<std::string, int64_t>(by_status.begin(), by_status.end())))
        << step;
  };
  repo.write("a.py", py_module("a"));
  repo.write("copy_of_a.py", py_module("a"));  // the same blob twice: its symbols count once
  repo.write("b.py", py_module("b"));
  repo.commit("three");
  expect_counted(index(), "full");
  repo.remove("copy_of_a.py");
  repo.write("notes.txt", "text\n");
  repo.commit("drop a copy, add text");
  const IndexReport second = index();
  EXPECT_TRUE(second.incremental);
  expect_counted(second, "one copy left");
  repo.remove("a.py");
  repo.write("b.py", py_module("b") + "\ndef more():\n    pass\n");
  repo.write("c.py", py_module("b"));  // b's old blob, now only under c.py
  repo.commit("last copy gone, b edited");
  expect_counted(index(), "last copy gone");
  repo.remove("notes.txt");
  repo.write("img.png", "not really a picture\n");  // binary by its extension
  repo.commit("text becomes binary");
  expect_counted(index(), "binary");
  repo.git("commit -q --allow-empty -m nothing");
  expect_counted(index(), "empty");
  expect_counted(index("HEAD~3"), "an older commit");
}

TEST_F(IndexerTest, RenamesAndRevertsReuseStoredBlobs) {
  repo.write("old_name.py", py_module("moved"));
  repo.write("conf.py", py_module("v1"));
  repo.commit("one");
  index();
  repo.git("mv old_name.py new_name.py");
  repo.write("conf.py", py_module("v2"));
  repo.commit("rename and edit");
  const IndexReport r = index();
  EXPECT_EQ(r.files_parsed, 1);  // only conf.py v2
  EXPECT_EQ(r.files_cached, 1);  // new_name.py has a known blob
  EXPECT_FALSE(file("old_name.py").has_value());
  EXPECT_EQ(symbol_names("new_name.py"), std::vector<std::string>{"moved_run"});

  repo.write("conf.py", py_module("v1"));
  repo.commit("revert conf");
  const IndexReport reverted = index();
  EXPECT_EQ(reverted.files_parsed, 0);
  EXPECT_EQ(reverted.files_cached, 1);
  EXPECT_EQ(symbol_names("conf.py"), std::vector<std::string>{"v1_run"});
}

TEST_F(IndexerTest, RecordsAndSkipsFilesItShouldNotParse) {
  repo.write("ok.py", py_module("ok"));
  repo.write("binary.py", std::string("x = 1\n\0\0\0binary", 15));
  repo.write("huge.py", "# " + std::string(5000, 'x') + "\n");
  repo.write("vendor/lib.py", py_module("vendored"));
  repo.write("gen/api.py", py_module("generated"));
  repo.write(".gitattributes", "gen/** linguist-generated=true\n");
  repo.write("data.csv", "a,b\n");
  repo.write("logo.png", std::string("\x89PNG\0\0", 6));
  std::filesystem::create_symlink("ok.py", repo.path() + "/link.py");
  repo.git("add -A");
  repo.git("update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,third");
  repo.git("commit -q -m kinds");
  config.index.max_file_bytes = 1000;
  const IndexReport r = index();
  EXPECT_EQ(r.by_status.at("indexed"), 1);
  EXPECT_EQ(r.by_status.at("binary"), 2);
  EXPECT_EQ(r.by_status.at("too_large"), 1);
  EXPECT_EQ(r.by_status.at("excluded"), 2);
  EXPECT_EQ(r.by_status.at("symlink"), 1);
  EXPECT_EQ(r.by_status.at("submodule"), 1);
  EXPECT_EQ(r.by_status.at("text"), 2);  // data.csv, .gitattributes
  EXPECT_EQ(file("vendor/lib.py")->status, FileStatus::kExcluded);
  EXPECT_EQ(file("gen/api.py")->status, FileStatus::kExcluded);
  EXPECT_EQ(file("huge.py")->status, FileStatus::kTooLarge);
  EXPECT_EQ(file("third")->status, FileStatus::kSubmodule);
}

TEST_F(IndexerTest, MissingBlobIsRecordedNotFatal) {
  repo.write("a.py", py_module("a"));
  repo.write("b.py", py_module("b"));
  repo.commit("two");
  std::string oid = repo.git("rev-parse HEAD:b.py");
  oid.pop_back();
  std::filesystem::remove(repo.path() + "/.git/objects/" + oid.substr(0, 2) + "/" + oid.substr(2));
  const IndexReport r = index();
  EXPECT_EQ(r.by_status.at("indexed"), 1);
  EXPECT_EQ(r.by_status.at("unavailable"), 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("b.py"), std::string::npos);
  EXPECT_EQ(file("b.py")->status, FileStatus::kUnavailable);
}

TEST_F(IndexerTest, IndexesAnOlderRevisionExactly) {
  repo.write("a.py", py_module("first"));
  const std::string c1 = repo.commit("one");
  repo.write("a.py", py_module("second"));
  repo.write("b.py", py_module("b"));
  repo.commit("two");
  const IndexReport old = index(c1);
  EXPECT_EQ(old.commit, c1);
  EXPECT_EQ(old.files_total, 1);
  EXPECT_EQ(symbol_names("a.py"), std::vector<std::string>{"first_run"});
  const IndexReport head = index();
  EXPECT_TRUE(head.incremental);
  EXPECT_EQ(head.files_total, 2);
  EXPECT_EQ(symbol_names("a.py"), std::vector<std::string>{"second_run"});
}

TEST_F(IndexerTest, DependencyGraphFollowsAddedAndDeletedFiles) {
  repo.write("app/main.py", "from app import helpers\nfrom app.models import User\n");
  repo.write("app/__init__.py", "");
  repo.write("app/models.py", "class User:\n    pass\n");
  repo.commit("main without helpers");
  index();
  // "from app import helpers" names the package itself while helpers.py is missing.
  EXPECT_EQ(*open().deps_of("app/main.py"),
            (std::vector<std::string>{"app/__init__.py", "app/models.py"}));
  repo.write("app/helpers.py", "def help():\n    pass\n");
  repo.commit("add helpers");
  index();
  EXPECT_EQ(*open().deps_of("app/main.py"),
            (std::vector<std::string>{"app/helpers.py", "app/models.py"}));
  EXPECT_EQ(*open().importers_of("app/helpers.py"), std::vector<std::string>{"app/main.py"});
  repo.remove("app/models.py");
  repo.commit("drop models");
  index();
  EXPECT_EQ(*open().deps_of("app/main.py"),
            (std::vector<std::string>{"app/__init__.py", "app/helpers.py"}));
  EXPECT_TRUE(open().importers_of("app/models.py")->empty());
}

// Paths added or removed re-resolve only the files whose imports could name
// them; the graph must be the one a full pass builds, in every language.
TEST_F(IndexerTest, IncrementalDepsEqualAFullPassAsPathsComeAndGo) {
  auto graph = [&] {
    auto s = open();
    std::map<std::string, std::vector<std::string>> out;
    const auto files = *s.files();
    for (const auto& f : files) out[f.path] = *s.deps_of(f.path);
    return out;
  };
  // dst -> its importers
  auto importers = [](const std::map<std::string, std::vector<std::string>>& g) {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& [src, dsts] : g) {
      for (const auto& d : dsts) out[d].insert(src);
    }
    return out;
  };
  auto expect_as_full = [&](const char* step) {
    const auto before = importers(graph());
    repo.commit(step);
    const IndexReport r = index();
    EXPECT_TRUE(r.incremental) << step;
    EXPECT_EQ(r.deps, *open().dep_count()) << step << ": the moved count is the table's";
    const auto incremental = graph();
    // The report names every path whose importers changed (what the roll-ups
    // recompute), unless every edge was resolved again.
    if (!r.deps_rebuilt) {
      const auto after = importers(incremental);
      std::set<std::string> changed;
      for (const auto* m : {&before, &after}) {
        for (const auto& [dst, srcs] : *m) {
          auto b = before.find(dst), a = after.find(dst);
          if ((b == before.end() ? std::set<std::string>{} : b->second) !=
              (a == after.end() ? std::set<std::string>{} : a->second))
            changed.insert(dst);
        }
      }
      const std::set<std::string> reported(r.importers_moved.begin(), r.importers_moved.end());
      EXPECT_TRUE(std::includes(reported.begin(), reported.end(), changed.begin(), changed.end()))
          << step;
      EXPECT_TRUE(std::is_sorted(r.importers_moved.begin(), r.importers_moved.end())) << step;
    }
    index("HEAD", IndexMode::kFull);
    EXPECT_EQ(incremental, graph()) << step;
  };
  repo.write("app/__init__.py", "");
  repo.write("app/main.py", "from app import helpers\nfrom . import tools\nimport app.extra\n");
  repo.write("web/index.js", "import x from './util';\nimport y from './widgets';\n");
  repo.write("src/main.c", "#include \"config.h\"\n#include \"../lib/log.h\"\n");
  repo.write("cmd/main.go", "package main\nimport \"example.com/m/internal/store\"\n");
  repo.write("README.md", "readme\n");
  repo.commit("importers of files that do not exist yet");
  index();
  repo.write("app/helpers.py", "def help():\n    pass\n");
  repo.write("app/tools.py", "X = 1\n");
  repo.write("web/util.ts", "export const u = 1;\n");
  repo.write("web/widgets/index.ts", "export const w = 1;\n");
  repo.write("include/config.h", "#define C 1\n");
  repo.write("lib/log.h", "void log(void);\n");
  repo.write("internal/store/db.go", "package store\n");
  expect_as_full("the imported files arrive");
  // Same imports, other content.
  repo.write("app/main.py",
             "from app import helpers\nfrom . import tools\nimport app.extra\nVALUE = 1\n");
  repo.write("web/index.js",
             "import x from './util';\nimport y from './widgets';\nexport const z = 3;\n");
  expect_as_full("edits that keep the imports");
  repo.write("app/main.py", "from app import tools\nVALUE = 2\n");
  repo.write("web/index.js", "import y from './widgets';\n");
  expect_as_full("edits that drop imports");
  repo.write("app/main.py", "from app import helpers\nfrom . import tools\nimport app.extra\n");
  repo.write("web/index.js", "import x from './util';\nimport y from './widgets';\n");
  expect_as_full("and bring them back");
  repo.write("app/extra.py", "Y = 2\n");
  repo.write("internal/store/cache.go", "package store\n");
  repo.write("vendor/a/config.h", "#define D 1\n");  // config.h is now ambiguous-ish
  repo.remove("web/util.ts");
  repo.write("web/util.js", "export const u = 2;\n");
  expect_as_full("more, and a file swaps its extension");
  repo.remove("app/helpers.py");
  repo.remove("lib/log.h");
  repo.remove("internal/store/db.go");
  expect_as_full("imported files removed");
  repo.write("b/config.h", "1\n");
  repo.write("c/config.h", "1\n");  // four headers: the suffix no longer resolves
  expect_as_full("ambiguous include");
  repo.write("app/sub/__init__.py", "");  // a package begins: the full re-resolve
  repo.write("app/sub/helpers.py", "Z = 3\n");
  expect_as_full("a new package");
  EXPECT_TRUE(index("HEAD", IndexMode::kFull).deps_rebuilt);
}

TEST_F(IndexerTest, ChangedSettingsForceAFullPass) {
  repo.write("a.py", py_module("a"));
  repo.write("big.py", py_module("big") + "# " + std::string(3000, 'y') + "\n");
  repo.commit("one");
  index();
  EXPECT_EQ(file("big.py")->status, FileStatus::kIndexed);
  config.index.max_file_bytes = 1000;
  const IndexReport r = index();
  EXPECT_FALSE(r.incremental);
  EXPECT_EQ(file("big.py")->status, FileStatus::kTooLarge);
  EXPECT_EQ(r.files_parsed, 0);  // a.py still cached
}

TEST_F(IndexerTest, FilesWithSyntaxErrorsAreIndexed) {
  repo.write("broken.py", "def ok():\n    pass\n\ndef broken(:\n    pass\n");
  repo.commit("broken");
  const IndexReport r = index();
  EXPECT_EQ(r.by_status.at("indexed"), 1);
  const auto names = symbol_names("broken.py");
  EXPECT_NE(std::find(names.begin(), names.end(), "ok"), names.end());
}

}  // namespace
}  // namespace stc::indexer

namespace stc::indexer {
namespace {

TEST_F(IndexerTest, CppHeadersWithDotHAreParsedAsCpp) {
  repo.write("lib/widget.h",
             "#pragma once\nnamespace ui {\n/// A widget.\nclass Widget {\n public:\n  int size() "
             "const;\n};\n}\n");
  repo.write("lib/plain.h", "/* C header. */\nint add(int a, int b);\nstruct point { int x; };\n");
  repo.commit("headers");
  index();
  auto s = open();
  const auto widget = *s.file("lib/widget.h");
  ASSERT_TRUE(widget);
  EXPECT_EQ(widget->language, "c");  // keyed by extension
  const auto info = *s.blob_info(widget->blob_id);
  EXPECT_FALSE(info->has_errors);
  const auto names = symbol_names("lib/widget.h");
  EXPECT_NE(std::find(names.begin(), names.end(), "Widget"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "ui"), names.end());
  const auto plain = symbol_names("lib/plain.h");
  EXPECT_NE(std::find(plain.begin(), plain.end(), "point"), plain.end());
}

}  // namespace
}  // namespace stc::indexer

namespace stc::indexer {
namespace {

TEST_F(IndexerTest, StcignoreExcludesMatchingPathsOfTheCommit) {
  repo.write("app/core.py", py_module("core"));
  repo.write("app/fixtures/big.py", py_module("fixture"));
  repo.write("app/fixtures/keep.py", py_module("keep"));
  repo.write("tools/gen.py", py_module("gen"));
  repo.write(".stcignore", "# not for agents\nfixtures/\n!fixtures/keep.py\n/tools/\n");
  repo.commit("with .stcignore");
  // An uncommitted edit does not count: the index reads the commit's tree.
  repo.write(".stcignore", "app/\n");
  const IndexReport r = index();
  EXPECT_EQ(file("app/core.py")->status, FileStatus::kIndexed);
  EXPECT_EQ(file("app/fixtures/big.py")->status, FileStatus::kExcluded);
  // As in git, a file cannot be re-included when its directory is excluded.
  EXPECT_EQ(file("app/fixtures/keep.py")->status, FileStatus::kExcluded);
  EXPECT_EQ(file("tools/gen.py")->status, FileStatus::kExcluded);
  EXPECT_EQ(r.by_status.at("excluded"), 3);
  EXPECT_TRUE(symbol_names("tools/gen.py").empty());
  EXPECT_TRUE(symbol_names("app/fixtures/big.py").empty());
}

TEST_F(IndexerTest, ChangingStcignoreReclassifiesWithoutReparsing) {
  repo.write("a.py", py_module("a"));
  repo.write("gen/b.py", py_module("b"));
  repo.write(".stcignore", "gen/\n");
  repo.commit("ignore gen");
  const IndexReport first = index();
  EXPECT_EQ(first.files_parsed, 1);
  EXPECT_EQ(file("gen/b.py")->status, FileStatus::kExcluded);

  // Un-ignoring indexes the path: parsed once, its symbols searchable.
  repo.write(".stcignore", "# nothing\n");
  repo.commit("un-ignore gen");
  const IndexReport second = index();
  EXPECT_EQ(second.files_parsed, 1);  // gen/b.py; a.py is cached
  EXPECT_EQ(file("gen/b.py")->status, FileStatus::kIndexed);
  EXPECT_EQ(symbol_names("gen/b.py"), std::vector<std::string>{"b_run"});

  // Ignoring again excludes it without parsing anything.
  repo.write(".stcignore", "*.py\n!a.py\n");
  repo.commit("ignore all but a.py");
  const IndexReport third = index();
  EXPECT_EQ(third.files_parsed, 0);
  EXPECT_EQ(file("gen/b.py")->status, FileStatus::kExcluded);
  EXPECT_EQ(file("a.py")->status, FileStatus::kIndexed);

  // Deleting the file includes everything again, from cached blobs.
  repo.remove(".stcignore");
  repo.commit("no .stcignore");
  const IndexReport fourth = index();
  EXPECT_EQ(fourth.files_parsed, 0);
  EXPECT_EQ(file("gen/b.py")->status, FileStatus::kIndexed);
  EXPECT_EQ(symbol_names("gen/b.py"), std::vector<std::string>{"b_run"});

  // Other commits stay incremental.
  repo.write("a.py", py_module("a2"));
  repo.commit("edit a");
  EXPECT_TRUE(index().incremental);
}

}  // namespace
}  // namespace stc::indexer
