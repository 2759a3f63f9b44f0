#include "core/config.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "core/text.h"

namespace stc {
namespace {

const char* const kDefaultExcludes[] = {
    "node_modules/", "vendor/",     "third_party/",      "thirdparty/", "bower_components/",
    ".venv/",        "venv/",       "__pycache__/",      "dist/",       "*.min.js",
    "*.min.css",     "*.bundle.js", "*.pb.go",           "*_pb2.py",    "*_pb2_grpc.py",
    "*.pb.h",        "*.pb.cc",     "package-lock.json", "yarn.lock",   "pnpm-lock.yaml",
    "Cargo.lock",    "go.sum",      "poetry.lock",       "*.map",
};

constexpr uint64_t kMaxFileSizeLimit = uint64_t{1} << 30;

// The name of a setting as the user wrote it: "STC_JOBS (index.jobs)" for an
// environment variable, "index.jobs" in a file (whose name is the origin).
std::string setting_name(std::string_view origin, std::string_view key) {
  if (stc::starts_with(origin, "STC_")) return std::string(origin) + " (" + std::string(key) + ")";
  return std::string(origin) + ": " + std::string(key);
}

Result<uint64_t> parse_size(std::string_view value, std::string_view origin, std::string_view key) {
  uint64_t n = 0;
  auto v = stc::trim(value);
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  uint64_t mult = 1;
  std::string_view suffix(ptr, static_cast<size_t>(v.data() + v.size() - ptr));
  if (suffix == "k" || suffix == "K")
    mult = 1024;
  else if (suffix == "m" || suffix == "M")
    mult = 1024 * 1024;
  else if (!suffix.empty())
    ec = std::errc::invalid_argument;
  if (ec != std::errc() || v.empty() || n == 0 || n > kMaxFileSizeLimit / mult) {
    return fail(ErrorCode::kBadInput,
                setting_name(origin, key) +
                    " must be a size in bytes from 1 to 1G (e.g. 1048576, 512K or 1M), got '" +
                    std::string(value) + "'");
  }
  return n * mult;
}

// A whole number from `min` to `max`; `note` (if any) says what a special value means.
Result<int64_t> parse_count(std::string_view value, std::string_view origin, std::string_view key,
                            int64_t min, int64_t max, std::string_view note = "") {
  const auto v = stc::trim(value);
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec == std::errc() && ptr == v.data() + v.size() && !v.empty() && n >= min && n <= max) {
    return n;
  }
  return fail(ErrorCode::kBadInput, setting_name(origin, key) + " must be a whole number from " +
                                        std::to_string(min) + " to " + std::to_string(max) +
                                        (note.empty() ? "" : " (" + std::string(note) + ")") +
                                        ", got '" + std::string(value) + "'");
}

Result<bool> parse_bool(std::string_view value, std::string_view origin, std::string_view key) {
  const std::string v = stc::to_lower(stc::trim(value));
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  return fail(ErrorCode::kBadInput, setting_name(origin, key) + " must be true or false, got '" +
                                        std::string(value) + "'");
}

Status bad_value(std::string_view origin, std::string_view key, std::string_view expected,
                 std::string_view value) {
  return fail(ErrorCode::kBadInput, setting_name(origin, key) + " must be " +
                                        std::string(expected) + ", got '" + std::string(value) +
                                        "'");
}

using Setter = std::function<Status(Config&, std::string_view, std::string_view)>;

// A setter for an integer field of LlmConfig accepting [min, max].
Setter llm_int(int LlmConfig::*field, std::string_view key, int min, int max) {
  return [=](Config& c, std::string_view value, std::string_view origin) -> Status {
    const auto v = stc::trim(value);
    int n = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || ptr != v.data() + v.size() || n < min || n > max) {
      return bad_value(origin, key,
                       "an integer from " + std::to_string(min) + " to " + std::to_string(max),
                       value);
    }
    c.llm.*field = n;
    return {};
  };
}

// A setter for a string field of LlmConfig.
Setter llm_string(std::string LlmConfig::*field) {
  return [=](Config& c, std::string_view value, std::string_view) -> Status {
    c.llm.*field = std::string(stc::trim(value));
    return {};
  };
}

