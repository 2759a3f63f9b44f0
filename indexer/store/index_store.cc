#include "indexer/store/index_store.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_set>

#include "core/commit_message.h"
#include "core/text.h"
#include "indexer/store/schema.h"
#include "indexer/store/store_check.h"
#include "indexer/store/symbol_pack.h"
#include "indexer/syntax/skeleton.h"

namespace stc::indexer::store {
namespace {

std::string path_tokens_sql(std::string_view path) { return stc::path_tokens(path); }

std::string commit_summary_sql(std::string_view message) { return stc::commit_summary(message); }

const char* const kStatusNames[] = {"indexed",  "text",    "binary",    "too_large",
                                    "excluded", "symlink", "submodule", "unavailable"};

std::string blob_key(const std::string& oid, const std::string& lang) { return oid + ":" + lang; }

// The blob with id ?1 and language ?2, through the index blobs_oid
// (schema::oid_equals).
const std::string& blob_by_oid() {
  static const std::string kSql = schema::oid_equals("oid", "?1") + " AND lang = ?2";
  return kSql;
}

// The text the search table indexes for a blob comes from its row through
// the view search_rows, with these functions: its definitions' names (each
// also split into words), their doc comments (a line each, after the
// module's doc), and its references.
std::string definition_names(const std::vector<syntax::Definition>& defs) {
  std::string names;
  for (const auto& d : defs) {
    names.append(d.name).push_back(' ');
    const auto words = stc::split_words(d.name);
    for (size_t i = 0; i < words.size(); ++i) {
      if (i) names.push_back(' ');
      names.append(words[i]);
    }
    names.push_back(' ');
  }
  return names;
}

std::string definition_docs(const std::vector<syntax::Definition>& defs) {
  std::string doc;
  for (const auto& d : defs) {
    if (!d.doc.empty()) doc.append(d.doc).push_back('\n');
  }
  return doc;
}

// The view asks for a row's names and then its docs: the second call finds
// the definitions the first one unpacked. Null for a damaged value.
const std::vector<syntax::Definition>* unpack_for_view(std::string_view packed) {
  thread_local std::string last_packed;
  thread_local std::optional<std::vector<syntax::Definition>> last;
  if (!last || packed != last_packed) {
    last = unpack_definitions(packed);
    last_packed.assign(packed);
  }
  return last ? &*last : nullptr;
}

// A damaged value gives no text here; reading the definitions themselves
// reports the damage (IndexStore::symbols).
std::string definition_names_sql(std::string_view packed) {
  const auto* defs = unpack_for_view(packed);
  return defs ? definition_names(*defs) : std::string();
}

std::string definition_docs_sql(std::string_view packed) {
  const auto* defs = unpack_for_view(packed);
  return defs ? definition_docs(*defs) : std::string();
}

std::string unpack_text_sql(std::string_view packed) {
  return unpack_text(packed).value_or(std::string());
}

std::string unpack_references_sql(std::string_view packed, std::string_view packed_definitions) {
  return unpack_references(packed, packed_definitions).value_or(std::string());
}

std::string references_text(const syntax::FileFacts& facts) {
  std::string refs;
  for (const auto& r : facts.references) refs.append(r).push_back(' ');
  return refs;
}

// A blob's definitions as rows, numbered in order.
std::vector<SymbolRow> symbol_rows_of(std::vector<syntax::Definition> defs) {
  std::vector<SymbolRow> out;
  out.reserve(defs.size());
  for (size_t i = 0; i < defs.size(); ++i) {
    out.push_back(SymbolRow{static_cast<int32_t>(i), std::move(defs[i])});
  }
  return out;
}

// Same word, or a shared stem of five letters ("retries" ~ "retry" is not,
// but "configure" ~ "configuration" is).
bool words_match(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (a.size() < 5 || b.size() < 5) return false;
  return a.compare(0, 5, b, 0, 5) == 0;
}

}  // namespace

const char* to_string(FileStatus status) { return kStatusNames[static_cast<int>(status)]; }

std::optional<FileStatus> file_status_from(std::string_view s) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i) {
    if (s == kStatusNames[i]) return static_cast<FileStatus>(i);
  }
  return std::nullopt;
}

