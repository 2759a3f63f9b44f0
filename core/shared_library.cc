#include "core/shared_library.h"

#include <dlfcn.h>

namespace stc {

SharedLibrary::SharedLibrary(const char* soname, const char* install_hint) : soname_(soname) {
  handle_ = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* why = ::dlerror();
    error_ = "cannot load " + soname_ + " (" + (why ? why : "not found") + "); install it (" +
             install_hint + ")";
  }
}

void* SharedLibrary::symbol(const char* name) {
  if (!handle_) return nullptr;
  void* p = ::dlsym(handle_, name);
  if (!p && error_.empty()) error_ = soname_ + " has no " + name;
  return p;
}

}  // namespace stc
