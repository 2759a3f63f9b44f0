#include "core/config.h"

#include <charconv>
#include <cstdlib>
#include <functional>

#include "core/text.h"

namespace stc {
namespace {

const char* const kDefaultExcludes[] = {
    "node_modules/", "vendor/",       "third_party/",  "thirdparty/", "bower_components/",
    ".venv/",        "venv/",         "__pycache__/",  "dist/",       "*.min.js",
    "*.min.css",     "*.bundle.js",   "*.pb.go",       "*_pb2.py",    "*_pb2_grpc.py",
    "*.pb.h",        "*.pb.cc",       "package-lock.json", "yarn.lock", "pnpm-lock.yaml",
    "Cargo.lock",    "go.sum",        "poetry.lock",   "*.map",
};

Result<uint64_t> parse_size(std::string_view value, std::string_view origin,
                            std::string_view key) {
  uint64_t n = 0;
  auto v = text::trim(value);
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  uint64_t mult = 1;
  std::string_view suffix(ptr, static_cast<size_t>(v.data() + v.size() - ptr));
  if (suffix == "k" || suffix == "K") mult = 1024;
  else if (suffix == "m" || suffix == "M") mult = 1024 * 1024;
  else if (!suffix.empty()) ec = std::errc::invalid_argument;
  if (ec != std::errc() || v.empty()) {
    return fail(ErrorCode::kBadInput, std::string(origin) + ": " + std::string(key) +
                                          " must be a number of bytes (e.g. 1048576 or 1M), got '" +
                                          std::string(value) + "'");
  }
  return n * mult;
}

Result<bool> parse_bool(std::string_view value, std::string_view origin, std::string_view key) {
  const std::string v = text::to_lower(text::trim(value));
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  return fail(ErrorCode::kBadInput, std::string(origin) + ": " + std::string(key) +
                                        " must be true or false, got '" + std::string(value) + "'");
}

using Setter = std::function<Status(Config&, std::string_view, std::string_view)>;

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
       c.index.exclude.add(std::string(text::trim(v)));
       return {};
     }},
    {"index.gitattributes",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(c.index.use_gitattributes, parse_bool(v, o, "index.gitattributes"));
       return {};
     }},
    {"index.jobs",
     [](Config& c, std::string_view v, std::string_view o) -> Status {
       TRY_ASSIGN(auto n, parse_size(v, o, "index.jobs"));
       c.index.jobs = static_cast<unsigned>(n);
       return {};
     }},
    {"store.path",
     [](Config& c, std::string_view v, std::string_view) -> Status {
       c.store_path = std::string(text::trim(v));
       return {};
     }},
};

}  // namespace

Config default_config() {
  Config c;
  for (const char* p : kDefaultExcludes) c.index.exclude.add(p);
  return c;
}

Status apply_setting(Config& config, std::string_view key, std::string_view value,
                     std::string_view origin) {
  const std::string k = text::to_lower(key);
  for (const auto& s : kSettings) {
    if (s.key == k) return s.set(config, value, origin);
  }
  // Sections owned by later parts (llm.*, sleep.*) are ignored here, not errors.
  if (text::starts_with(k, "index.") || text::starts_with(k, "store.")) {
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
      {"STC_STORE", "store.path"},
      {"STC_MAX_FILE_SIZE", "index.maxFileSize"},
      {"STC_JOBS", "index.jobs"},
  };
  for (const auto& v : vars) {
    if (const char* value = std::getenv(v.name); value && *value) {
      TRY(apply_setting(config, v.key, value, v.name));
    }
  }
  return {};
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
  return lines;
}

}  // namespace stc