// llm.baseUrl: "" (the provider's default) or http(s)://host[:port][/path].
Status set_base_url(Config& c, std::string_view value, std::string_view origin) {
  const std::string v(stc::trim(value));
  const std::string lower = stc::to_lower(v);
  const size_t scheme = lower.find("://");
  const std::string_view rest =
      scheme == std::string::npos ? std::string_view() : std::string_view(v).substr(scheme + 3);
  const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  const bool http = scheme != std::string::npos && (lower.compare(0, scheme, "http") == 0 ||
                                                    lower.compare(0, scheme, "https") == 0);
  const bool ok = v.empty() || (http && !host.empty() && host.front() != ':' &&
                                v.find_first_of(" \t\r\n") == std::string::npos);
  if (!ok) {
    return bad_value(origin, "llm.baseUrl",
                     "an http:// or https:// URL such as http://localhost:11434/v1", value);
  }
  c.llm.base_url = v;
  return {};
}

const std::array<std::string_view, 3> kProviders = {"offline", "openai", "anthropic"};

Status set_provider(Config& c, std::string_view value, std::string_view origin) {
  const std::string v = stc::to_lower(stc::trim(value));
  for (auto p : kProviders) {
    if (v == p) {
      c.llm.provider = v;
      return {};
    }
  }
  return bad_value(origin, "llm.provider", "offline, openai or anthropic", value);
}

Status set_temperature(Config& c, std::string_view value, std::string_view origin) {
  const auto v = stc::trim(value);
  double t = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
  if (ec != std::errc() || ptr != v.data() + v.size() || !(t >= 0 && t <= 2)) {
    return bad_value(origin, "llm.temperature", "a number from 0 to 2", value);
  }
  c.llm.temperature = t;
  return {};
}

// The password part of a connection URI or conninfo string: [begin, end) of
// each secret, empty when there is none.
std::vector<std::pair<size_t, size_t>> password_spans(std::string_view url) {
  std::vector<std::pair<size_t, size_t>> spans;
  const std::string lower = stc::to_lower(url);
  if (const size_t scheme = lower.find("://"); scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t host_end = lower.find_first_of("/?#", start);
    const size_t at = lower.rfind('@', host_end == std::string::npos ? lower.size() : host_end);
    if (at != std::string::npos && at > start) {
      const size_t colon = lower.find(':', start);
      if (colon != std::string::npos && colon < at) spans.emplace_back(colon + 1, at);
    }
  }
  for (size_t pos = lower.find("password="); pos != std::string::npos;
       pos = lower.find("password=", pos + 1)) {
    const size_t begin = pos + 9;
    const size_t end = lower.find_first_of("& \t", begin);
    spans.emplace_back(begin, end == std::string::npos ? lower.size() : end);
  }
  return spans;
}

// share.url: a file may not hold a password (STC_SHARE_URL, from the
// environment, may); libpq reads PGPASSWORD or ~/.pgpass.
Status set_share_url(Config& c, std::string_view value, std::string_view origin) {
  const std::string v(stc::trim(value));
  if (origin != "STC_SHARE_URL" && !password_spans(v).empty()) {
    return fail(ErrorCode::kBadInput,
                setting_name(origin, "share.url") +
                    " holds a password; remove it and set PGPASSWORD or use ~/.pgpass (got '" +
                    redact_url_password(v) + "')");
  }
  c.share.url = v;
  return {};
}

struct Setting {
  std::string_view key;
  Setter set;
};

