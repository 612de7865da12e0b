/**
 * Fixes to FerretDB's own source (scripts/db/ferretdb/patches/), applied at build time: each
 * file replaces one file of the module (or adds it, when the module has no such file), the
 * change marked PATCHED. `go build -overlay` may not touch
 * files in the module cache, so a patched build copies the module next to a copy of the
 * wrapper (.data/build/ferretdb/) and points go.mod at it with a `replace`. A patch applies
 * only to the exact module version it was written for.
 */
export const PATCHES = [
  // $group computed only its first accumulator; all later ones silently returned 0.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/handler/common/aggregations/stages/group.go',
    patch: 'patches/group.go.patched'
  },
  // An update that broke a unique index failed with InternalError (code 1), not E11000.
  // Also (with sqlite-pushdown.go below): Query/Explain push a superset filter down to SQLite,
  // and UpdateAll/DeleteAll find documents through the _id index instead of a table scan.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/sqlite/collection.go',
    patch: 'patches/sqlite-collection.go.patched'
  },
  // `upserted[].index` counted upserts instead of naming the statement (bulkWrite upsertedIds).
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/handler/msg_update.go',
    patch: 'patches/msg_update.go.patched'
  },
  // New file. Only {_id: <string|ObjectID>} was pushed down to SQLite (and not through the _id
  // index): every other query decoded the whole collection in Go (~70 µs a document). Now
  // equality and $in on strings/ObjectIDs/bools of top-level fields become a WHERE that
  // selects a superset of the matches through the fields' indexes; the handler still
  // applies the full filter afterwards. An empty $in becomes a false condition (it used to
  // read, and decode, the whole collection to return nothing).
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/sqlite/pushdown.go',
    patch: 'patches/sqlite-pushdown.go.patched'
  },
  // Atomic single-document updates. Upstream read a document, computed the new one in Go
  // and wrote it back in another step: concurrent updates of one document lost $set/$inc
  // and two conditional updates could both win. Now each update statement and each
  // findAndModify (the batched updateOne run too) reads and writes in one SQLite write
  // transaction (BEGIN IMMEDIATE, `_txlock` in main.go), serialised per database.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/write_transaction.go',
    patch: 'patches/backends-write-transaction.go.patched'
  },
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/decorators/oplog/write_transaction.go',
    patch: 'patches/oplog-write-transaction.go.patched'
  },
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/sqlite/write_transaction.go',
    patch: 'patches/sqlite-write-transaction.go.patched'
  },
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/handler/msg_findandmodify.go',
    patch: 'patches/msg_findandmodify.go.patched'
  },
  // Debug logging of SQL statements built its log line even with debug off: slog's With
  // formats every attribute at once, and a statement's attributes are its arguments (an
  // insert's are the documents' JSON). Now built only when debug is enabled.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/util/fsql/db.go',
    patch: 'patches/fsql-db.go.patched'
  },
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/util/fsql/tx.go',
    patch: 'patches/fsql-tx.go.patched'
  }
];
