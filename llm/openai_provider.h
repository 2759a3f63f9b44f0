#pragma once
// The OpenAI-compatible Chat Completions provider: POST {base_url}/chat/completions
// ({base_url}/v1/chat/completions when the base URL names only the server).
// Works with OpenAI and the servers that copy its API (Ollama, llama.cpp,
// vLLM, LM Studio, OpenRouter). Servers differ in what they accept; the
// provider learns from their 400 replies, once per provider object:
//   - response_format json_schema refused -> json_object -> none (the schema
//     then goes into the system prompt);
//   - max_tokens refused in favour of max_completion_tokens -> switches;
//   - a temperature the model does not support -> omitted.

#include <memory>
#include <string>

#include "core/config.h"
#include "llm/provider.h"

namespace stc::llm {

/// `config` is resolved (resolved_llm); `api_key` may be empty (no
/// Authorization header); `deps` has http and clock set.
std::unique_ptr<Provider> make_openai_provider(const LlmConfig& config, std::string api_key,
                                               ProviderDeps deps);

}  // namespace stc::llm
