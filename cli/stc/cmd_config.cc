// `stc config`: the effective configuration (defaults, user file, .stc.conf,
// environment), never showing secrets.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/stc/cli_support.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct ConfigFlags {
  bool json = false;
};

Status run(const GlobalOptions& g, const ConfigFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  const std::vector<std::string> lines = describe(ws.config);
  const std::string repo_file = ws.repo.workdir() + ".stc.conf";
  const std::string user_file = indexer::user_config_path();
  if (f.json) {
    nlohmann::json settings = nlohmann::json::object();
    for (const auto& line : lines) {
      const size_t eq = line.find(" = ");
      if (eq == std::string::npos) continue;
      const std::string key = line.substr(0, eq);
      const std::string value = line.substr(eq + 3);
      if (settings.contains(key)) {
        if (!settings[key].is_array()) settings[key] = nlohmann::json::array({settings[key]});
        settings[key].push_back(value);
      } else {
        settings[key] = value;
      }
    }
    print_json({{"files", {{"user", user_file}, {"repository", repo_file}}},
                {"store", ws.store_path},
                {"settings", settings}});
    return {};
  }
  std::printf("# user file:       %s\n# repository file: %s\n# store:           %s\n",
              user_file.c_str(), repo_file.c_str(), ws.store_path.c_str());
  for (const auto& line : lines) std::printf("%s\n", line.c_str());
  return {};
}

}  // namespace

void register_config(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<ConfigFlags>();
  auto* cmd = app.add_subcommand("config", "Show the effective configuration (no secrets)");
  cmd->add_flag("--json", flags->json, "Print JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