const Setting kSettings[] = {
    {"index.maxfilesize",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(c.index.max_file_bytes, parse_size(v, o, "index.maxFileSize"));
       return {};
     }},
    {"index.exclude",
     [](Config& c, std::string_view v, std::string_view) -> Status {
       c.index.exclude.add(std::string(stc::trim(v)));
       return {};
     }},
    {"index.gitattributes",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(c.index.use_gitattributes, parse_bool(v, o, "index.gitattributes"));
       return {};
     }},
    {"index.jobs",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_count(v, o, "index.jobs", 0, 256, "0 means one per core"));
       c.index.jobs = static_cast<unsigned>(n);
       return {};
     }},
    {"store.path",
     [](Config& c, std::string_view v, std::string_view) -> Status {
       c.store_path = std::string(stc::trim(v));
       return {};
     }},
    {"llm.provider", set_provider},
    {"llm.baseurl", set_base_url},
    {"llm.model", llm_string(&LlmConfig::model)},
    {"llm.apikeyenv", llm_string(&LlmConfig::api_key_env)},
    {"llm.timeoutms", llm_int(&LlmConfig::timeout_ms, "llm.timeoutMs", 1, 3600000)},
    {"llm.connecttimeoutms",
     llm_int(&LlmConfig::connect_timeout_ms, "llm.connectTimeoutMs", 1, 600000)},
    {"llm.maxretries", llm_int(&LlmConfig::max_retries, "llm.maxRetries", 0, 20)},
    {"llm.maxconcurrency", llm_int(&LlmConfig::max_concurrency, "llm.maxConcurrency", 1, 64)},
    {"llm.maxoutputtokens",
     llm_int(&LlmConfig::max_output_tokens, "llm.maxOutputTokens", 1, 1000000)},
    {"llm.temperature", set_temperature},
    {"llm.contexttokens", llm_int(&LlmConfig::context_tokens, "llm.contextTokens", 512, 10000000)},
    {"history.maxfilespercommit",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_count(v, o, "history.maxFilesPerCommit", 1, 100000));
       c.history.max_files_per_commit = static_cast<size_t>(n);
       return {};
     }},
    {"history.halflifedays",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_count(v, o, "history.halfLifeDays", 1, 36500));
       c.history.half_life_days = static_cast<double>(n);
       return {};
     }},
    {"sleep.budget",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_count(v, o, "sleep.budget", 0, 1000000000, "LLM tokens per pass"));
       c.sleep.budget = static_cast<int64_t>(n);
       return {};
     }},
    {"sleep.maxseconds",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       const auto t = stc::trim(v);
       int n = 0;
       auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
       if (ec != std::errc() || ptr != t.data() + t.size() || n < 1 || n > 86400) {
         return bad_value(o, "sleep.maxSeconds", "a number of seconds from 1 to 86400", v);
       }
       c.sleep.max_seconds = n;
       return {};
     }},
    {"sleep.deny",
     [](Config& c, std::string_view v, std::string_view) -> Status {
       c.sleep.deny.emplace_back(stc::trim(v));
       return {};
     }},
    {"share.url", set_share_url},
    {"share.namespace",
     [](Config& c, std::string_view v, std::string_view) -> Status {
       c.share.name = std::string(stc::trim(v));
       return {};
     }},
    {"share.enqueue",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(c.share.enqueue, parse_bool(v, o, "share.enqueue"));
       return {};
     }},
    {"share.connecttimeout",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_count(v, o, "share.connectTimeout", 1, 600, "seconds"));
       c.share.connect_timeout_s = static_cast<int>(n);
       return {};
     }},
    {"share.statementtimeoutms",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_count(v, o, "share.statementTimeoutMs", 1, 3600000));
       c.share.statement_timeout_ms = static_cast<int>(n);
       return {};
     }},
    {"watch.idleseconds",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_count(v, o, "watch.idleSeconds", 1, 86400));
       c.watch.idle_seconds = static_cast<int>(n);
       return {};
     }},
};

struct ProviderDefaults {
  std::string_view provider;
  std::string_view base_url;
  std::string_view model;
  std::string_view api_key_env;
};

const ProviderDefaults kProviderDefaults[] = {
    {"openai", "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY"},
    {"anthropic", "https://api.anthropic.com", "claude-haiku-4-5", "ANTHROPIC_API_KEY"},
};

std::string or_none(const std::string& s) { return s.empty() ? "(none)" : s; }

std::string describe_key_env(const std::string& var) {
  if (var.empty()) return "(none)";
  const char* value = std::getenv(var.c_str());
  return var + (value && *value ? " (set)" : " (not set)");
}

}  // namespace

Config default_config() {
  Config c;
  for (const char* p : kDefaultExcludes) c.index.exclude.add(p);
  return c;
}

Status apply_setting(Config& config, std::string_view key, std::string_view value,
                     std::string_view origin) {
  const std::string k = stc::to_lower(key);
  for (const auto& s : kSettings) {
    if (s.key == k) return s.set(config, value, origin);
  }
  // Sections of other tools sharing the file are ignored, not errors.
  if (stc::starts_with(k, "index.") || stc::starts_with(k, "store.") ||
      stc::starts_with(k, "llm.") || stc::starts_with(k, "history.") ||
      stc::starts_with(k, "sleep.") || stc::starts_with(k, "watch.") ||
      stc::starts_with(k, "share.")) {
    return fail(ErrorCode::kBadInput,
                std::string(origin) + ": unknown setting '" + std::string(key) + "'");
  }
  return {};
}