Result<IndexStore> IndexStore::open(const std::string& path, OpenMode mode) {
  TRY_ASSIGN(Database db, Database::open(path, mode));
  TRY_ASSIGN(int64_t version, db.query_int("PRAGMA user_version"));
  const int64_t latest = kSchemaVersion;
  if (version > latest) {
    return fail(ErrorCode::kBadInput,
                "the index at " + path + " was written by a newer stc (schema " +
                    std::to_string(version) + ", this stc knows " + std::to_string(latest) +
                    "); upgrade stc or remove the file");
  }
  if (version == 0 && mode == OpenMode::kReadOnly) {
    return fail(ErrorCode::kBadInput, "the index at " + path +
                                          " was never completed (a first `stc init` was " +
                                          "interrupted); run `stc init`");
  }
  if (version < latest && mode == OpenMode::kReadOnly) {
    return fail(ErrorCode::kBadInput, "the index at " + path + " needs `stc index` to upgrade it");
  }
  // Before the migrations: the search view computes its text with these.
  TRY(db.create_function("stc_path_tokens", path_tokens_sql));
  TRY(db.create_function("stc_definition_names", definition_names_sql));
  TRY(db.create_function("stc_definition_docs", definition_docs_sql));
  TRY(db.create_function("stc_unpack_text", unpack_text_sql));
  TRY(db.create_function("stc_unpack_references", unpack_references_sql));
  TRY(db.create_function("stc_commit_summary", commit_summary_sql));
  TRY(schema::upgrade(db, version));
  TRY(schema::check_tables(db, path));
  return IndexStore(std::move(db));
}

Database& connection(IndexStore& store) { return store.db_; }

Result<StatementCache::Lease> cached_statement(IndexStore& store, const char* sql) {
  return store.stmt(sql);
}

Result<std::optional<std::string>> IndexStore::meta(const std::string& key) {
  TRY_ASSIGN(auto s, stmt("SELECT value FROM meta WHERE key = ?"));
  s->bind(1, key);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(s->column_text(0));
}

Status IndexStore::set_meta(const std::string& key, const std::string& value) {
  TRY_ASSIGN(auto s, stmt("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
  return s->bind(1, key).bind(2, value).run();
}

Result<std::unordered_map<std::string, KnownBlob>> IndexStore::known_blobs() {
  TRY_ASSIGN(auto s, stmt("SELECT id, oid, lang, bytes FROM blobs WHERE extractor = ?"));
  s->bind(1, int64_t{kExtractorVersion});
  std::unordered_map<std::string, KnownBlob> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) break;
    out.emplace(blob_key(s->column_text(1), s->column_text(2)),
                KnownBlob{s->column_int(0), static_cast<uint64_t>(s->column_int(3))});
  }
  return out;
}

Result<std::optional<KnownBlob>> IndexStore::lookup_blob(const std::string& oid,
                                                         const std::string& language) {
  static const std::string kSql =
      std::string("SELECT id, bytes FROM blobs WHERE ") + blob_by_oid() + " AND extractor = ?3";
  TRY_ASSIGN(auto s, stmt(kSql));
  s->bind(1, oid).bind(2, language).bind(3, int64_t{kExtractorVersion});
  TRY_ASSIGN(bool row, s->step());
  std::optional<KnownBlob> out;
  if (row) out = KnownBlob{s->column_int(0), static_cast<uint64_t>(s->column_int(1))};
  return out;
}

Result<std::optional<int64_t>> IndexStore::find_blob(const std::string& oid,
                                                     const std::string& language) {
  static const std::string kSql =
      std::string("SELECT id FROM blobs WHERE ") + blob_by_oid() + " AND extractor = ?3";
  TRY_ASSIGN(auto s, stmt(kSql));
  s->bind(1, oid).bind(2, language).bind(3, int64_t{kExtractorVersion});
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(s->column_int(0));
}

