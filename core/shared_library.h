#pragma once
// A system library opened with dlopen when a module first needs it, rather
// than linked: libcurl and libpq (with TLS, Kerberos, LDAP, SSH behind them)
// cost every stc process about 20 ms of dynamic loading when linked, and most
// processes never use them. The owning module (llm/http, indexer/share)
// resolves the header's own functions into pointers of their declared types:
//
//   SharedLibrary lib("libpq.so.5", "Debian: apt install libpq5");
//   decltype(&::PQfinish) finish = nullptr;
//   lib.bind(finish, "PQfinish");
//   if (!lib.error().empty()) ...  // why it cannot be used, for a message
//
// The handle is never closed (the functions stay valid for the process).

#include <string>

namespace stc {

class SharedLibrary {
 public:
  /// Opens `soname` now (RTLD_NOW | RTLD_LOCAL); `install_hint` ends the
  /// error when it cannot be opened.
  SharedLibrary(const char* soname, const char* install_hint);

  /// Sets `fn` to the library's `name`; a missing symbol becomes the error
  /// (the first one only) and leaves `fn` null.
  template <typename Fn>
  void bind(Fn*& fn, const char* name) {
    fn = reinterpret_cast<Fn*>(symbol(name));
  }

  /// Why the library cannot be used; "" when it was opened with every symbol bound.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  void* symbol(const char* name);

  std::string soname_;
  void* handle_ = nullptr;
  std::string error_;
};

}  // namespace stc
