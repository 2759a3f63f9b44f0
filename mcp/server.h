#pragma once
// `stc mcp`: a Model Context Protocol server over newline-delimited JSON-RPC
// 2.0. Server is the dispatcher (one message in, at most one message out);
// serve() is the stdio loop around it. Tests drive either with strings/pipes.
//
// Protocol revisions are those the published specifications define:
// initialize answers with the client's protocolVersion when it is one of
// 2025-11-25, 2025-06-18, 2025-03-26 or 2024-11-05, else with the newest
// (the client then decides whether to go on). Every request is answered the
// same way in every revision; ping works. Tools are served to requests that
// have not initialized too (lenient).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stc::mcp {

struct ServerOptions {
  std::string directory = ".";  // anywhere inside the repository served
  std::string version;          // stc's version, for serverInfo
};

/// The newest protocol revision served.
inline constexpr const char* kLatestVersion = "2025-11-25";

/// Dispatches JSON-RPC messages. Not thread-safe: one message at a time.
class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Handles one incoming line; returns the response line, or nullopt for
  /// notifications and responses (nothing to answer). Never throws.
  std::optional<std::string> handle_line(std::string_view line);

  /// The answer to a line that exceeded the transport's cap (-32600, id null).
  std::string line_too_long(size_t max_bytes) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads messages from `in_fd` until end of input, answering on `out_fd`.
/// Lines over `max_line_bytes` are answered with an error and skipped without
/// being buffered. Returns when input ends (a clean shutdown); kIo when
/// reading or writing fails (the client went away).
Status serve(Server& server, int in_fd, int out_fd, size_t max_line_bytes);

}  // namespace stc::mcp
