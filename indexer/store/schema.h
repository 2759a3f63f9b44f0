#pragma once
// The schema of the index database and its forward migrations. A store
// records its schema version in `PRAGMA user_version`; kMigrations[i] (in
// schema.cc) upgrades version i to i + 1, and the last step also creates the
// secondary indexes. Every table of the store is defined here, and only here.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::store {

/// The schema version this stc writes (the number of migrations).
inline constexpr int kSchemaVersion = 13;

namespace schema {

/// Meta key set when a blob row that files may still point at was replaced
/// (IndexStore::put_blob): the `search` index may then hold text its view
/// no longer shows, so it is rebuilt from the view before the next row is
/// deleted from it. Cleared with the structure.
inline constexpr const char* kSearchDriftKey = "search_drift";

/// The SQL condition "`column` holds the object id `value`" (`value` a
/// parameter such as ?1, or another column), written so that SQLite finds
/// the row through the index on the id's first 8 digits (commits_oid and
/// blobs_oid, schema 13). The rest of the id is compared apart: with a plain
/// `column = value` beside the prefix term, SQLite would substitute the
/// value for the column (constant propagation) and pass the index by. Every
/// statement that finds a commit or blob by id uses this.
[[nodiscard]] std::string oid_equals(std::string_view column, std::string_view value);
/// `SELECT seq FROM commits WHERE <oid_equals("oid", value)>`.
[[nodiscard]] std::string commit_seq_by_oid(std::string_view value);

/// Runs the migrations from `version` up to kSchemaVersion, each in its own
/// write transaction (a process that migrated meanwhile is respected).
[[nodiscard]] Status upgrade(Database& db, int64_t version);
/// kBadInput with the damaged-store message when a table of the schema is
/// missing from the store at `path` (edited or damaged).
[[nodiscard]] Status check_tables(Database& db, const std::string& path);
/// Creates the secondary indexes (IF NOT EXISTS) / drops those a bulk load
/// of the structure would otherwise maintain row by row.
[[nodiscard]] Status create_indexes(Database& db);
[[nodiscard]] Status drop_bulk_indexes(Database& db);
/// Empties the structure tables (files, deps, search) of the indexed commit;
/// the FTS5 table is recreated, faster than deleting every row, and the
/// search drift mark goes with it.
[[nodiscard]] Status clear_structure(Database& db);

}  // namespace schema
}  // namespace stc::indexer::store