Result<int64_t> IndexStore::put_blob(const BlobRecord& blob) {
  static const std::string kSql = std::string("SELECT id FROM blobs WHERE ") + blob_by_oid();
  TRY_ASSIGN(auto old, stmt(kSql));
  old->bind(1, blob.oid).bind(2, blob.language);
  TRY_ASSIGN(bool exists, old->step());
  if (exists) {
    const int64_t id = old->column_int(0);
    old->reset();
    TRY(note_search_drift(id));
    TRY_ASSIGN(auto di, stmt("DELETE FROM blob_imports WHERE blob = ?"));
    TRY(di->bind(1, id).run());
    TRY_ASSIGN(auto db, stmt("DELETE FROM blobs WHERE id = ?"));
    TRY(db->bind(1, id).run());
  }
  const auto& f = blob.facts;
  std::string refs_text = references_text(f);
  const std::string encoded = encode_definitions(f.definitions);
  const std::string definitions = pack_text(encoded);
  const std::string refs = pack_references(refs_text, encoded);
  TRY_ASSIGN(auto ins, stmt("INSERT INTO blobs(oid, lang, extractor, bytes, lines, has_errors, "
                            "module_doc, refs, symbols, definitions) "
                            "VALUES(?,?,?,?,?,?,?,?,?,?)"));
  ins->bind(1, blob.oid).bind(2, blob.language).bind(3, int64_t{kExtractorVersion});
  ins->bind(4, static_cast<int64_t>(blob.bytes)).bind(5, int64_t{f.lines});
  ins->bind(6, int64_t{f.has_errors}).bind_unowned(7, f.module_doc).bind_blob(8, refs);
  ins->bind(9, static_cast<int64_t>(f.definitions.size())).bind_blob(10, definitions);
  TRY(ins->run());
  const int64_t id = db_.last_insert_rowid();
  if (keep_search_text_) {
    // The view's text: COALESCE(module_doc || char(10) || docs, '') etc.
    search_text_[id] =
        SearchText{definition_names(f.definitions),
                   f.module_doc + "\n" + definition_docs(f.definitions), std::move(refs_text)};
  }

  if (!f.imports.empty()) {
    TRY_ASSIGN(auto imp, stmt("INSERT INTO blob_imports(blob, imports) VALUES(?, ?)"));
    TRY(imp->bind(1, id).bind_blob(2, pack_imports(f.imports)).run());
  }
  return id;
}

Result<std::optional<BlobRecord>> IndexStore::blob_record(const std::string& oid,
                                                          const std::string& language) {
  TRY_ASSIGN(auto id, find_blob(oid, language));
  if (!id) return std::optional<BlobRecord>();
  TRY_ASSIGN(auto info, blob_info(*id));
  if (!info) return std::optional<BlobRecord>();
  BlobRecord r;
  r.oid = oid;
  r.language = language;
  r.bytes = info->bytes;
  r.skeleton = info->skeleton;
  r.facts.lines = info->lines;
  r.facts.has_errors = info->has_errors;
  r.facts.module_doc = info->module_doc;
  TRY_ASSIGN(auto symbols, this->symbols(*id));
  for (auto& row : symbols) r.facts.definitions.push_back(std::move(row.def));
  TRY_ASSIGN(r.facts.imports, imports(*id));
  TRY_ASSIGN(const std::string refs, blob_refs(*id));
  for (auto word : stc::split(refs, ' ')) {
    if (!word.empty()) r.facts.references.emplace_back(word);
  }
  return std::optional<BlobRecord>(std::move(r));
}

Result<std::optional<BlobInfo>> IndexStore::blob_info(int64_t blob_id,
                                                      std::vector<SymbolRow>* symbol_rows) {
  TRY_ASSIGN(auto s, stmt("SELECT lang, bytes, lines, has_errors, module_doc, oid, definitions "
                          "FROM blobs WHERE id = ?"));
  s->bind(1, blob_id);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<BlobInfo>();
  BlobInfo b;
  b.id = blob_id;
  b.language = s->column_text(0);
  b.bytes = static_cast<uint64_t>(s->column_int(1));
  b.lines = static_cast<uint32_t>(s->column_int(2));
  b.has_errors = s->column_int(3) != 0;
  b.module_doc = s->column_text(4);
  syntax::FileFacts facts;
  TRY_ASSIGN(facts.definitions, unpack_row_definitions(*s, 5, 6));
  s->reset();
  b.skeleton = syntax::render_skeleton(facts);
  if (symbol_rows) *symbol_rows = symbol_rows_of(std::move(facts.definitions));
  return std::optional<BlobInfo>(std::move(b));
}

Result<std::vector<SymbolRow>> IndexStore::symbols(int64_t blob_id) {
  TRY_ASSIGN(auto s, stmt("SELECT oid, definitions FROM blobs WHERE id = ?"));
  s->bind(1, blob_id);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::vector<SymbolRow>();
  TRY_ASSIGN(auto defs, unpack_row_definitions(*s, 0, 1));
  return symbol_rows_of(std::move(defs));
}

Result<std::vector<syntax::Definition>> IndexStore::unpack_row_definitions(const Statement& s,
                                                                           int oid_column,
                                                                           int packed_column) {
  auto defs = unpack_definitions(s.column_blob(packed_column));
  if (!defs) {
    return fail(
        ErrorCode::kBadInput,
        damaged_store_message(
            db_.path(), "the definitions of blob " + s.column_text(oid_column) + " do not unpack"));
  }
  return std::move(*defs);
}

Result<std::vector<syntax::Import>> IndexStore::imports(int64_t blob_id) {
  TRY_ASSIGN(auto s, stmt("SELECT blob, imports FROM blob_imports WHERE blob = ?"));
  s->bind(1, blob_id);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::vector<syntax::Import>();
  return unpack_row_imports(*s, 1);
}

