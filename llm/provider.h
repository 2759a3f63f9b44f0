#pragma once
// One interface to every LLM stc can use. Three providers:
//   offline    the default: no network at all; complete() always fails with
//              kUnavailable, and callers keep their extractive artifacts;
//   openai     OpenAI-compatible Chat Completions (OpenAI, Ollama, llama.cpp,
//              vLLM, LM Studio, OpenRouter...);
//   anthropic  the Anthropic Messages API.
// The HTTP providers cap the requests they have in flight (llm.maxConcurrency),
// time out (llm.timeoutMs), and retry transient failures (retry.h). The API
// key is read from the environment once, when the provider is made, and never
// appears in an error message.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "llm/http/http_client.h"
#include "llm/retry.h"

namespace stc::llm {

enum class Phase { kSleep, kTest };

/// "sleep" or "test", as recorded with each call.
const char* phase_name(Phase phase);

struct Message {
  std::string role;  // "user" or "assistant"
  std::string content;
};

struct Request {
  std::string system;
  std::vector<Message> messages;
  int max_output_tokens = 0;  // 0: llm.maxOutputTokens
  /// Optional JSON Schema text: asks for a JSON reply of that shape (native
  /// structured output where the API has it, an instruction otherwise). The
  /// reply text should still go through extract_json (json_reply.h).
  std::string json_schema;
  std::string schema_name;  // e.g. "module_summary"
  std::string purpose;      // "summary", "notes", "plan"... for accounting
  Phase phase = Phase::kSleep;
  /// A reply cut at its output limit is asked for once more with twice the
  /// limit, at most this many tokens (0: no cap); a cap not above the limit
  /// means no retry.
  int max_output_cap = 0;
  /// When set, no attempt starts and no retry waits past this instant, and an
  /// attempt's timeout is cut to the time left (a pass's wall-time bound).
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  /// True when the API reported no usage and the counts come from estimate_tokens.
  bool estimated = false;
};

struct Response {
  std::string text;
  Usage usage;
  std::string model;  // as reported by the API (may differ from the configured one)
  int attempts = 1;   // HTTP attempts, retries and format fallbacks included
  double seconds = 0;
  /// Why the model stopped, as the API said ("stop", "end_turn"...; "" if not said).
  std::string stop_reason;
  /// True when the model stopped at the output limit (finish_reason "length",
  /// stop_reason "max_tokens"); complete() never returns such a reply.
  bool truncated = false;
};

/// A language model. Thread-safe: complete() may be called from several threads.
class Provider {
 public:
  virtual ~Provider() = default;
  [[nodiscard]] virtual std::string name() const = 0;   // "offline" | "openai" | "anthropic"
  [[nodiscard]] virtual std::string model() const = 0;  // "" for offline
  [[nodiscard]] virtual bool offline() const = 0;

  /// Sends one request. Errors:
  ///   kUnavailable  offline provider; transport failure or 408/409/429/5xx
  ///                 after the retries; a reply that cannot be read;
  ///   kBadInput     the API refused the request (400, 401, 403, 404, 422...):
  ///                 bad key, unknown model, invalid request.
  /// Replies are checked before they are returned, for every caller:
  ///   - a reply cut at the output limit is asked for once more with a larger
  ///     limit (Request::max_output_cap); cut again, it is kUnavailable —
  ///     a cut reply is never returned;
  ///   - a reply holding a NUL byte is refused (kUnavailable): no caller can
  ///     store or write one.
  /// Messages name the provider, the HTTP status and the API's own error text
  /// (cut to ~300 characters); an unknown model (404) names llm.model / STC_MODEL.
  virtual Result<Response> complete(const Request& request) = 0;
};

/// What a provider uses from the outside world; tests replace each part.
struct ProviderDeps {
  std::shared_ptr<http::HttpClient> http;  // null: CurlHttpClient
  std::shared_ptr<Clock> clock;            // null: SystemClock
  uint64_t jitter_seed = 0;                // 0: random
};

/// Builds the provider named by `config` (after resolved_llm defaults).
/// Errors (kBadInput): unknown provider; a base URL that is not http(s); the key variable named by
/// the config is not set (openai allows no key when base_url is not api.openai.com, for local
/// servers; anthropic always needs one). Messages name the variable, never a value.
Result<std::unique_ptr<Provider>> make_provider(const LlmConfig& config, ProviderDeps deps);
Result<std::unique_ptr<Provider>> make_provider(const LlmConfig& config,
                                                std::shared_ptr<http::HttpClient> http = nullptr);

/// The offline provider (extractive, no network) with the rest of `config`.
std::unique_ptr<Provider> offline_provider(const LlmConfig& config);

/// The provider `config` names, or the offline one when it cannot be made (a
/// key variable not set, an unknown provider): `warning` then says why
/// (never a key's value), so offline work still gets done.
struct ProviderChoice {
  std::unique_ptr<Provider> provider;
  std::string warning;  // "" when the configured provider was made
};
ProviderChoice provider_or_offline(const LlmConfig& config);

/// Runs `requests` on up to `max_parallel` threads and returns their results
/// in the same order. The provider's own concurrency cap still applies.
std::vector<Result<Response>> complete_all(Provider& provider, const std::vector<Request>& requests,
                                           int max_parallel);

}  // namespace stc::llm
