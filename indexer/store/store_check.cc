#include "indexer/store/store_check.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace stc::indexer::store {
namespace {

std::string stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  std::ostringstream s;
  s << st.st_dev << ' ' << st.st_ino << ' ' << st.st_size << ' ' << st.st_mtim.tv_sec << '.'
    << st.st_mtim.tv_nsec;
  return s.str();
}

// `index.checked` beside the default `index.db`; `<name>.checked` beside any
// other store, so two stores in one directory (STC_STORE, the evaluation's
// stores) do not overwrite each other's stamp and check again every time.
std::string stamp_path(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + (name == "index.db" ? std::string("index.checked") : name + ".checked");
}

std::string read_stamp(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

void write_stamp(const std::string& file, const std::string& stamp) {
  const std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << stamp << '\n';
    if (!out.flush()) return;
  }
  (void)std::rename(tmp.c_str(), file.c_str());
}

}  // namespace

Status check_store_if_changed(IndexStore& store, const std::string& path) {
  const std::string stamp = stamp_of(path);
  const std::string file = stamp_path(path);
  if (stamp.empty() || read_stamp(file) == stamp) return {};
  TRY_ASSIGN(const std::string finding, connection(store).quick_check());
  if (!finding.empty()) {
    return fail(ErrorCode::kBadInput, damaged_store_message(path, finding));
  }
  // Checked against the file as it was before the check; a checkpoint that
  // ran meanwhile changed the stamp, and the next opener checks again.
  write_stamp(file, stamp);
  return {};
}

bool checkpoint_keeping_stamp(const std::string& path, const std::function<bool()>& checkpoint) {
  const std::string file = stamp_path(path);
  const std::string before = stamp_of(path);
  const bool was_sound = !before.empty() && read_stamp(file) == before;
  const bool complete = checkpoint();
  if (complete && was_sound) {
    if (const std::string after = stamp_of(path); !after.empty()) write_stamp(file, after);
  }
  return complete;
}

}  // namespace stc::indexer::store