Result<std::vector<syntax::Import>> IndexStore::unpack_row_imports(const Statement& s,
                                                                   int packed_column) {
  auto imports = unpack_imports(s.column_blob(packed_column));
  if (!imports) {
    return fail(
        ErrorCode::kBadInput,
        damaged_store_message(db_.path(), "the imports of blob " +
                                              std::to_string(s.column_int(packed_column - 1)) +
                                              " do not unpack"));
  }
  return std::move(*imports);
}

Result<std::string> IndexStore::blob_refs(int64_t blob_id) {
  TRY_ASSIGN(auto s, stmt("SELECT oid, refs, definitions FROM blobs WHERE id = ?"));
  s->bind(1, blob_id);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::string();
  auto refs = unpack_references(s->column_blob(1), s->column_blob(2));
  if (!refs) {
    return fail(ErrorCode::kBadInput,
                damaged_store_message(
                    db_.path(), "the references of blob " + s->column_text(0) + " do not unpack"));
  }
  return std::move(*refs);
}

Status IndexStore::put_file(const FileRecord& file) {
  TRY(delete_file(file.path));
  TRY_ASSIGN(auto ins, stmt("INSERT INTO files(path, oid, lang, status, blob) "
                            "VALUES(?,?,?,?,?)"));
  ins->bind(1, file.path).bind(2, file.oid).bind(3, file.language);
  ins->bind(4, std::string_view(to_string(file.status))).bind(5, file.blob_id);
  TRY(ins->run());
  const int64_t id = db_.last_insert_rowid();
  TRY_ASSIGN(auto s, stmt("INSERT INTO search(rowid, path, path_tokens, names, doc, refs) "
                          "SELECT id, path, path_tokens, names, doc, refs FROM search_rows "
                          "WHERE id = ?"));
  return s->bind(1, id).run();
}

Status IndexStore::put_files(const std::vector<FileRecord>& files) {
  std::unordered_set<std::string_view> paths;
  for (const auto& f : files) paths.insert(f.path);
  if (files.size() < 2 || paths.size() < files.size()) {
    for (const auto& f : files) TRY(put_file(f));  // one at a time: a path twice
    return {};
  }
  // The rows replaced, then one deletion of their search rows (with the
  // values they were indexed with, read through the view before the rows go).
  TRY_ASSIGN(auto find, stmt("SELECT id FROM files WHERE path = ?"));
  std::string old_ids;
  for (const auto& f : files) {
    find->bind(1, f.path);
    TRY_ASSIGN(bool row, find->step());
    if (row) old_ids += (old_ids.empty() ? "" : ",") + std::to_string(find->column_int(0));
    find->reset();
  }
  if (!old_ids.empty()) {
    TRY(rebuild_search_if_drifted());
    TRY(
        db_.exec("INSERT INTO search(search, rowid, path, path_tokens, names, doc, refs) "
                 "SELECT 'delete', id, path, path_tokens, names, doc, refs FROM search_rows "
                 "WHERE id IN (" +
                 old_ids + ")"));
  }
  // The file rows one by one, as put_file would (so the same ids), then
  // one insertion of their search rows.
  TRY_ASSIGN(auto del, stmt("DELETE FROM files WHERE path = ?"));
  TRY_ASSIGN(auto ins, stmt("INSERT INTO files(path, oid, lang, status, blob) VALUES(?,?,?,?,?)"));
  std::string new_ids;
  for (const auto& f : files) {
    TRY(del->bind(1, f.path).run());
    ins->bind(1, f.path).bind(2, f.oid).bind(3, f.language);
    ins->bind(4, std::string_view(to_string(f.status))).bind(5, f.blob_id);
    TRY(ins->run());
    new_ids += (new_ids.empty() ? "" : ",") + std::to_string(db_.last_insert_rowid());
  }
  return db_.exec(
      "INSERT INTO search(rowid, path, path_tokens, names, doc, refs) SELECT id, path, "
      "path_tokens, names, doc, refs FROM search_rows WHERE id IN (" +
      new_ids + ") ORDER BY id");
}

