#include "indexer/syntax/extractor.h"
#include "indexer/syntax/doc_text.h"

#include <gtest/gtest.h>

#include "core/text.h"

namespace stc::indexer::syntax {
namespace {

const Definition* find(const FileFacts& f, const std::string& name) {
  for (const auto& d : f.definitions) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

TEST(ExtractorTest, MapsPathsToLanguages) {
  EXPECT_EQ(language_for_path("a/b.py"), "python");
  EXPECT_EQ(language_for_path("x.PYI"), "python");
  EXPECT_EQ(language_for_path("web/App.tsx"), "tsx");
  EXPECT_EQ(language_for_path("web/app.ts"), "typescript");
  EXPECT_EQ(language_for_path("lib/a.h"), "c");
  EXPECT_EQ(language_for_path("lib/a.hpp"), "cpp");
  EXPECT_EQ(language_for_path("Rakefile"), "ruby");
  EXPECT_EQ(language_for_path("README.md"), "doc");
  EXPECT_EQ(language_for_path("docs/api.rst"), "doc");
  EXPECT_EQ(language_for_path("CHANGES"), "doc");
  EXPECT_EQ(language_for_path("data.csv"), "");
  EXPECT_EQ(language_for_path(".bashrc"), "");
  EXPECT_GE(supported_languages().size(), 10u);
}

TEST(DocTextTest, HeadingsBecomeSectionsProseIsSearchableCodeSpansAreReferences) {
  const auto f = extract_doc(
      "Providers\n=========\n\nUse `make_provider` to add one.\n\n## Pirate Weather\nText.\n");
  ASSERT_EQ(f.definitions.size(), 2u);
  EXPECT_EQ(f.definitions[0].name, "Providers");
  EXPECT_EQ(f.definitions[0].kind, "section");
  EXPECT_EQ(f.definitions[1].name, "Pirate Weather");
  EXPECT_EQ(f.definitions[1].start_line, 6u);
  EXPECT_NE(f.module_doc.find("Use `make_provider` to add one."), std::string::npos);
  EXPECT_EQ(f.references, (std::vector<std::string>{"make", "provider"}));
}

TEST(ExtractorTest, PythonDefinitionsNestDocsAndSignatures) {
  Extractor ex;
  auto f = ex.extract("python",
                      "\"\"\"HTTP transport.\"\"\"\n"
                      "import os\n"
                      "from .config import Config, DEFAULTS\n\n"
                      "MAX_RETRIES = 3\n\n"
                      "class Transport(Base):\n"
                      "    \"\"\"Sends requests.\n\n    More text.\"\"\"\n\n"
                      "    @retry\n"
                      "    def get(self, url: str,\n            timeout: float = 1.0) -> bytes:\n"
                      "        return os.fetch(url)\n");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->module_doc, "HTTP transport.");
  EXPECT_FALSE(f->has_errors);
  const Definition* cls = find(*f, "Transport");
  ASSERT_NE(cls, nullptr);
  EXPECT_EQ(cls->kind, "class");
  EXPECT_EQ(cls->signature, "class Transport(Base)");
  EXPECT_EQ(cls->doc, "Sends requests.\n\nMore text.");
  const Definition* get = find(*f, "get");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->kind, "method");
  EXPECT_EQ(f->definitions[static_cast<size_t>(get->parent)].name, "Transport");
  EXPECT_EQ(get->signature, "def get(self, url: str, timeout: float = 1.0) -> bytes");
  ASSERT_NE(find(*f, "MAX_RETRIES"), nullptr);
  EXPECT_EQ(find(*f, "MAX_RETRIES")->kind, "constant");
  ASSERT_EQ(f->imports.size(), 2u);
  EXPECT_EQ(f->imports[1].source, ".config");
  EXPECT_EQ(f->imports[1].names, "Config,DEFAULTS");
  EXPECT_NE(std::find(f->references.begin(), f->references.end(), "url"), f->references.end());
}

TEST(ExtractorTest, CommentDocsAboveDefinitions) {
  Extractor ex;
  auto f =
      ex.extract("go",
                 "// Package queue holds jobs.\npackage queue\n\n"
                 "import \"fmt\"\n\n"
                 "// Queue is a FIFO of jobs.\n// It is safe for one goroutine.\n"
                 "type Queue struct {\n\titems []int\n}\n\n"
                 "// Push appends a job.\nfunc (q *Queue) Push(v int) {\n\tfmt.Println(v)\n}\n");
  ASSERT_TRUE(f);
  const Definition* q = find(*f, "Queue");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->kind, "struct");
  EXPECT_EQ(q->doc, "Queue is a FIFO of jobs.\nIt is safe for one goroutine.");
  const Definition* push = find(*f, "Push");
  ASSERT_NE(push, nullptr);
  EXPECT_EQ(push->kind, "method");
  EXPECT_EQ(push->doc, "Push appends a job.");
  EXPECT_EQ(push->signature, "func (q *Queue) Push(v int)");
  ASSERT_EQ(f->imports.size(), 1u);
  EXPECT_EQ(f->imports[0].source, "fmt");
}

