#include "indexer/skeleton.h"

#include <gtest/gtest.h>

namespace stc::indexer {
namespace {

syntax::Definition def(std::string sig, int parent, uint32_t start, uint32_t end, std::string doc) {
  syntax::Definition d;
  d.kind = "function";
  d.name = "f";
  d.signature = std::move(sig);
  d.parent = parent;
  d.start_line = start;
  d.end_line = end;
  d.doc = std::move(doc);
  return d;
}

TEST(SkeletonTest, NestsByScopeWithLinesAndFirstDocLine) {
  syntax::FileFacts f;
  f.definitions.push_back(def("class Client", -1, 1, 20, "HTTP client.\n\nMore."));
  f.definitions.push_back(def("def get(self)", 0, 3, 5, ""));
  f.definitions.push_back(def("X = 1", -1, 22, 22, ""));
  EXPECT_EQ(render_skeleton(f),
            "class Client  [L1-20]  # HTTP client.\n"
            "  def get(self)  [L3-5]\n"
            "X = 1  [L22]\n");
}

TEST(SkeletonTest, CapsSizeAndSaysWhatWasLeftOut) {
  syntax::FileFacts f;
  for (int i = 0; i < 100; ++i)
    f.definitions.push_back(def("def f" + std::to_string(i) + "()", -1, 1, 1, ""));
  const std::string s = render_skeleton(f, 200);
  EXPECT_LE(s.size(), 240u);
  EXPECT_NE(s.find("more definitions"), std::string::npos);
}

}  // namespace
}  // namespace stc::indexer

namespace stc::indexer {
namespace {

TEST(SkeletonTest, FirstDocLineIsTheFirstSentenceAcrossLines) {
  EXPECT_EQ(first_doc_line("\nUsed by send_file to determine the\nmax age. More here.\n"),
            "Used by send_file to determine the max age.");
  EXPECT_EQ(first_doc_line("Title\n\nBody."), "Title");
  EXPECT_EQ(first_doc_line(""), "");
}

}  // namespace
}  // namespace stc::indexer