// `search` keeps no copy of its text (external content: the view
// search_rows), so a row leaves it through the 'delete' command with the
// values it was indexed with: the view's, as long as no blob row a file
// points at was replaced since (note_search_drift); otherwise the index is
// rebuilt from the view first.
Status IndexStore::note_search_drift(int64_t blob_id) {
  // Without its index (dropped for a first bulk load, which recreates
  // `search` at the end anyway) the lookup would scan every file per blob.
  TRY_ASSIGN(const int64_t indexed, db_.query_int("SELECT COUNT(*) FROM sqlite_master WHERE "
                                                  "type = 'index' AND name = 'files_blob'"));
  if (indexed != 0) {
    TRY_ASSIGN(auto s, stmt("SELECT 1 FROM files WHERE blob = ? LIMIT 1"));
    s->bind(1, blob_id);
    TRY_ASSIGN(const bool referenced, s->step());
    s->reset();
    if (!referenced) return {};
  }
  return set_meta(schema::kSearchDriftKey, "1");
}

Status IndexStore::rebuild_search_if_drifted() {
  TRY_ASSIGN(auto drift, meta(schema::kSearchDriftKey));
  if (!drift) return {};
  TRY(db_.exec("INSERT INTO search(search) VALUES('rebuild')"));
  TRY_ASSIGN(auto clear, stmt("DELETE FROM meta WHERE key = ?"));
  return clear->bind(1, std::string_view(schema::kSearchDriftKey)).run();
}

Status IndexStore::delete_search_row(int64_t file_id) {
  TRY(rebuild_search_if_drifted());
  TRY_ASSIGN(auto s, stmt("INSERT INTO search(search, rowid, path, path_tokens, names, doc, "
                          "refs) SELECT 'delete', id, path, path_tokens, names, doc, refs "
                          "FROM search_rows WHERE id = ?"));
  return s->bind(1, file_id).run();
}

Status IndexStore::delete_file(const std::string& path) {
  TRY_ASSIGN(auto find, stmt("SELECT id FROM files WHERE path = ?"));
  find->bind(1, path);
  TRY_ASSIGN(bool row, find->step());
  if (!row) return {};
  const int64_t id = find->column_int(0);
  find->reset();
  TRY(delete_search_row(id));
  TRY_ASSIGN(auto df, stmt("DELETE FROM files WHERE id = ?"));
  return df->bind(1, id).run();
}

Status IndexStore::clear_files() { return schema::clear_structure(db_); }

void IndexStore::checkpoint_if_larger(int64_t max_bytes) {
  (void)checkpoint_keeping_stamp(db_.path(), [&] { return db_.checkpoint_if_larger(max_bytes); });
}

Status IndexStore::put_files_bulk(const std::vector<FileRecord>& files) {
  TRY_ASSIGN(const int64_t before, db_.query_int("SELECT COALESCE(MAX(id), 0) FROM files"));
  TRY_ASSIGN(auto ins, stmt("INSERT INTO files(path, oid, lang, status, blob) "
                            "VALUES(?,?,?,?,?)"));
  std::vector<int64_t> ids;
  ids.reserve(files.size());
  for (const auto& f : files) {
    ins->bind(1, f.path).bind(2, f.oid).bind(3, f.language);
    ins->bind(4, std::string_view(to_string(f.status))).bind(5, f.blob_id);
    TRY(ins->run());
    ids.push_back(db_.last_insert_rowid());
  }
  if (search_text_.empty()) {
    TRY_ASSIGN(auto fts, stmt("INSERT INTO search(rowid, path, path_tokens, names, doc, refs) "
                              "SELECT id, path, path_tokens, names, doc, refs FROM search_rows "
                              "WHERE id > ? ORDER BY id"));
    return fts->bind(1, before).run();
  }
  // The same rows in the same order (ids ascend as the rows went in), the
  // text of this pass's blobs from memory (no inflate and unpack of what
  // put_blob just packed); the view's text for the others.
  TRY_ASSIGN(auto direct, stmt("INSERT INTO search(rowid, path, path_tokens, names, doc, refs) "
                               "VALUES(?,?,?,?,?,?)"));
  TRY_ASSIGN(auto viewed, stmt("INSERT INTO search(rowid, path, path_tokens, names, doc, refs) "
                               "SELECT id, path, path_tokens, names, doc, refs FROM search_rows "
                               "WHERE id = ?"));
  const std::string none;
  for (size_t i = 0; i < files.size(); ++i) {
    const FileRecord& f = files[i];
    const SearchText* text = nullptr;
    if (f.blob_id != 0) {
      auto it = search_text_.find(f.blob_id);
      if (it == search_text_.end()) {
        TRY(viewed->bind(1, ids[i]).run());
        continue;
      }
      text = &it->second;
    }
    const std::string tokens = path_tokens_sql(f.path);
    direct->bind(1, ids[i]).bind_unowned(2, f.path).bind_unowned(3, tokens);
    direct->bind_unowned(4, text ? text->names : none).bind_unowned(5, text ? text->doc : none);
    TRY(direct->bind_unowned(6, text ? text->refs : none).run());
  }
  search_text_.clear();
  return {};
}

