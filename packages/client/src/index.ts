// @hookline/client: publish events typed by the category plugins, and call
// the API's applications, logs and exports, with fetch only (Node 20+, Deno,
// browsers).
export { createHooklineClient, type HooklineClient, type HooklineClientOptions } from './client.ts'
export {
  maxBatchSize,
  type EventsApi,
  type PublishedEvent,
  type PublishManyResult,
  type PublishOptions,
  type PublishResult,
} from './events.ts'
export { HooklineError, isHooklineError, type HooklineErrorKind, type ProblemDocument } from './errors.ts'
export { type BodyOf, type OperationId, type QueryOf, type ResponseOf } from './operations.ts'
export type { App, AppPage, DeliveryLog, DeliveryLogPage, ExportedFile, Signal } from './resources.ts'
export { defaultRetry, parseRetryAfter, retryDelayMs, type RetryOptions } from './retry-policy.ts'
export type { FetchFunction, TransportOptions } from './transport.ts'
export type { components, operations, paths, webhooks } from './generated/openapi.ts'
