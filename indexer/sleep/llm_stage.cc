#include "indexer/sleep/llm_stage.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/secrets.h"
#include "core/text.h"
#include "core/tokens.h"
#include "indexer/skeleton.h"
#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/module_facts.h"
#include "indexer/sleep/offline_stage.h"
#include "indexer/sleep/prompts.h"
#include "indexer/store/artifact_store.h"
#include "llm/json_reply.h"
#include "llm/provider.h"

namespace stc::indexer::sleep {
namespace {

constexpr int kMaxFailuresInARow = 3;
constexpr size_t kMaxSourceBytes = 200 * 1024;

struct Unit {
  enum class Kind { kOverview, kModule, kAnticipation };
  Kind kind = Kind::kModule;
  store::FileRecord file;
  double value = 0;
};

class LlmStage {
 public:
  LlmStage(const git::Repository& repo, store::IndexStore& store, llm::Provider& provider,
           const LlmStageOptions& options, Progress& progress)
      : repo_(repo),
        store_(store),
        arts_(store.artifacts()),
        provider_(provider),
        options_(options),
        progress_(progress),
        deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(options.max_seconds)),
        only_(options.only_paths.begin(), options.only_paths.end()),
        restricted_(!options.only_paths.empty() || !options.only_repo_wide.empty()) {}

  Result<LlmStageReport> run();

 private:
  Status collect_units();
  int64_t remaining() const { return options_.budget - report_.tokens; }
  Result<std::string> call(const Prompt& p, const char* purpose);
  int64_t prompt_room() const { return options_.context_tokens - options_.max_output_tokens; }
  bool out_of_time();
  bool no_room();
  Status do_overview();
  Status do_modules(double budget_share);
  Status do_anticipation();
  Result<std::pair<Prompt, ModuleFacts>> module_request(const store::FileRecord& f);
  Status store_module_reply(const store::FileRecord& f, const std::string& text, int64_t tokens);
  bool stopped() { return failures_in_a_row_ >= kMaxFailuresInARow || out_of_time() || no_room(); }

  const git::Repository& repo_;
  store::IndexStore& store_;
  store::ArtifactStore arts_;
  llm::Provider& provider_;
  const LlmStageOptions& options_;
  Progress& progress_;
  LlmStageReport report_;
  std::vector<store::FileRecord> files_;
  std::unordered_set<std::string> exists_, dirs_;
  std::vector<Unit> modules_;
  size_t next_module_ = 0;
  bool overview_pending_ = false, anticipation_pending_ = false;
  int failures_in_a_row_ = 0;
  int64_t last_call_tokens_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  bool timed_out_ = false, reported_no_room_ = false;
  std::unordered_set<std::string> only_;
  bool restricted_ = false;  // a worker's units only