namespace {
FileRecord read_file_row(const Statement& s) {
  FileRecord f;
  f.path = s.column_text(0);
  f.oid = s.column_text(1);
  f.language = s.column_text(2);
  f.status = file_status_from(s.column_text(3)).value_or(FileStatus::kText);
  f.blob_id = s.column_int(4);
  return f;
}

Result<std::vector<FileRecord>> read_file_rows(Statement& s) {
  std::vector<FileRecord> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.push_back(read_file_row(s));
  }
  return out;
}
}  // namespace

Result<std::vector<FileRecord>> IndexStore::files() {
  TRY_ASSIGN(auto s, stmt("SELECT path, oid, lang, status, blob FROM files ORDER BY path"));
  return read_file_rows(*s);
}

Result<std::vector<FileRecord>> IndexStore::files_in(const std::string& dir) {
  // The range of the path index under `dir/`, skipping each sub-directory's
  // rows with a new seek past them ('0' follows '/'): the root of a large
  // tree holds a few files beside directories of thousands.
  const std::string prefix = dir.empty() ? "" : dir + "/";
  const std::string end = dir.empty() ? "" : dir + "0";
  TRY_ASSIGN(auto s, dir.empty() ? stmt("SELECT path, oid, lang, status, blob FROM files WHERE "
                                        "path >= ?1 ORDER BY path")
                                 : stmt("SELECT path, oid, lang, status, blob FROM files WHERE "
                                        "path >= ?1 AND path < ?2 ORDER BY path"));
  std::vector<FileRecord> out;
  std::string from = prefix;
  bool seek = true;
  while (true) {
    if (seek) {
      s->reset();
      s->bind(1, from);
      if (!dir.empty()) s->bind(2, end);
      seek = false;
    }
    TRY_ASSIGN(bool row, s->step());
    if (!row) break;
    FileRecord f = read_file_row(*s);
    const size_t slash = f.path.find('/', prefix.size());
    if (slash == std::string::npos) {
      out.push_back(std::move(f));
      continue;
    }
    from = f.path.substr(0, slash) + "0";
    seek = true;
  }
  return out;
}

Result<std::optional<FileRecord>> IndexStore::file(const std::string& path) {
  TRY_ASSIGN(auto s, stmt("SELECT path, oid, lang, status, blob FROM files WHERE path = ?"));
  s->bind(1, path);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<FileRecord>();
  return std::optional<FileRecord>(read_file_row(*s));
}

Result<bool> IndexStore::has_file(const std::string& path) {
  TRY_ASSIGN(auto s, stmt("SELECT 1 FROM files WHERE path = ?"));
  s->bind(1, path);
  return s->step();
}

Result<std::vector<std::string>> IndexStore::paths_containing(const std::string& text) {
  TRY_ASSIGN(auto s, stmt("SELECT path FROM files WHERE path LIKE ?1 ESCAPE '\\' ORDER BY path"));
  s->bind(1, like_contains(text));
  return s->first_column_texts();
}

Result<std::vector<FileRecord>> IndexStore::files_importing_text(const std::string& text) {
  // The packed imports are not deflated: instr() passes over the blobs
  // without the text, and those with it are unpacked to check that it is
  // in a source or names (not in a kind or across fields).
  TRY_ASSIGN(auto s, stmt("SELECT f.path, f.oid, f.lang, f.status, f.blob, i.imports FROM "
                          "blob_imports i JOIN files f ON f.blob = i.blob WHERE "
                          "instr(i.imports, ?1) > 0 ORDER BY f.path"));
  s->bind_blob(1, text);
  std::vector<FileRecord> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) break;
    TRY_ASSIGN(const auto imports, unpack_row_imports(*s, 5));
    if (std::any_of(imports.begin(), imports.end(), [&](const syntax::Import& im) {
          return im.source.find(text) != std::string::npos ||
                 im.names.find(text) != std::string::npos;
        })) {
      out.push_back(read_file_row(*s));
    }
  }
  return out;
}

Result<int64_t> IndexStore::blob_symbol_count(int64_t blob) {
  TRY_ASSIGN(auto s, stmt("SELECT symbols FROM blobs WHERE id = ?"));
  s->bind(1, blob);
  TRY_ASSIGN(const bool row, s->step());
  return row ? s->column_int(0) : 0;
}

