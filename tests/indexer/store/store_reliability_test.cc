// The store under damage and contention: a damaged file (a corrupted page, a
// missing table, a non-database) is reported as damaged with what to do; a
// store path that is a directory is bad input naming it; concurrent first
// opens all succeed with one schema.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "indexer/store/index_store.h"
#include "indexer/store/store_check.h"
#include "indexer/workspace.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempDir;
using stc::testing::TempRepo;
namespace fs = std::filesystem;

// A store with enough rows to span many pages, checkpointed into the main file.
void fill_store(const std::string& path) {
  auto s = store::IndexStore::open(path, store::OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(s->begin());
  for (int i = 0; i < 400; ++i) {
    store::BlobRecord b;
    b.oid = std::string(38, 'a') + std::to_string(10 + i % 90);
    b.language = "lang" + std::to_string(i);
    b.skeleton = std::string(200, 'x') + std::to_string(i);
    // Signatures that do not deflate much, so the definitions fill pages.
    uint32_t bits = 2166136261u ^ static_cast<uint32_t>(i);
    for (int k = 0; k < 5; ++k) {
      syntax::Definition d;
      d.kind = "function";
      d.name = "name" + std::to_string(i);
      for (int c = 0; c < 100; ++c) {
        bits = bits * 1664525u + 1013904223u;
        d.signature.push_back(static_cast<char>('a' + (bits >> 24) % 26));
      }
      b.facts.definitions.push_back(std::move(d));
    }
    ASSERT_TRUE(s->put_blob(b));
  }
  ASSERT_TRUE(s->commit());
  ASSERT_TRUE(store::connection(*s).exec("PRAGMA wal_checkpoint(TRUNCATE)"));
}

// Overwrites 8 KiB in the middle of `path` with a fixed garbage pattern.
void overwrite_middle(const std::string& path) {
  const auto size = fs::file_size(path);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
  for (int i = 0; i < 8192; ++i) f.put(static_cast<char>((i * 37 + 11) & 0xff));
}

TEST(StoreReliabilityTest, MissingTableIsReportedDamaged) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  {
    auto s = store::IndexStore::open(path, store::OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(store::connection(*s).exec("DROP TABLE blob_imports"));
  }
  auto s = store::IndexStore::open(path, store::OpenMode::kReadOnly);
  ASSERT_FALSE(s);
  EXPECT_TRUE(store::is_damaged(s.error())) << s.error().message;
  EXPECT_EQ(exit_code_for(s.error().code), 2);
  EXPECT_NE(s.error().message.find("table blob_imports is missing"), std::string::npos);
  EXPECT_NE(s.error().message.find("remove " + dir.path() + " and run `stc init`"),
            std::string::npos)
      << s.error().message;
}

TEST(StoreReliabilityTest, CorruptedPageIsFoundAtOpenAndAtAnyStep) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  fill_store(path);
  {
    auto s = store::IndexStore::open(path, store::OpenMode::kReadOnly);
    ASSERT_TRUE(s);
    ASSERT_TRUE(store::check_store_if_changed(*s, path)) << "a sound store passes and is stamped";
  }
  EXPECT_TRUE(fs::exists(dir.path() + "/index.checked"));
  overwrite_middle(path);
  auto s = store::IndexStore::open(path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(s) << "the header and schema pages are intact";
  // A query reading the damaged pages reports damage, not a raw SQLite error.
  auto n =
      store::connection(*s).query_int("SELECT COUNT(*) FROM blobs WHERE instr(definitions, 'q')");
  ASSERT_FALSE(n);
  EXPECT_TRUE(store::is_damaged(n.error())) << n.error().message;
  // The cheap check at open notices the changed file and finds the damage.
  auto checked = store::check_store_if_changed(*s, path);
  ASSERT_FALSE(checked);
  EXPECT_TRUE(store::is_damaged(checked.error())) << checked.error().message;
  EXPECT_EQ(exit_code_for(checked.error().code), 2);
}

// Two stores in one directory keep one stamp each: checking the second
// leaves the first one's stamp alone, so neither is checked on every open.
TEST(StoreReliabilityTest, TwoStoresInOneDirectoryKeepTheirOwnStamps) {
  TempDir dir;
  const std::string a = dir.path() + "/index.db";
  const std::string b = dir.path() + "/other.db";
  fill_store(a);
  fill_store(b);
  for (const auto& path : {a, b}) {
    auto s = store::IndexStore::open(path, store::OpenMode::kReadOnly);
    ASSERT_TRUE(s);
    ASSERT_TRUE(store::check_store_if_changed(*s, path));
  }
  auto inode_in = [](const std::string& stamp_file) {
    std::ifstream in(stamp_file);
    std::string dev, ino;
    in >> dev >> ino;
    return ino;
  };
  auto inode_of = [](const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return std::to_string(st.st_ino);
  };
  EXPECT_EQ(inode_in(dir.path() + "/index.checked"), inode_of(a));
  EXPECT_EQ(inode_in(dir.path() + "/other.db.checked"), inode_of(b));
}

// Adds rows (to the WAL) and checkpoints them into the main file with the
// store's own checkpoint, as an index or pass does at its end.
void write_and_checkpoint(const std::string& path) {
  auto s = store::IndexStore::open(path, store::OpenMode::kReadWrite);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(s->begin());
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(s->set_meta("k" + std::to_string(i), "v"));
  ASSERT_TRUE(s->commit());
  s->checkpoint_if_larger(0);
}

// Damage that keeps the file's size and time: found only when the check runs.
void damage_keeping_stamp(const std::string& path) {
  const auto stamp = fs::last_write_time(path);
  overwrite_middle(path);
  fs::last_write_time(path, stamp);
}

// A filled store, checked once and so stamped as sound.
void stamped_store(const std::string& path) {
  fill_store(path);
  auto s = store::IndexStore::open(path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(s);
  ASSERT_TRUE(store::check_store_if_changed(*s, path)) << "a sound store passes and is stamped";
}

TEST(StoreReliabilityTest, UnchangedStoreIsNotCheckedAgain) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  stamped_store(path);
  // A matching stamp skips quick_check (that is what keeps opens cheap):
  // damage that keeps the file's size and time is not looked for...
  damage_keeping_stamp(path);
  // A new connection: the first one may still hold the sound pages in its cache.
  auto after = store::IndexStore::open(path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(after);
  EXPECT_TRUE(store::check_store_if_changed(*after, path)) << "the stamp matches: no check";
  // ...until the stamp no longer matches.
  std::ofstream(dir.path() + "/index.checked") << "stale\n";
  EXPECT_FALSE(store::check_store_if_changed(*after, path)) << "a stale stamp makes it check";
}

TEST(StoreReliabilityTest, OwnCheckpointOfASoundStoreKeepsItStamped) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  stamped_store(path);
  const auto size_before = fs::file_size(path);
  const auto time_before = fs::last_write_time(path);
  write_and_checkpoint(path);
  ASSERT_TRUE(fs::file_size(path) != size_before || fs::last_write_time(path) != time_before)
      << "the checkpoint rewrote the main file";
  damage_keeping_stamp(path);
  auto after = store::IndexStore::open(path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(after);
  EXPECT_TRUE(store::check_store_if_changed(*after, path))
      << "the file after our own checkpoint of a sound file is stamped: no check";
}

TEST(StoreReliabilityTest, OwnCheckpointOfAnUncheckedStoreLeavesTheCheckToTheNextOpener) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  stamped_store(path);
  std::ofstream(dir.path() + "/index.checked") << "stale\n";  // changed since it was checked
  write_and_checkpoint(path);
  damage_keeping_stamp(path);
  auto after = store::IndexStore::open(path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(after);
  auto checked = store::check_store_if_changed(*after, path);
  ASSERT_FALSE(checked) << "not stamped by the checkpoint: the opener checks and finds damage";
  EXPECT_TRUE(store::is_damaged(checked.error())) << checked.error().message;
}

TEST(StoreReliabilityTest, StorePathThatIsADirectoryIsBadInputNamingIt) {
  TempRepo repo;
  repo.write("a.py", "x = 1\n");
  repo.commit("first");
  auto ws = open_workspace(repo.path());
  ASSERT_TRUE(ws) << ws.error().message;
  ws->store_path = repo.path() + "/adir";
  fs::create_directories(ws->store_path);
  for (auto access : {StoreAccess::kCreate, StoreAccess::kExisting, StoreAccess::kReadOnly}) {
    auto s = open_store(*ws, access);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
    EXPECT_NE(s.error().message.find(ws->store_path + " is a directory"), std::string::npos)
        << s.error().message;
  }
}

TEST(StoreReliabilityTest, ConcurrentFirstOpensAllSucceed) {
  TempRepo repo;
  repo.write("a.py", "x = 1\n");
  repo.commit("first");
  auto ws = open_workspace(repo.path());
  ASSERT_TRUE(ws) << ws.error().message;
  constexpr int kThreads = 8;
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto s = open_store(*ws, StoreAccess::kCreate);
      if (!s) errors[i] = s.error().message;
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  auto s = open_store(*ws, StoreAccess::kReadOnly);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*store::connection(*s).query_int("PRAGMA user_version"), store::kSchemaVersion);
}

}  // namespace
}  // namespace stc::indexer
