#pragma once
// The Anthropic Messages API provider: POST {base_url}/v1/messages with
// x-api-key and anthropic-version: 2023-06-01. The API has no JSON mode, so a
// request's json_schema becomes an instruction at the end of the system prompt.

#include <memory>
#include <string>

#include "core/config.h"
#include "llm/provider.h"

namespace stc::llm {

/// `config` is resolved (resolved_llm); `api_key` is not empty; `deps` has
/// http and clock set.
std::unique_ptr<Provider> make_anthropic_provider(const LlmConfig& config, std::string api_key,
                                                  ProviderDeps deps);

}  // namespace stc::llm