Result<bool> IndexStore::blob_in_files(int64_t blob) {
  TRY_ASSIGN(auto s, stmt("SELECT EXISTS(SELECT 1 FROM files WHERE blob = ?)"));
  s->bind(1, blob);
  TRY_ASSIGN(const bool row, s->step());
  return row && s->column_int(0) != 0;
}

Result<std::vector<std::string>> IndexStore::file_paths() {
  TRY_ASSIGN(auto s, stmt("SELECT path FROM files ORDER BY path"));
  return s->first_column_texts();
}

Result<std::unordered_map<std::string, int64_t>> IndexStore::status_counts() {
  TRY_ASSIGN(auto s, stmt("SELECT status, COUNT(*) FROM files GROUP BY status"));
  std::unordered_map<std::string, int64_t> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) break;
    out[s->column_text(0)] = s->column_int(1);
  }
  return out;
}

Result<int64_t> IndexStore::symbol_count() {
  return db_.query_int(
      "SELECT COALESCE(SUM(symbols), 0) FROM blobs WHERE id IN "
      "(SELECT blob FROM files WHERE blob != 0)");
}

// `deps` names both ends of an edge by their id in dep_paths (schema 13:
// each path once, instead of two path strings in the table and again in
// its reverse index); a path no edge names any more leaves dep_paths.
Result<int64_t> IndexStore::dep_path_id(const std::string& path) {
  TRY_ASSIGN(auto find, stmt("SELECT id FROM dep_paths WHERE path = ?"));
  find->bind(1, path);
  TRY_ASSIGN(const bool row, find->step());
  if (row) return find->column_int(0);
  find->reset();
  TRY_ASSIGN(auto add, stmt("INSERT INTO dep_paths(path) VALUES(?)"));
  TRY(add->bind(1, path).run());
  return db_.last_insert_rowid();
}

Status IndexStore::drop_unused_dep_path(int64_t id) {
  TRY_ASSIGN(auto drop, stmt("DELETE FROM dep_paths WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                             "deps WHERE src = ?1) AND NOT EXISTS (SELECT 1 FROM deps WHERE "
                             "dst = ?1)"));
  return drop->bind(1, id).run();
}

Result<int64_t> IndexStore::set_deps(const std::string& src, const std::vector<std::string>& dsts,
                                     std::vector<std::string>* moved) {
  std::vector<std::string> after;
  for (const auto& d : dsts) {
    if (d != src) after.push_back(d);
  }
  std::sort(after.begin(), after.end());
  after.erase(std::unique(after.begin(), after.end()), after.end());
  std::vector<std::string> before;
  std::vector<int64_t> before_ids;
  int64_t src_id = 0;
  {
    TRY_ASSIGN(auto find, stmt("SELECT id FROM dep_paths WHERE path = ?"));
    find->bind(1, src);
    TRY_ASSIGN(const bool row, find->step());
    if (row) src_id = find->column_int(0);
  }
  const bool known = src_id != 0;
  if (known) {
    TRY_ASSIGN(auto old, stmt("SELECT p.id, p.path FROM deps d JOIN dep_paths p ON p.id = d.dst "
                              "WHERE d.src = ?"));
    old->bind(1, src_id);
    while (true) {
      TRY_ASSIGN(const bool row, old->step());
      if (!row) break;
      before_ids.push_back(old->column_int(0));
      before.push_back(old->column_text(1));
    }
    old->reset();
    TRY_ASSIGN(auto del, stmt("DELETE FROM deps WHERE src = ?"));
    TRY(del->bind(1, src_id).run());
  }
  if (!after.empty()) {
    TRY_ASSIGN(const int64_t from, dep_path_id(src));
    TRY_ASSIGN(auto ins, stmt("INSERT INTO deps(src, dst) VALUES(?, ?)"));
    for (const auto& d : after) {
      TRY_ASSIGN(const int64_t to, dep_path_id(d));
      TRY(ins->bind(1, from).bind(2, to).run());
    }
  }
  if (known) {
    TRY(drop_unused_dep_path(src_id));
    for (const int64_t id : before_ids) TRY(drop_unused_dep_path(id));
  }
  if (moved) {
    std::sort(before.begin(), before.end());
    std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                  std::back_inserter(*moved));
  }
  return static_cast<int64_t>(after.size()) - static_cast<int64_t>(before.size());
}

Status IndexStore::clear_deps() { return db_.exec("DELETE FROM deps; DELETE FROM dep_paths;"); }

Result<std::vector<std::string>> IndexStore::deps_of(const std::string& src) {
  TRY_ASSIGN(auto s, stmt("SELECT t.path FROM dep_paths f JOIN deps d ON d.src = f.id JOIN "
                          "dep_paths t ON t.id = d.dst WHERE f.path = ? ORDER BY t.path"));
  s->bind(1, src);
  return s->first_column_texts();
}

