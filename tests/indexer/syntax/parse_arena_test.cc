// Tree-sitter's memory while it parses a file comes from a per-thread arena
// that is reused file after file (indexer/syntax/parse_arena.h): the facts
// must be the same as ever, on several threads at once, and for a file too
// large for the arena.

#include "indexer/syntax/parse_arena.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "indexer/syntax/extractor.h"

namespace stc::indexer::syntax {
namespace {

struct Sample {
  std::string language;
  std::string source;
};

std::vector<Sample> samples() {
  return {
      {"python",
       "\"\"\"Weather.\"\"\"\nimport os\nfrom net import fetch\n\nclass Client:\n"
       "    \"\"\"Talks to the API.\"\"\"\n    def get(self, city):\n        return fetch(city)\n\n"
       "def forecast(city: str) -> str:\n    return Client().get(city)\n"},
      {"go",
       "package weather\n\nimport \"net/http\"\n\n// Client talks to the API.\ntype Client struct{ "
       "h *http.Client }\n\nfunc (c *Client) Get(city string) error { return nil }\n"},
      {"cpp",
       "#include \"net.h\"\nnamespace wx {\n/// A client.\nclass Client {\n public:\n  int "
       "get(const char* city);\n};\nint Client::get(const char* c) { return fetch(c); }\n}\n"},
      {"typescript",
       "import { fetch } from './net';\n/** A client. */\nexport class Client {\n  get(city: "
       "string): Promise<string> { return fetch(city); }\n}\nexport const TIMEOUT = 30;\n"},
      {"rust",
       "use crate::net::fetch;\n/// A client.\npub struct Client;\nimpl Client {\n    pub fn "
       "get(&self, city: &str) -> String { fetch(city) }\n}\n"},
  };
}

// Everything the extractor returns, as one string to compare.
std::string render(const FileFacts& f) {
  std::string out = f.module_doc + "|" + std::to_string(f.lines) + "|" +
                    (f.has_errors ? "errors" : "clean") + "\n";
  for (const auto& d : f.definitions) {
    out += d.kind + " " + d.name + " " + std::to_string(d.start_line) + "-" +
           std::to_string(d.end_line) + " " + d.signature + " " + d.doc + " " +
           std::to_string(d.parent) + "\n";
  }
  for (const auto& i : f.imports) out += "import " + i.source + " " + i.names + "\n";
  for (const auto& r : f.references) out += "ref " + r + "\n";
  return out;
}

std::string extract(Extractor& e, const Sample& s) {
  auto f = e.extract(s.language, s.source);
  EXPECT_TRUE(f) << s.language << ": " << f.error().message;
  return f ? render(*f) : std::string();
}

TEST(ParseArenaTest, ParsesFromTheArenaAndReusesItFileAfterFile) {
  if (!ParseArena::enabled()) GTEST_SKIP() << "tree-sitter uses malloc in this process";
  Extractor e;
  std::vector<std::string> first;
  for (const auto& s : samples()) {
    first.push_back(extract(e, s));
    EXPECT_GT(ParseArena::arena_blocks(), 20u) << s.language << ": the parse used the arena";
    EXPECT_EQ(ParseArena::heap_blocks(), 0u) << s.language;
  }
  EXPECT_NE(first[0].find("class Client"), std::string::npos) << first[0];
  const size_t held = ParseArena::held_bytes();
  EXPECT_GT(held, 0u);
  for (int round = 0; round < 40; ++round) {
    for (size_t i = 0; i < samples().size(); ++i) {
      EXPECT_EQ(extract(e, samples()[i]), first[i]) << samples()[i].language << " " << round;
    }
  }
  EXPECT_EQ(ParseArena::held_bytes(), held) << "each file reuses the same memory";
}

TEST(ParseArenaTest, AFreshThreadGivesTheSameFacts) {
  // Parsed in this thread, whose arena earlier tests used, and in a new
  // thread with a new arena: the same facts, and the ones the file has.
  Extractor e;
  const auto s = samples()[0];
  const std::string here = extract(e, s);
  EXPECT_NE(here.find("function forecast 10-11"), std::string::npos) << here;
  EXPECT_NE(here.find("import net fetch"), std::string::npos) << here;
  std::string there;
  std::thread([&] {
    Extractor other;
    there = extract(other, s);
  }).join();
  EXPECT_EQ(here, there);
}

TEST(ParseArenaTest, SeveralThreadsParseAtOnce) {
  std::vector<std::string> expected;
  {
    Extractor e;
    for (const auto& s : samples()) expected.push_back(extract(e, s));
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Extractor e;
      for (int round = 0; round < 30; ++round) {
        const size_t i = static_cast<size_t>(round + t) % expected.size();
        if (extract(e, samples()[i]) != expected[i]) ++mismatches[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[static_cast<size_t>(t)], 0) << "thread " << t;
}

TEST(ParseArenaTest, AFileTooLargeForTheArenaTakesTheRestFromMalloc) {
  std::string big;
  const int kFunctions = 60000;
  for (int i = 0; i < kFunctions; ++i) {
    big +=
        "def f" + std::to_string(i) + "(a, b):\n    return g(a, b + " + std::to_string(i) + ")\n\n";
  }
  Extractor e;
  auto f = e.extract("python", big);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->definitions.size(), static_cast<size_t>(kFunctions));
  EXPECT_EQ(f->definitions.back().name, "f" + std::to_string(kFunctions - 1));
  if (ParseArena::enabled()) {
    EXPECT_GT(ParseArena::heap_blocks(), 0u) << "past the arena's cap";
    EXPECT_LE(ParseArena::held_bytes(), ParseArena::kArenaBytes);
    // The next file parses from the arena again.
    auto small = e.extract("python", samples()[0].source);
    ASSERT_TRUE(small);
    EXPECT_EQ(ParseArena::heap_blocks(), 0u);
  }
}

}  // namespace
}  // namespace stc::indexer::syntax
