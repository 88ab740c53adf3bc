// Whether an error means "the database went away" (answer 503, try again)
// rather than "this query is wrong" (a bug: 500). Decided by what the driver
// and the server say about the error — its class, labels and server code —
// and by looking through every wrapper the driver puts around it: a bulk
// write that met a closed socket is a MongoBulkWriteError whose
// `errorResponse` is the MongoNetworkError, not its `cause`.

/** Driver errors that only ever mean the server could not be reached or went away mid-command. */
const unavailableErrorNames = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoPoolClosedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoWaitQueueTimeoutError',
])

/**
 * Labels the driver or server attach to errors that a retry on a healthy
 * server would not meet: the pool was reset, the write may be retried, the
 * transaction may be retried, the server is overloaded.
 */
const unavailableLabels = ['ResetPool', 'RetryableWriteError', 'TransientTransactionError', 'PoolRequestedRetry', 'SystemOverloadedError', 'RetryableError']

/**
 * Server codes for a server that is shutting down, stepping down or cannot
 * reach its peers: HostUnreachable 6, HostNotFound 7, NetworkTimeout 89,
 * ShutdownInProgress 91, PrimarySteppedDown 189, SocketException 9001,
 * LegacyNotPrimary 10058, NotWritablePrimary 10107, InterruptedAtShutdown
 * 11600, InterruptedDueToReplStateChange 11602, NotPrimaryNoSecondaryOk
 * 13435, NotPrimaryOrSecondary 13436.
 */
const unavailableCodes = new Set([6, 7, 89, 91, 189, 9001, 10058, 10107, 11600, 11602, 13435, 13436])

/**
 * What FerretDB answers when its storage backend goes away under a running
 * command (InternalError, code 1, with the backend's own words): SQLite or
 * PostgreSQL closed, the command's context cancelled by the shutdown, or
 * PostgreSQL refusing connections while it stops or starts. Also PostgreSQL
 * restarting after one of its processes crashed: the connections it had cut
 * mid-reply ("unexpected EOF"), then "in recovery mode" and "not yet
 * accepting connections" until it is back (seen at 200 publishes a second
 * on DocumentDB, 2026-12-04: the API answered 500 to 324 requests). And
 * SQLite's write lock still held by others when its busy timeout ends
 * (SQLITE_BUSY): the engine is too busy to answer now, which a client
 * retries like an outage (503 with Retry-After), never a fault of the request.
 */
const backendGoneMessage =
  /\b(sql: database is closed|database is closed|context canceled|connection refused|server closed the connection|terminating connection|the database system is (shutting down|starting up|in recovery mode|not yet accepting connections)|unexpected EOF|conn closed|broken pipe|connection reset|database is locked|SQLITE_BUSY)\b/i
const internalErrorCode = 1

interface DriverErrorShape {
  name?: unknown
  code?: unknown
  message?: unknown
  errorLabels?: unknown
  errorResponse?: unknown
  cause?: unknown
  errors?: unknown
}

function hasUnavailableLabel(error: DriverErrorShape): boolean {
  const labels = error.errorLabels
  if (labels instanceof Set || Array.isArray(labels)) {
    for (const label of labels) if (unavailableLabels.includes(String(label))) return true
  }
  const hasErrorLabel = (error as { hasErrorLabel?: unknown }).hasErrorLabel
  return typeof hasErrorLabel === 'function' && unavailableLabels.some((label) => hasErrorLabel.call(error, label) === true)
}

function saysUnavailable(error: DriverErrorShape): boolean {
  if (typeof error.name === 'string' && unavailableErrorNames.has(error.name)) return true
  const code = typeof error.code === 'number' ? error.code : Number(error.code)
  if (unavailableCodes.has(code)) return true
  if (code === internalErrorCode && typeof error.message === 'string' && backendGoneMessage.test(error.message)) return true
  return hasUnavailableLabel(error)
}

/** The errors an error carries inside it: its cause, the driver's wrapped response, an AggregateError's members. */
function innerErrors(error: DriverErrorShape): unknown[] {
  const inner: unknown[] = []
  if (error.cause !== undefined) inner.push(error.cause)
  if (error.errorResponse !== undefined && error.errorResponse !== error) inner.push(error.errorResponse)
  if (Array.isArray(error.errors)) inner.push(...error.errors)
  return inner
}

/**
 * Whether `error`, or any error it wraps, says the database cannot be
 * reached right now (server selection timed out, the socket closed, the pool
 * was cleared, the server is shutting down or not primary, the backend of
 * FerretDB went away) — as opposed to a query the server refused.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: { error: unknown; depth: number }[] = [{ error, depth: 0 }]
  const seen = new Set<unknown>()
  while (pending.length > 0) {
    const { error: current, depth } = pending.pop()!
    if (current === null || typeof current !== 'object' || seen.has(current) || depth > 6) continue
    seen.add(current)
    if (saysUnavailable(current as DriverErrorShape)) return true
    for (const inner of innerErrors(current as DriverErrorShape)) pending.push({ error: inner, depth: depth + 1 })
  }
  return false
}