Status apply_environment(Config& config) {
  struct EnvVar {
    const char* name;
    const char* key;
  };
  const EnvVar vars[] = {
      {"STC_STORE", "store.path"},          {"STC_MAX_FILE_SIZE", "index.maxFileSize"},
      {"STC_JOBS", "index.jobs"},           {"STC_PROVIDER", "llm.provider"},
      {"STC_BASE_URL", "llm.baseUrl"},      {"STC_MODEL", "llm.model"},
      {"STC_SLEEP_BUDGET", "sleep.budget"}, {"STC_SHARE_URL", "share.url"},
  };
  for (const auto& v : vars) {
    if (const char* value = std::getenv(v.name); value && *value) {
      TRY(apply_setting(config, v.key, value, v.name));
    }
  }
  return {};
}

LlmConfig resolved_llm(const LlmConfig& llm) {
  LlmConfig r = llm;
  for (const auto& d : kProviderDefaults) {
    if (r.provider != d.provider) continue;
    if (r.base_url.empty()) r.base_url = d.base_url;
    if (r.model.empty()) r.model = d.model;
    if (r.api_key_env.empty()) r.api_key_env = d.api_key_env;
  }
  return r;
}

std::string redact_url_password(std::string_view url) {
  std::string out(url);
  auto spans = password_spans(url);
  std::sort(spans.begin(), spans.end());
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    out.replace(it->first, it->second - it->first, "***");
  }
  return out;
}

std::string index_fingerprint(const Config& config) {
  std::string fp = "max=" + std::to_string(config.index.max_file_bytes) +
                   ";attrs=" + (config.index.use_gitattributes ? "1" : "0") + ";ex=";
  for (const auto& p : config.index.exclude.patterns()) fp += p + "\x1f";
  return fp;
}

std::vector<std::string> describe(const Config& config) {
  std::vector<std::string> lines;
  lines.push_back("index.maxFileSize = " + std::to_string(config.index.max_file_bytes));
  lines.push_back(std::string("index.gitattributes = ") +
                  (config.index.use_gitattributes ? "true" : "false"));
  lines.push_back("index.jobs = " + std::to_string(config.index.jobs));
  for (const auto& p : config.index.exclude.patterns()) lines.push_back("index.exclude = " + p);
  if (!config.store_path.empty()) lines.push_back("store.path = " + config.store_path);
  const LlmConfig llm = resolved_llm(config.llm);
  lines.push_back("llm.provider = " + llm.provider);
  lines.push_back("llm.baseUrl = " + or_none(llm.base_url));
  lines.push_back("llm.model = " + or_none(llm.model));
  lines.push_back("llm.apiKeyEnv = " + describe_key_env(llm.api_key_env));
  lines.push_back("llm.timeoutMs = " + std::to_string(llm.timeout_ms));
  lines.push_back("llm.connectTimeoutMs = " + std::to_string(llm.connect_timeout_ms));
  lines.push_back("llm.maxRetries = " + std::to_string(llm.max_retries));
  lines.push_back("llm.maxConcurrency = " + std::to_string(llm.max_concurrency));
  lines.push_back("llm.maxOutputTokens = " + std::to_string(llm.max_output_tokens));
  char temperature[32];
  std::snprintf(temperature, sizeof temperature, "%g", llm.temperature);
  lines.push_back(std::string("llm.temperature = ") + temperature);
  lines.push_back("llm.contextTokens = " + std::to_string(llm.context_tokens));
  lines.push_back("history.maxFilesPerCommit = " +
                  std::to_string(config.history.max_files_per_commit));
  lines.push_back("history.halfLifeDays = " +
                  std::to_string(static_cast<int>(config.history.half_life_days)));
  lines.push_back("sleep.budget = " + std::to_string(config.sleep.budget));
  lines.push_back("sleep.maxSeconds = " + std::to_string(config.sleep.max_seconds));
  for (const auto& p : config.sleep.deny) lines.push_back("sleep.deny = " + p);
  lines.push_back("watch.idleSeconds = " + std::to_string(config.watch.idle_seconds));
  lines.push_back("share.url = " + or_none(redact_url_password(config.share.url)));
  lines.push_back("share.namespace = " + or_none(config.share.name));
  lines.push_back(std::string("share.enqueue = ") + (config.share.enqueue ? "true" : "false"));
  lines.push_back("share.connectTimeout = " + std::to_string(config.share.connect_timeout_s));
  lines.push_back("share.statementTimeoutMs = " +
                  std::to_string(config.share.statement_timeout_ms));
  return lines;
}

}  // namespace stc
