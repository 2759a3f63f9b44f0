#include "core/secrets.h"

namespace stc {

GlobSet secret_deny_list(const std::vector<std::string>& extra) {
  GlobSet set({".env", ".env.*", "*.env", "*.pem", "*.key", "*.p12", "*.pfx", "*.keystore", "id_*",
               "*.secret", "secrets.*", "credentials*", ".netrc", ".npmrc", ".pypirc", "*.kdbx",
               ".htpasswd", "*.gpg"});
  for (const auto& p : extra) set.add(p);
  return set;
}

}  // namespace stc
