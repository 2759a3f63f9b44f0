// LLM-written lessons (rehearsal_lessons.h): one strict-JSON call per
// practice task with misses.

#include "agent/rehearsal_lessons.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/tokens.h"
#include "llm/json_reply.h"

namespace stc::agent {
namespace {

constexpr int kLessonMaxOutput = 300;
constexpr size_t kLessonMaxKeywords = 8;

constexpr const char* kLessonSystem =
    "You help a code-search agent learn from a repository's history. You get a change "
    "request, the files the real change touched, the files a search for the request "
    "missed, and the diff of the missed files. Write one lesson: a single sentence "
    "saying when a later request needs those files and why, and up to 8 keywords a "
    "later request would use (plain words, no file names). Reply with JSON only.";

constexpr const char* kLessonSchema =
    R"({"type":"object","properties":{"lesson":{"type":"string"},)"
    R"("keywords":{"type":"array","items":{"type":"string"}}},)"
    R"("required":["lesson","keywords"],"additionalProperties":false})";

std::string lesson_user_text(const LessonInput& in) {
  return "Request: " + in.request + "\nFiles the change touched: " + stc::join(in.changed, ", ") +
         "\nMissed by the search: " + stc::join(in.missed, ", ") +
         "\nDiff of the missed files:\n```diff\n" + in.diff + "```\n";
}

std::optional<LessonDraft> decode_lesson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("lesson") || !j["lesson"].is_string() ||
      !j.contains("keywords") || !j["keywords"].is_array())
    return std::nullopt;
  LessonDraft d;
  d.text = stc::truncate_utf8(j["lesson"].get<std::string>(), 400);
  for (const auto& k : j["keywords"]) {
    if (!k.is_string()) return std::nullopt;
    if (d.keywords.size() < kLessonMaxKeywords)
      d.keywords.push_back(stc::truncate_utf8(k.get<std::string>(), 40));
  }
  if (d.text.empty()) return std::nullopt;
  return d;
}

}  // namespace

int64_t lesson_cost(const LessonInput& in) {
  return estimate_tokens(kLessonSystem) + estimate_tokens(lesson_user_text(in)) +
         estimate_tokens(kLessonSchema) + kLessonMaxOutput;
}

Result<std::optional<LessonDraft>> write_lesson(llm::Provider& provider,
                                                indexer::store::ArtifactStore& calls,
                                                const LessonInput& in, int64_t& tokens,
                                                std::string& problem) {
  llm::Request req;
  req.system = kLessonSystem;
  req.messages.push_back({"user", lesson_user_text(in)});
  req.max_output_tokens = kLessonMaxOutput;
  req.json_schema = kLessonSchema;
  req.schema_name = "lesson";
  req.purpose = "lesson";
  req.phase = llm::Phase::kSleep;
  const auto t0 = std::chrono::steady_clock::now();
  auto resp = provider.complete(req);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  indexer::store::LlmCall rec{
      "sleep", provider.name(), provider.model(), "lesson", 0, 0, ms, bool(resp), ""};
  tokens = 0;
  if (!resp) {
    rec.error = resp.error().message;
    problem = "lesson: " + resp.error().message;
    TRY(calls.record_call(rec));
    return std::optional<LessonDraft>();
  }
  rec.prompt_tokens = resp->usage.prompt_tokens;
  rec.completion_tokens = resp->usage.completion_tokens;
  if (!resp->model.empty()) rec.model = resp->model;
  TRY(calls.record_call(rec));
  tokens = rec.prompt_tokens + rec.completion_tokens;
  auto reply = llm::extract_json(resp->text);
  if (!reply) {
    problem = "lesson: " + reply.error().message;
    return std::optional<LessonDraft>();
  }
  auto d = decode_lesson(*reply);
  if (!d) problem = "lesson: the reply is not a lesson (want {lesson, keywords})";
  return d;
}

}  // namespace stc::agent