Result<std::vector<std::string>> IndexStore::importers_of(const std::string& dst) {
  TRY_ASSIGN(auto s, stmt("SELECT f.path FROM dep_paths t JOIN deps d ON d.dst = t.id JOIN "
                          "dep_paths f ON f.id = d.src WHERE t.path = ? ORDER BY f.path"));
  s->bind(1, dst);
  return s->first_column_texts();
}

Result<int64_t> IndexStore::dep_count() { return db_.query_int("SELECT COUNT(*) FROM deps"); }

Result<std::unordered_map<std::string, int64_t>> IndexStore::importer_counts() {
  TRY_ASSIGN(auto s, stmt("SELECT t.path, c.n FROM (SELECT dst, COUNT(*) AS n FROM deps GROUP "
                          "BY dst) c JOIN dep_paths t ON t.id = c.dst"));
  return s->text_int_map();
}

Result<int64_t> IndexStore::importer_count(const std::string& path) {
  TRY_ASSIGN(auto s, stmt("SELECT COUNT(*) FROM dep_paths t JOIN deps d ON d.dst = t.id WHERE "
                          "t.path = ?"));
  s->bind(1, path);
  TRY_ASSIGN(bool row, s->step());
  return row ? s->column_int(0) : int64_t{0};
}

Result<std::vector<SearchHit>> IndexStore::search(const std::string& query, size_t limit) {
  const std::vector<std::string> words = query_words(query);
  std::vector<SearchHit> hits;
  if (words.empty()) return hits;
  const std::string match = fts_match_any(words);
  // The best `limit` rows of the full-text index alone, then their files:
  // a common word matches thousands of files of a large tree, and joining
  // each cost more than ranking it. files.path, not search.path: a column of
  // `search` would be read through its view, row by row; bm25 needs only
  // the index. Ties go to the older row.
  TRY_ASSIGN(auto s, stmt("SELECT files.path, best.score, files.blob FROM "
                          "(SELECT rowid, bm25(search, 0.0, 4.0, 3.0, 1.0, 0.5) AS score "
                          "FROM search WHERE search MATCH ? ORDER BY score, rowid LIMIT ?) AS best "
                          "JOIN files ON files.id = best.rowid ORDER BY best.score, best.rowid"));
  s->bind(1, match).bind(2, static_cast<int64_t>(limit));
  std::vector<int64_t> blob_ids;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) break;
    hits.push_back(SearchHit{s->column_text(0), -s->column_double(1), {}});
    blob_ids.push_back(s->column_int(2));
  }
  s->reset();
  for (size_t i = 0; i < hits.size(); ++i) {
    if (blob_ids[i] == 0) continue;
    TRY_ASSIGN(auto syms, symbols(blob_ids[i]));
    for (const auto& row : syms) {
      const auto name_words = stc::split_words(row.def.name);
      const bool hit = std::any_of(name_words.begin(), name_words.end(), [&](const auto& w) {
        return std::any_of(words.begin(), words.end(),
                           [&](const auto& q) { return words_match(w, q); });
      });
      auto& names = hits[i].symbols;
      if (hit && std::find(names.begin(), names.end(), row.def.name) == names.end()) {
        names.push_back(row.def.name);
      }
    }
  }
  return hits;
}

Status IndexStore::compact() {
  // One segment per full-text index (the bulk loads left several), then
  // every table and index rewritten in key order.
  TRY(
      db_.exec("INSERT INTO search(search) VALUES('optimize'); "
               "INSERT INTO commit_search(commit_search) VALUES('optimize'); VACUUM"));
  (void)checkpoint_keeping_stamp(db_.path(), [&] { return db_.checkpoint_if_larger(0); });
  return {};
}

Status IndexStore::drop_indexes() { return schema::drop_bulk_indexes(db_); }

Status IndexStore::restore_indexes() { return schema::create_indexes(db_); }

std::vector<std::string> query_words(std::string_view query) {
  std::vector<std::string> words;
  for (auto& w : stc::split_words(query)) {
    if (!stc::is_stop_word(w) && std::find(words.begin(), words.end(), w) == words.end()) {
      words.push_back(std::move(w));
    }
  }
  return words;
}

std::string fts_match_any(const std::vector<std::string>& words) {
  std::string match;
  for (const auto& w : words) {
    if (!match.empty()) match += " OR ";
    match += "\"" + w + "\"";
  }
  return match;
}

}  // namespace stc::indexer::store
