import type { WebhookApp } from '@hookline/core'
import type { BodyOf, Operation, QueryOf, ResponseOf } from './typed-client.ts'

// The dashboard's vocabulary. Domain records come from @hookline/core (the
// contract every package shares); request and answer shapes come from the
// API's OpenAPI document. contract-checks.ts proves the two agree.

export type {
  DeliveryAttemptRecord,
  DeliveryLogRecord,
  DeliveryStatus,
  Role,
  WebhookApp,
} from '@hookline/core'

export type AppListQuery = QueryOf<Operation<'/api/v1/apps', 'get'>>
export type CreateAppInput = BodyOf<Operation<'/api/v1/apps', 'post'>>
export type UpdateAppInput = BodyOf<Operation<'/api/v1/apps/{appId}', 'patch'>>
export type ConnectionTestInput = BodyOf<Operation<'/api/v1/apps/test-connection', 'post'>>
export type ConnectionTestResult = ResponseOf<Operation<'/api/v1/apps/test-connection', 'post'>>

export type Catalog = ResponseOf<Operation<'/api/v1/event-types', 'get'>>
export type CatalogCategory = Catalog['categories'][number]
export type CatalogEvent = CatalogCategory['events'][number]

export type SignInInput = BodyOf<Operation<'/api/v1/auth/login', 'post'>>
export type SignInResult = ResponseOf<Operation<'/api/v1/auth/login', 'post'>>
export type User = ResponseOf<Operation<'/api/v1/auth/me', 'get'>>
export type CreateUserInput = BodyOf<Operation<'/api/v1/users', 'post'>>
export type UpdateUserInput = BodyOf<Operation<'/api/v1/users/{userId}', 'patch'>>
export type ResetPasswordInput = BodyOf<Operation<'/api/v1/users/{userId}/password', 'post'>>
export type ChangePasswordInput = BodyOf<Operation<'/api/v1/auth/password', 'post'>>
/** Whom a user can ask for a role: name and email of an enabled Administrator. */
export type Administrator = ResponseOf<Operation<'/api/v1/administrators', 'get'>>['items'][number]

export type ApiKey = ResponseOf<Operation<'/api/v1/api-keys', 'get'>>['items'][number]
export type CreateApiKeyInput = BodyOf<Operation<'/api/v1/api-keys', 'post'>>
export type CreatedApiKey = ResponseOf<Operation<'/api/v1/api-keys', 'post'>>
export type ApiKeyScope = CreateApiKeyInput['scopes'][number]

/** A page of a cursor-paginated list. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export type AppPage = Page<WebhookApp>

/** One delivery as the logs list returns it: core's DeliveryLogRecord plus the webhook-id and progress. */
export type DeliveryLog = ResponseOf<Operation<'/api/v1/logs', 'get'>>['items'][number]
/** One delivery with its attempts. */
export type DeliveryLogDetail = ResponseOf<Operation<'/api/v1/logs/{deliveryId}', 'get'>>
export type LogPage = Page<DeliveryLog>
export type LogListQuery = QueryOf<Operation<'/api/v1/logs', 'get'>>
/** The filter the list, bulk redelivery and exports share. Dates are ISO 8601. */
export type LogFilter = BodyOf<Operation<'/api/v1/logs/redeliver', 'post'>>
export type BulkRedeliveryResult = ResponseOf<Operation<'/api/v1/logs/redeliver', 'post'>>
export type ExportQuery = QueryOf<Operation<'/api/v1/logs/export', 'get'>>
export type ExportFormat = ExportQuery['format']

export type DeliveryStatsQuery = QueryOf<Operation<'/api/v1/stats/deliveries', 'get'>>
/** Deliveries per bucket by current status, totals and per-app figures. */
export type DeliveryStats = ResponseOf<Operation<'/api/v1/stats/deliveries', 'get'>>
export type AppDeliveryStats = DeliveryStats['apps'][number]
export type LogCountQuery = QueryOf<Operation<'/api/v1/logs/count', 'get'>>
export type LogCount = ResponseOf<Operation<'/api/v1/logs/count', 'get'>>
