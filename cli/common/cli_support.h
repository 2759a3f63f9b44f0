#pragma once
// What the subcommands of every stc binary share: the global options, the
// shape of a subcommand's work, progress on stderr, and the provider with
// its offline fallback. Each binary registers only the global options it has
// (stc: -C, -q; stc-agent: -C, -q, --scope; stc-eval: -q).

#include <functional>
#include <memory>
#include <string>

#include "core/config.h"
#include "core/progress.h"
#include "core/result.h"
#include "llm/provider.h"

namespace stc::cli::common {

struct GlobalOptions {
  std::string directory = ".";  // -C DIR
  bool quiet = false;           // -q: no progress or warnings on stderr
  std::string scope;            // --scope DIR ("" = the whole repository)
};

/// A subcommand's work; set by the subcommand's callback, run by main().
using Command = std::function<Status()>;

/// A progress bar on stderr when it is a terminal (and not `quiet`), cleared
/// when a phase ends; silent otherwise (stc, stc-agent).
std::unique_ptr<Progress> make_progress(bool quiet);
/// One line per phase on stderr when it ends, "phase done/total (seconds)",
/// redrawn live on a terminal; silent when `quiet` (stc-eval's long runs).
std::unique_ptr<Progress> make_phase_progress(bool quiet);

/// The provider the configuration names; when it cannot be made (a key
/// variable not set) says why on stderr (unless `quiet`) and falls back to
/// offline (llm::provider_or_offline), so offline work still gets done.
std::unique_ptr<llm::Provider> provider_or_offline(const Config& config, bool quiet,
                                                   const char* program);

}  // namespace stc::cli::common