  // The write guard of the options (held while the result lives), or none.
  Result<std::shared_ptr<void>> guard() {
    if (!options_.write_guard) return std::shared_ptr<void>();
    return options_.write_guard();
  }
  bool wanted(const char* kind) const {
    return !restricted_ || std::find(options_.only_repo_wide.begin(), options_.only_repo_wide.end(),
                                     kind) != options_.only_repo_wide.end();
  }
};

bool LlmStage::out_of_time() {
  if (!timed_out_ && std::chrono::steady_clock::now() >= deadline_) {
    timed_out_ = true;
    report_.errors.push_back("llm: stopped at the time limit (sleep.maxSeconds = " +
                             std::to_string(options_.max_seconds) +
                             "); the units not done stay pending for the next pass");
  }
  return timed_out_;
}

bool LlmStage::no_room() {
  constexpr int64_t kMinPromptTokens = 256;
  if (prompt_room() >= kMinPromptTokens) return false;
  if (!reported_no_room_) {
    reported_no_room_ = true;
    report_.errors.push_back("llm: llm.contextTokens (" + std::to_string(options_.context_tokens) +
                             ") leaves no room for a prompt beside llm.maxOutputTokens (" +
                             std::to_string(options_.max_output_tokens) + "); raise it");
  }
  return true;
}

Status LlmStage::collect_units() {
  TRY_ASSIGN(files_, store_.files());
  TRY_ASSIGN(const FileCounts counts, load_file_counts(store_));
  for (const auto& f : files_) {
    exists_.insert(f.path);
    for (std::string d = dir_of(f.path); !d.empty(); d = dir_of(d)) dirs_.insert(d);
    if (f.status != store::FileStatus::kIndexed || options_.deny.matches(f.path)) continue;
    if (restricted_ && !only_.count(f.path)) continue;
    TRY_ASSIGN(bool done, arts_.has(kSummary, f.path, f.oid, kSummaryVersion, provider_.name()));
    if (done) continue;
    TRY_ASSIGN(auto any, arts_.best(kSummary, f.path, "", kSummaryVersion));
    const double staleness = any && !any->offline() ? 1.0 : 2.0;
    const double value = (1.0 + std::log2(1.0 + static_cast<double>(counts.commits_of(f.path)))) *
                         (1.0 + std::log2(1.0 + static_cast<double>(counts.importers_of(f.path)))) *
                         staleness;
    modules_.push_back(Unit{Unit::Kind::kModule, f, value});
  }
  std::stable_sort(modules_.begin(), modules_.end(),
                   [](const Unit& a, const Unit& b) { return a.value > b.value; });
  TRY_ASSIGN(auto ov, arts_.best(kOverview, "", "", kRollupVersion));
  if (ov && ov->offline() && wanted(kOverview)) {
    TRY_ASSIGN(bool done,
               arts_.has(kOverview, "", ov->input_key, kRollupVersion, provider_.name()));
    overview_pending_ = !done;
  }
  TRY_ASSIGN(auto an, arts_.best(kAnticipation, "", "", kAnticipationVersion));
  if (an && an->offline() && wanted(kAnticipation)) {
    TRY_ASSIGN(bool done,
               arts_.has(kAnticipation, "", an->input_key, kAnticipationVersion, provider_.name()));
    anticipation_pending_ = !done;
  }
  return {};
}

Result<std::string> LlmStage::call(const Prompt& p, const char* purpose) {
  llm::Request req;
  req.system = p.system;
  req.messages.push_back({"user", p.user});
  req.max_output_tokens = options_.max_output_tokens;
  req.json_schema = p.schema;
  req.schema_name = p.schema_name;
  req.purpose = purpose;
  req.phase = llm::Phase::kSleep;
  req.deadline = deadline_;
  // A cut reply may be asked for again with a larger limit, within the context.
  req.max_output_cap = static_cast<int>(
      std::clamp<int64_t>(options_.context_tokens - prompt_tokens(p), 0, 1'000'000));
  const auto t0 = std::chrono::steady_clock::now();
  auto resp = provider_.complete(req);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  store::LlmCall rec{"sleep", provider_.name(), provider_.model(), purpose, 0, 0, ms, bool(resp),
                     ""};
  ++report_.calls;
  last_call_tokens_ = 0;
  if (!resp) {
    rec.error = resp.error().message;
    TRY_ASSIGN(auto held, guard());
    TRY(arts_.record_call(rec));
    ++failures_in_a_row_;
    report_.errors.push_back(std::string(purpose) + ": " + resp.error().message);
    return std::string();
  }
  failures_in_a_row_ = 0;
  rec.prompt_tokens = resp->usage.prompt_tokens;
  rec.completion_tokens = resp->usage.completion_tokens;
  if (!resp->model.empty()) rec.model = resp->model;
  {
    TRY_ASSIGN(auto held, guard());
    TRY(arts_.record_call(rec));
  }
  last_call_tokens_ = rec.prompt_tokens + rec.completion_tokens;
  report_.tokens += last_call_tokens_;
  auto reply = llm::extract_json(resp->text);
  if (!reply) {
    report_.errors.push_back(std::string(purpose) + ": " + reply.error().message);
    return std::string();
  }
  return *reply;
}

int64_t cost_of(const Prompt& p, int max_output) {
  return estimate_tokens(p.system) + estimate_tokens(p.user) + estimate_tokens(p.schema) +
         max_output;
}

Status LlmStage::do_overview() {
  if (!overview_pending_ || stopped()) return {};
  TRY_ASSIGN(auto ov, arts_.best(kOverview, "", "", kRollupVersion));
  TRY_ASSIGN(auto dirs, arts_.all_of_kind(kDirSummary));
  std::vector<std::string> lines;
  for (const auto& d : dirs) {
    if (auto r = decode_rollup(d.content); r && d.offline())
      lines.push_back(indexer::first_doc_line(r->summary));
  }
  auto offline = decode_rollup(ov->content);
  const Prompt p =
      fit_prompt(overview_prompt(offline ? offline->summary : "", lines), prompt_room());
  if (cost_of(p, options_.max_output_tokens) > remaining()) return {};
  TRY_ASSIGN(std::string reply, call(p, "overview"));
  if (reply.empty()) return {};
  auto r = decode_rollup_reply(reply);
  if (!r) {
    report_.errors.push_back("overview: " + r.error().message);
    return {};
  }
  const store::Artifact art{kOverview,
                            "",
                            ov->input_key,
                            kRollupVersion,
                            provider_.name(),
                            provider_.model(),
                            encode(*r),
                            last_call_tokens_,
                            0};
  TRY_ASSIGN(auto held, guard());
  TRY(arts_.put(art));
  report_.written.push_back(art);
  ++report_.artifacts;
  overview_pending_ = false;
  return {};
}

Result<std::pair<Prompt, ModuleFacts>> LlmStage::module_request(const store::FileRecord& f) {
  TRY_ASSIGN(ModuleFacts m, load_module(store_, f, options_.now_time));
  std::string source;
  if (auto oid = git::Oid::from_hex(f.oid)) {
    if (auto blob = repo_.read_blob(*oid); blob && blob->content.size() <= kMaxSourceBytes) {
      source = stc::sanitize_utf8(blob->content);
    }
  }
  // Within the context: a shorter source excerpt first, then a cut prompt.
  int64_t source_tokens = options_.source_tokens;
  Prompt p = module_prompt(m, source, source_tokens);
  for (int round = 0; round < 6 && prompt_tokens(p) > prompt_room() && source_tokens > 0; ++round) {
    source_tokens -= prompt_tokens(p) - prompt_room() + 32;
    if (source_tokens < 64) source_tokens = 0;
    p = module_prompt(m, source_tokens > 0 ? source : std::string(), source_tokens);
  }
  p = fit_prompt(std::move(p), prompt_room());
  return std::make_pair(std::move(p), std::move(m));
}

Status LlmStage::store_module_reply(const store::FileRecord& f, const std::string& text,
                                    int64_t tokens) {
  auto reply = decode_module_reply(text);
  if (!reply) {
    report_.errors.push_back(f.path + ": " + reply.error().message);
    return {};
  }
  for (auto& n : reply->notes.notes) {
    // Keep only files of the repository (or new ones beside existing directories).
    std::erase_if(n.files, [&](const std::string& p) {
      return !exists_.count(p) && !dirs_.count(dir_of(p));
    });
  }
  const store::Artifact summary{kSummary,
                                f.path,
                                f.oid,
                                kSummaryVersion,
                                provider_.name(),
                                provider_.model(),
                                encode(reply->summary),
                                tokens,
                                0};
  const store::Artifact notes{kLlmNotes,
                              f.path,
                              f.oid,
                              kNotesVersion,
                              provider_.name(),
                              provider_.model(),
                              encode(reply->notes),
                              0,
                              0};
  TRY_ASSIGN(auto held, guard());
  TRY(store_.begin());
  auto st = arts_.put(summary);
  if (st) st = arts_.put(notes);
  if (!st) {
    store_.rollback();
    return st;
  }
  TRY(store_.commit());
  report_.written.push_back(summary);
  report_.written.push_back(notes);
  report_.artifacts += 2;
  return {};
}

Status LlmStage::do_modules(double budget_share) {
  const int64_t stop_at =
      static_cast<int64_t>(static_cast<double>(options_.budget) * (1.0 - budget_share));
  while (next_module_ < modules_.size() && !stopped() && remaining() > stop_at) {
    const Unit& u = modules_[next_module_];
    TRY_ASSIGN(auto req, module_request(u.file));
    if (cost_of(req.first, options_.max_output_tokens) > remaining()) return {};
    ++next_module_;
    TRY_ASSIGN(std::string reply, call(req.first, "summary"));
    if (!reply.empty()) TRY(store_module_reply(u.file, reply, last_call_tokens_));
    progress_.update(next_module_);
  }
  return {};
}

Status LlmStage::do_anticipation() {
  if (!anticipation_pending_ || stopped()) return {};
  TRY_ASSIGN(auto an, arts_.best(kAnticipation, "", "", kAnticipationVersion));
  TRY_ASSIGN(auto ov, arts_.best(kOverview, "", "", kRollupVersion));
  std::string overview;
  if (ov) {
    if (auto r = decode_rollup(ov->content)) overview = r->summary;
  }
  std::vector<std::string> module_lines, patterns;
  for (const auto& f : files_) {
    if (f.status != store::FileStatus::kIndexed || module_lines.size() >= 80) continue;
    TRY_ASSIGN(auto s, arts_.best(kSummary, f.path, f.oid, kSummaryVersion));
    std::string line = f.path;
    if (s) {
      if (auto d = decode_summary(s->content)) line += ": " + indexer::first_doc_line(d->summary);
    }
    module_lines.push_back(line);
  }
  if (auto offline = decode_anticipation(an->content)) {
    for (const auto& r : offline->requests) {
      std::string files;
      for (const auto& p : r.plan) files += (files.empty() ? "" : ", ") + p.path;
      patterns.push_back(r.title + " -> " + files);
    }
  }
  const Prompt p = fit_prompt(anticipation_prompt(overview, module_lines, patterns), prompt_room());
  if (cost_of(p, 2 * options_.max_output_tokens) > remaining()) return {};
  TRY_ASSIGN(std::string reply, call(p, "anticipation"));
  if (reply.empty()) return {};
  auto ant = decode_anticipation_reply(reply);
  if (!ant) {
    report_.errors.push_back("anticipation: " + ant.error().message);
    return {};
  }
  for (auto& r : ant->requests) {
    std::erase_if(r.plan, [&](const PlannedFile& f) {
      return f.action == "create" ? (exists_.count(f.path) ||
                                     (!dirs_.count(dir_of(f.path)) && !dir_of(f.path).empty()))
                                  : !exists_.count(f.path);
    });
  }
  std::erase_if(ant->requests, [](const AnticipatedRequest& r) { return r.plan.empty(); });
  for (size_t i = 0; i < ant->requests.size(); ++i) {
    ant->requests[i].score = 1.0 / static_cast<double>(i + 1);
  }
  const store::Artifact art{kAnticipation,
                            "",
                            an->input_key,
                            kAnticipationVersion,
                            provider_.name(),
                            provider_.model(),
                            encode(*ant),
                            last_call_tokens_,
                            0};
  TRY_ASSIGN(auto held, guard());
  TRY(arts_.put(art));
  report_.written.push_back(art);
  ++report_.artifacts;
  anticipation_pending_ = false;
  return {};
}

Result<LlmStageReport> LlmStage::run() {
  TRY(collect_units());
  progress_.start("llm", modules_.size());
  TRY(do_overview());
  TRY(do_modules(anticipation_pending_ ? 0.7 : 1.0));
  TRY(do_anticipation());
  TRY(do_modules(1.0));
  progress_.finish();
  report_.pending = static_cast<int64_t>(modules_.size() - next_module_) +
                    (overview_pending_ ? 1 : 0) + (anticipation_pending_ ? 1 : 0);
  // Modules whose calls failed are pending too (they have no artifact).
  for (size_t i = 0; i < next_module_; ++i) {
    TRY_ASSIGN(bool done, arts_.has(kSummary, modules_[i].file.path, modules_[i].file.oid,
                                    kSummaryVersion, provider_.name()));
    if (!done) ++report_.pending;
  }
  return report_;
}

}  // namespace

