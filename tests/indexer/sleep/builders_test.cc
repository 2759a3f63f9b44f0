#include <gtest/gtest.h>

#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/offline_builders.h"
#include "indexer/sleep/rollups.h"

namespace stc::indexer::sleep {
namespace {

syntax::Definition def(const std::string& kind, const std::string& name, int parent,
                       const std::string& sig, const std::string& doc = "") {
  syntax::Definition d;
  d.kind = kind;
  d.name = name;
  d.parent = parent;
  d.signature = sig;
  d.doc = doc;
  return d;
}

ModuleFacts registry_module() {
  ModuleFacts m;
  m.path = "weather/providers/__init__.py";
  m.language = "python";
  m.module_doc = "Provider registry.\n\nMaps names to provider classes.";
  m.definitions = {
      def("function", "get_provider", -1, "def get_provider(name)", "Look up a provider by name."),
      def("function", "_load", -1, "def _load()")};
  m.depends_on = {"weather/providers/a.py", "weather/providers/b.py", "weather/providers/c.py"};
  m.importers = {"weather/client.py"};
  m.commits = 11;
  m.partners = {Partner{"docs/providers.md", 9, 11, 9.0 / 11}, Partner{"gone.py", 5, 11, 5.0 / 11},
                Partner{"rare.py", 1, 11, 1.0 / 11}};
  m.references = {"register", "name"};
  return m;
}

TEST(OfflineBuildersTest, SummaryUsesDocstringPublicNamesAndRelations) {
  const ModuleSummary s = offline_summary(registry_module());
  EXPECT_EQ(s.summary, "Provider registry. Defines `get_provider`.");
  ASSERT_EQ(s.entry_points.size(), 1u);  // _load is private
  EXPECT_EQ(s.entry_points[0],
            "get_provider: def get_provider(name) — Look up a provider by name.");
  EXPECT_NE(s.usage.find("Imported by 1 file: `weather/client.py`"), std::string::npos);
}

TEST(OfflineBuildersTest, SummaryWithoutDocDescribesDefinitions) {
  ModuleFacts m;
  m.path = "q.go";
  m.language = "go";
  m.definitions = {def("struct", "Queue", -1, "type Queue struct"),
                   def("function", "New", -1, "func New()")};
  EXPECT_EQ(offline_summary(m).summary, "Defines 1 function, 1 struct: `Queue`, `New`.");
}

TEST(OfflineBuildersTest, NotesFromCoChangeRegistryAndDispatch) {
  const ModuleNotes n =
      offline_notes(registry_module(), {"docs/providers.md", "weather/client.py"});
  ASSERT_EQ(n.notes.size(), 3u);
  EXPECT_EQ(n.notes[0].kind, "cochange");
  EXPECT_EQ(
      n.notes[0].text,
      "When `weather/providers/__init__.py` changes, `docs/providers.md` changes with it in 9 "
      "of 11 commits.");
  EXPECT_EQ(n.notes[0].evidence, "9 of 11 commits");
  EXPECT_EQ(n.notes[1].kind, "extension_point");  // imports 3 siblings
  EXPECT_EQ(n.notes[1].files.size(), 3u);
  EXPECT_EQ(n.notes[2].kind, "extension_point");  // register
}

TEST(OfflineBuildersTest, SiblingNoteAndAnticipationFromHistoryPatterns) {
  SiblingPattern p;
  p.dir = "weather/providers";
  p.extension = ".py";
  p.additions = 3;
  p.companions = {{"weather/providers/__init__.py", 3}, {"docs/providers.md", 2}};
  p.added = {"weather/providers/met.py"};
  p.examples = {"Add the Met Norway provider"};
  p.last_time = 1'700'000'000;
  const Note n = sibling_note(p);
  EXPECT_EQ(n.text,
            "Adding a new provider to `weather/providers/` (done in 3 past commits, e.g. \"Add the "
            "Met Norway provider\") also changed `weather/providers/__init__.py` (3/3), "
            "`docs/providers.md` (2/3).");
  ChangeCluster c;
  c.summaries = {"Add retry with backoff to the client"};
  c.files = {{"weather/client.py", 2}, {"tests/test_client.py", 2}};
  c.commits = 2;
  c.last_time = 1'600'000'000;
  const Anticipation a = offline_anticipation({p}, {c}, {}, 1'700'000'000);
  ASSERT_EQ(a.requests.size(), 2u);
  EXPECT_EQ(a.requests[0].title, "Add a new provider to weather/providers/");
  EXPECT_EQ(a.requests[0].plan[0].action, "create");
  EXPECT_EQ(a.requests[0].plan[0].path, "weather/providers/<new_provider>.py");
  EXPECT_EQ(a.requests[0].plan.size(), 3u);
  EXPECT_EQ(a.requests[1].title, "Add retry with backoff to the client");
  EXPECT_GT(a.requests[0].score, a.requests[1].score);
}

TEST(OfflineBuildersTest, SingularNouns) {
  EXPECT_EQ(singular_noun("weather/providers"), "provider");
  EXPECT_EQ(singular_noun("policies"), "policy");
  EXPECT_EQ(singular_noun("src/address"), "address");
  EXPECT_EQ(singular_noun("cmd"), "cmd");
}

TEST(RollupsTest, DirectoryAndOverview) {
  const Rollup d =
      offline_dir_rollup("weather", {{"weather/client.py", "Entry point.", 5, "python"},
                                     {"weather/util.py", "", 1, "python"},
                                     {"weather/providers/", "Providers.", 3, ""}});
  EXPECT_EQ(d.summary,
            "2 files, 1 directory (python). Key: `weather/client.py` — Entry point.; "
            "`weather/providers/` — Providers.; `weather/util.py`.");
  EXPECT_EQ(d.key_files.front(), "weather/client.py");
  EXPECT_EQ(readme_paragraph("# Title\n[![badge](x)](y)\n\nA weather client\nfor Python.\n\nMore."),
            "A weather client for Python.");
  const Rollup o = offline_overview(
      "A weather client.", {{"weather/", "Library.", 9, ""}, {".github/", "", 20, "", false}},
      {{"weather/client.py", "Entry point.", 5, "python"}}, {{"python", 12}}, {"weather/cli.py"});
  EXPECT_EQ(o.summary,
            "A weather client.\nLanguages: python (12).\nKey files: `weather/client.py` — Entry "
            "point.\n- `.github/`\n- `weather/`: Library.\nEntry points: `weather/cli.py`.\n");
  EXPECT_EQ(o.key_files, (std::vector<std::string>{"weather/client.py", "weather/"}));
}

TEST(RollupsTest, ShownItemsAreTheHeaviestSixThatMayBeKeyTiesInOrder) {
  std::vector<RollupItem> items;
  for (int i = 0; i < 9; ++i) {
    items.push_back({"m" + std::to_string(i) + ".py", "", i == 4 ? 9.0 : 1.0, "python", i != 2});
  }
  items.push_back({"data.csv", "", 20, "", false});
  // m4 is the heaviest; then the ties of weight 1 in item order, m2 not key.
  EXPECT_EQ(dir_rollup_shown(items), (std::vector<size_t>{4, 0, 1, 3, 5, 6}));
  // The roll-up names exactly those items, with their lines.
  items[5].line = "Fifth.";
  items[7].line = "Not shown.";
  const Rollup d = offline_dir_rollup("", items);
  EXPECT_EQ(d.key_files,
            (std::vector<std::string>{"m4.py", "m0.py", "m1.py", "m3.py", "m5.py", "m6.py"}));
  EXPECT_NE(d.summary.find("`m5.py` — Fifth."), std::string::npos);
  EXPECT_EQ(d.summary.find("Not shown."), std::string::npos);
}

TEST(RollupsTest, ImagesAndDataAreNoKeyFiles) {
  const Rollup d = offline_dir_rollup("", {{"logo.png", "", 50, "", false},
                                           {"command.go", "Commands.", 3, "go"},
                                           {".github/", "", 40, "", false}});
  EXPECT_EQ(d.key_files, (std::vector<std::string>{"command.go"}));
  EXPECT_EQ(d.summary, "2 files, 1 directory (go). Key: `command.go` — Commands..");
}

TEST(OfflineBuildersTest, DataFilesAreDescribedNotSummarized) {
  ModuleFacts m;
  m.path = "requirements/dev.txt";
  m.language = "doc";
  m.lines = 12;
  m.module_doc = "pytest==8.0\nblack==24.1";
  EXPECT_EQ(offline_summary(m).summary, "Python dependency list (pip requirements), 12 lines.");
  m.path = ".github/workflows/test.yml";
  EXPECT_EQ(offline_summary(m).summary, "Build, packaging or CI file, 12 lines.");
  EXPECT_FALSE(is_module_path("requirements.txt"));
  EXPECT_TRUE(is_module_path("docs/guide.md"));
  EXPECT_TRUE(is_module_path("src/app.py"));
}

TEST(OfflineBuildersTest, NoAnticipationForTheRootOrForDataFiles) {
  SiblingPattern root{"", ".go", 5, {{"README.md", 5}}, {"a.go", "b.go"}, {"Add a"}, 0};
  SiblingPattern sub{"providers",        ".py",     3, {{"docs/providers.md", 3}},
                     {"providers/a.py"}, {"Add a"}, 0};
  ModuleFacts changelog;
  changelog.path = "CHANGES.rst";
  changelog.commits = 40;
  ModuleFacts reqs;
  reqs.path = "requirements.txt";
  reqs.commits = 30;
  ModuleFacts app;
  app.path = "src/app.py";
  app.commits = 10;
  const Anticipation a = offline_anticipation({root, sub}, {}, {changelog, reqs, app}, 0);
  ASSERT_EQ(a.requests.size(), 2u);
  EXPECT_EQ(a.requests[0].title, "Add a new provider to providers/");
  EXPECT_EQ(a.requests[1].title, "Extend src/app.py");
}

TEST(ArtifactCodecTest, RoundTripsAndToleratesLlmShapes) {
  Anticipation a;
  a.requests.push_back({"Add X", "why", {{"a.py", "modify", "r"}}, {"e"}, 0.5});
  auto back = decode_anticipation(encode(a));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->requests.size(), 1u);
  EXPECT_EQ(back->requests[0].plan[0].path, "a.py");
  auto reply = decode_module_reply(
      R"({"summary":"S.","extra":1,"likely_changes":[{"request":"Add Y","files":["b.py"],"why":"w"},{"files":[]}]})");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->summary.summary, "S.");
  ASSERT_EQ(reply->notes.notes.size(), 1u);
  EXPECT_EQ(reply->notes.notes[0].text, "Add Y (w)");
  EXPECT_FALSE(decode_module_reply(R"({"likely_changes":[]})"));
  // Wrong types are refused, not stringified.
  EXPECT_FALSE(decode_module_reply(R"({"summary":12,"notes":"nope"})"));
  EXPECT_FALSE(decode_module_reply(R"({"summary":"S.","entry_points":"main"})"));
  EXPECT_FALSE(decode_module_reply(R"({"summary":"S.","likely_changes":[{"request":1}]})"));
  EXPECT_FALSE(decode_rollup_reply(R"({"summary":["a"]})"));
  EXPECT_FALSE(decode_anticipation_reply(R"({"requests":[{"title":"T","plan":"a.py"}]})"));
  EXPECT_FALSE(decode_anticipation_reply(R"({"summary":"no requests"})"));
  EXPECT_TRUE(
      decode_anticipation_reply(R"({"requests":[{"title":"T","plan":[{"path":"a.py"}]}]})"));
  EXPECT_FALSE(decode_summary("not json"));
  // Plans with unknown actions become modify; empty plans are dropped.
  auto tolerant = decode_anticipation(
      R"({"requests":[{"title":"T","plan":[{"path":"x.py","action":"edit"}]},{"title":"U","plan":[]}]})");
  ASSERT_TRUE(tolerant);
  ASSERT_EQ(tolerant->requests.size(), 1u);
  EXPECT_EQ(tolerant->requests[0].plan[0].action, "modify");
}

}  // namespace
}  // namespace stc::indexer::sleep