TEST(ExtractorTest, SyntaxErrorsStillYieldFacts) {
  Extractor ex;
  auto f = ex.extract("javascript",
                      "/** Adds. */\nexport function add(a, b) { return a + b; }\n"
                      "function broken( {\n"
                      "class Widget { render() { return 1; } }\n");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->has_errors);
  ASSERT_NE(find(*f, "add"), nullptr);
  EXPECT_EQ(find(*f, "add")->doc, "Adds.");
}

TEST(ExtractorTest, InvalidUtf8IsRepairedInExtractedText) {
  Extractor ex;
  auto f = ex.extract("python", "def caf\xFF():\n    \"\"\"Doc \xFE here.\"\"\"\n    pass\n");
  ASSERT_TRUE(f);
  for (const auto& d : f->definitions) {
    EXPECT_TRUE(stc::is_valid_utf8(d.name));
    EXPECT_TRUE(stc::is_valid_utf8(d.doc));
    EXPECT_TRUE(stc::is_valid_utf8(d.signature));
  }
  for (const auto& r : f->references) EXPECT_TRUE(stc::is_valid_utf8(r));
}

TEST(ExtractorTest, EmptyFileAndUnknownLanguage) {
  Extractor ex;
  auto empty = ex.extract("rust", "");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->definitions.empty());
  EXPECT_EQ(empty->lines, 0u);
  EXPECT_FALSE(ex.extract("cobol", "x"));
}

TEST(ExtractorTest, RustModDeclarationsAreImportsInlineModulesAreNot) {
  Extractor ex;
  auto f = ex.extract(
      "rust",
      "mod net;\nmod tests { fn t() {} }\nuse crate::net::client::Client;\n"
      "/// A thing.\npub struct Thing;\nimpl Thing { pub fn new() -> Self { Thing } }\n");
  ASSERT_TRUE(f);
  std::vector<std::string> sources;
  for (const auto& im : f->imports) sources.push_back(im.kind + ":" + im.source);
  EXPECT_NE(std::find(sources.begin(), sources.end(), "mod:net"), sources.end());
  EXPECT_EQ(std::find(sources.begin(), sources.end(), "mod:tests"), sources.end());
  ASSERT_NE(find(*f, "Thing"), nullptr);
  const Definition* ctor = find(*f, "new");
  ASSERT_NE(ctor, nullptr);
  EXPECT_EQ(ctor->kind, "method");
}

}  // namespace
}  // namespace stc::indexer::syntax

namespace stc::indexer::syntax {
namespace {

TEST(ExtractorTest, CommentAboveDecoratorIsTheDoc) {
  Extractor ex;
  auto f =
      ex.extract("python", "# Registers the handler.\n@app.route('/')\ndef index():\n    pass\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->definitions.size(), 1u);
  EXPECT_EQ(f->definitions[0].doc, "Registers the handler.");
}

TEST(ExtractorTest, FunctionsInRustModulesStayFunctions) {
  Extractor ex;
  auto f = ex.extract("rust", "mod tests {\n    fn helper() {}\n}\n");
  ASSERT_TRUE(f);
  for (const auto& d : f->definitions) {
    if (d.name == "helper") {
      EXPECT_EQ(d.kind, "function");
    }
  }
}

}  // namespace
}  // namespace stc::indexer::syntax