LlmStageOptions llm_stage_options(const Config& config, int64_t budget, int64_t now_time) {
  LlmStageOptions o;
  o.budget = budget;
  o.max_output_tokens = config.llm.max_output_tokens;
  o.parallel = config.llm.max_concurrency;
  o.context_tokens = config.llm.context_tokens;
  o.max_seconds = config.sleep.max_seconds;
  o.deny = secret_deny_list(config.sleep.deny);
  o.now_time = now_time;
  return o;
}

Result<LlmStageReport> refine_with_llm(const git::Repository& repo, store::IndexStore& store,
                                       llm::Provider& provider, const LlmStageOptions& options,
                                       Progress& progress) {
  LlmStage stage(repo, store, provider, options, progress);
  return stage.run();
}

Result<std::vector<store::Artifact>> llm_unit_keys(store::IndexStore& store,
                                                   const std::string& provider,
                                                   const std::string& model, const GlobSet& deny) {
  store::ArtifactStore arts = store.artifacts();
  std::vector<store::Artifact> keys;
  TRY_ASSIGN(auto missing, arts.modules_missing_summary(kSummaryVersion, provider));
  for (const auto& path : missing) {
    if (deny.matches(path)) continue;
    TRY_ASSIGN(auto file, store.file(path));
    if (!file) continue;
    keys.push_back(
        store::Artifact{kSummary, path, file->oid, kSummaryVersion, provider, model, "", 0, 0});
    keys.push_back(
        store::Artifact{kLlmNotes, path, file->oid, kNotesVersion, provider, model, "", 0, 0});
  }
  const std::pair<const char*, int> repo_wide[] = {{kOverview, kRollupVersion},
                                                   {kAnticipation, kAnticipationVersion}};
  for (const auto& [kind, version] : repo_wide) {
    TRY_ASSIGN(auto best, arts.best(kind, "", "", version));
    if (!best || !best->offline()) continue;
    keys.push_back(store::Artifact{kind, "", best->input_key, version, provider, model, "", 0, 0});
  }
  return keys;
}

Result<int64_t> count_llm_pending(store::IndexStore& store, const std::string& provider,
                                  const GlobSet& deny) {
  store::ArtifactStore arts = store.artifacts();
  // Offline, the stage's mark saves the anti-join over every file.
  bool complete = false;
  if (provider == "offline") {
    TRY_ASSIGN(complete, offline_modules_complete(store));
  }
  std::vector<std::string> missing;
  if (!complete) {
    TRY_ASSIGN(missing, arts.modules_missing_summary(kSummaryVersion, provider));
  }
  int64_t n = 0;
  for (const auto& path : missing) {
    if (!deny.matches(path)) ++n;
  }
  // The overview and anticipation, as collect_units counts them: pending
  // while only the offline version of their current inputs exists.
  const std::pair<const char*, int> repo_wide[] = {{kOverview, kRollupVersion},
                                                   {kAnticipation, kAnticipationVersion}};
  for (const auto& [kind, version] : repo_wide) {
    TRY_ASSIGN(auto best, arts.best(kind, "", "", version));
    if (!best || !best->offline()) continue;
    TRY_ASSIGN(bool done, arts.has(kind, "", best->input_key, version, provider));
    if (!done) ++n;
  }
  return n;
}

}  // namespace stc::indexer::sleep
