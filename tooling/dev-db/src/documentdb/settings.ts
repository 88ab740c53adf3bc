/**
 * PostgreSQL settings for the DocumentDB engine, passed as `-c name=value`.
 * The DocumentDB ones are those FerretDB's own PostgreSQL image sets.
 */
export function postgresSettings(): string[] {
  return [
    'shared_preload_libraries=pg_cron,pg_documentdb_core,pg_documentdb',
    'cron.database_name=postgres',
    'documentdb.enableCompact=true',
    'documentdb.enableLetAndCollationForQueryMatch=true',
    'documentdb.enableNowSystemVariable=true',
    'documentdb.enableSortbyIdPushDownToPrimaryKey=true',
    'documentdb.enableSchemaValidation=true',
    'documentdb.enableBypassDocumentValidation=true',
    'documentdb.enableUserCrud=true',
    'documentdb.maxUserLimit=100',
    // TCP on loopback only: no socket in /var/run/postgresql, which we may not own.
    'unix_socket_directories=',
    // FerretDB keeps a pool per client connection pattern; tests open many clients.
    'max_connections=300',
    // A commit returns before its WAL reaches the disk: a crash loses the last
    // few hundred milliseconds, never consistency. Worth it for a development engine.
    'synchronous_commit=off',
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
