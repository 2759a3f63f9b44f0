// `stc export agents-md`: writes or updates the stc section of AGENTS.md (or
// CLAUDE.md, or any file) with the repository overview and likely changes.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>

#include "cli/stc/cli_support.h"
#include "core/text.h"
#include "core/tree_path.h"
#include "mcp/agents_md.h"
#include "mcp/repo_session.h"

namespace stc::cli {
namespace {

struct ExportFlags {
  std::string file = "AGENTS.md";
  bool json = false;
};

// The file --file names, refused (kBadInput) unless it is inside the work
// tree, outside .git and not reached through a symlink that leaves the tree.
// A relative --file is relative to the root of the work tree. Returns the
// file to write, symlinks resolved.
Result<std::string> export_target(const indexer::git::Repository& repo, const std::string& file) {
  TRY_ASSIGN(const TreeGuard guard, TreeGuard::open(repo.workdir(), repo.git_dir()));
  auto checked = guard.resolve(file, AbsolutePaths::kAllowInside);
  std::string why = checked ? "" : checked.error().message;
  if (checked && checked->exists && !checked->regular) why = "not a regular file";
  if (!why.empty()) {
    return fail(ErrorCode::kBadInput, "--file " + file + ": " + why +
                                          "; name a file inside the work tree, e.g. AGENTS.md");
  }
  return checked->abs.string();  // symlinks resolved: a link inside the tree updates its target
}

Status run_agents_md(const GlobalOptions& g, const ExportFlags& f) {
  TRY_ASSIGN(auto session, mcp::open_repo_session(g.directory));
  const std::string warning = indexer::staleness_warning(session->freshness);
  if (!warning.empty() && !g.quiet) std::fprintf(stderr, "stc: warning: %s\n", warning.c_str());
  TRY_ASSIGN(const std::string target, export_target(session->ws.repo, f.file));
  const std::string path = std::filesystem::path(f.file).is_absolute()
                               ? f.file
                               : session->ws.repo.workdir() + f.file;  // as named, for the report
  TRY_ASSIGN(std::string section, mcp::agents_md_section(*session));
  TRY_ASSIGN(auto outcome, mcp::write_section(target, section));
  if (f.json) {
    print_json({{"file", stc::escape_path(path)}, {"outcome", mcp::to_string(outcome)}});
  } else {
    std::printf("%s: %s (stc section between %s and %s)\n", path.c_str(), mcp::to_string(outcome),
                mcp::kBeginMarker, mcp::kEndMarker);
  }
  return {};
}

}  // namespace

void register_export(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto* cmd = app.add_subcommand("export", "Export the index for agents that read files");
  cmd->require_subcommand(1);
  auto flags = std::make_shared<ExportFlags>();
  auto* md = cmd->add_subcommand(
      "agents-md",
      "Write or update the stc section of AGENTS.md / CLAUDE.md (text outside it is kept)");
  md->add_option("--file", flags->file,
                 "Target file, relative to the repository root (default AGENTS.md)");
  md->add_flag("--json", flags->json, "Print JSON on stdout");
  md->callback([&g, &out, flags] { out = [&g, flags] { return run_agents_md(g, *flags); }; });
}

}  // namespace stc::cli
