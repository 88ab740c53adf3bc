/**
 * PostgreSQL settings for the DocumentDB engine, passed as `-c name=value`.
 * The DocumentDB ones are those FerretDB's own PostgreSQL image sets.
 */
export function postgresSettings(): string[] {
  return [
    'shared_preload_libraries=pg_cron,pg_documentdb_core,pg_documentdb,pg_documentdb_extended_rum',
    'cron.database_name=postgres',
    'documentdb.enableCompact=true',
    'documentdb.enableLetAndCollationForQueryMatch=true',
    'documentdb.enableNowSystemVariable=true',
    // Indexes are built with DocumentDB's extended RUM access method, the one that can
    // return an ordered index's rows in (createdAt, _id) order, and the planner is let use
    // it for a sort: a log page then reads its 51 rows instead of sorting all the rows its
    // filter matches (measured at 1,000,000 deliveries: docs/BENCHMARKS.md). Only ordered
    // indexes (enableOrderedIndex) are built so; the others stay on the default RUM
    // method (source-patches.ts says why).
    'documentdb.alternate_index_handler_name=extended_rum',
    'documentdb.enableIndexOrderbyPushdown=true',
    // Off (FerretDB's image sets it on): it rewrites a sort on _id to the table's primary
    // key, and a (createdAt, _id) sort with that rewrite can no longer be served by an index.
    'documentdb.enableSortbyIdPushDownToPrimaryKey=false',
    'documentdb.enableSchemaValidation=true',
    'documentdb.enableBypassDocumentValidation=true',
    'documentdb.enableUserCrud=true',
    'documentdb.maxUserLimit=100',
    // TCP on loopback only: no socket in /var/run/postgresql, which we may not own.
    'unix_socket_directories=',
    // FerretDB keeps a pool per client connection pattern; tests open many clients.
    'max_connections=300',
    // synchronous_commit stays on: a commit is on disk before the write is
    // acknowledged. Off, a crash of any one backend (PostgreSQL then restarts
    // them all from its log) lost the last few hundred milliseconds of
    // acknowledged writes: accepted events whose deliveries were gone
    // (documentdb-route.test.ts; docs/BENCHMARKS.md, sixteenth session).
    // Short queries on a shared machine: compiling them costs more than it saves.
    'jit=off',
    'log_min_messages=warning',
    // pg_cron runs DocumentDB's index and TTL jobs every few seconds: keep them out of the log.
    'cron.log_run=off',
    'cron.log_statement=off',
    ...extraSettings(),
  ]
}

/** HOOKLINE_POSTGRES_SETTINGS="a=1;b=2" adds or overrides settings (benchmarks try planner settings this way). */
function extraSettings(): string[] {
  return (process.env.HOOKLINE_POSTGRES_SETTINGS ?? '')
    .split(';')
    .map((setting) => setting.trim())
    .filter((setting) => setting.includes('='))
}
