export { openStore, type PublishWriters, type ServerRepository, type Store, type StoreOptions } from './store.ts'
export { type PublishReads } from './publish-reads/publish-reads.ts'
export { connectDatabase, databaseNameFromUri, logReachability, type ConnectOptions, type Database, type DatabaseConnection } from './connect.ts'
export { watchDatabaseCommands, type DatabaseCommandSink } from './command-monitor.ts'
export { indexCatalogue, type IndexSpec } from './indexes.ts'
export { attemptLogId } from './attempt-log.ts'
export { collectionNames, ensureIndexes, hooklineCollections, type HooklineCollections } from './collections.ts'
export type {
  ApiKeyDocument,
  AppDocument,
  AttemptLogDocument,
  DeliveryAttemptDocument,
  DeliveryDocument,
  DeliveryStatsDocument,
  HourlyAppCounters,
  EventDocument,
  IdempotencyKeyDocument,
  PublishResult,
  SessionDocument,
  SealedSigningSecret,
  StoredAppHeader,
  StoredHeader,
  TenantDocument,
  UserDocument,
} from './documents.ts'
export { isDatabaseUnavailable, isDuplicateKeyError, StoreError, type StoreErrorCode } from './errors.ts'
export { newId, type IdPrefix } from './ids.ts'
export { decodeCursor, encodeCursor, escapeRegExp, type Page, type PageRequest } from './pagination.ts'
export { createSecretBox, type SecretBox } from './secret-box.ts'
export { generateSecretKey, loadOrCreateSecretKeyFile, parseSecretKey, resolveSecretKey, secretKeyLength, type ResolvedSecretKey } from './secret-key.ts'
export { generateSigningSecret, signingSecretOverlapMs } from './signing-secrets.ts'
export { apiKeyPrefix, hashApiKey, type ApiKeyRepository, type NewApiKey } from './repositories/api-keys.ts'
export {
  type AppChanges,
  type AppListQuery,
  type AppRepository,
  type AppSettings,
  type CustomHeader,
  type NewApp,
  type VersionCondition,
} from './repositories/apps.ts'
export { type NewTenant, type TenantChanges, type TenantRepository } from './repositories/tenants.ts'
export { envelopeTenantOf } from './system-events/envelope-tenant.ts'
export { normalizeEmail, type NewUser, type UserChanges, type UserRepository } from './repositories/users.ts'
export { deliveryMessageId, newSortableId, type SortableIdPrefix } from './sortable-ids.ts'
export { ensureNotificationCollection, notificationCollectionOptions } from './notification-collection.ts'
export {
  capabilityProfile,
  describeCapabilities,
  fullCapabilities,
  minimalCapabilities,
  type CapabilityName,
  type ServerCapabilities,
} from './capabilities/server-capabilities.ts'
export { detectServerCapabilities, knownServerCapabilities, pinServerCapabilities, serverCapabilities } from './capabilities/detect-capabilities.ts'
export { capabilityProbes, type CapabilityProbe, type ScratchSpace } from './capabilities/probes/index.ts'
export { createRetentionRepository, retentionTtlIndexes, type RetentionPurge, type RetentionRepository, type TtlIndexSpec } from './retention.ts'
export { createGroupCommit } from './group-commit.ts'
export { decodeExportedDelivery, exportedDeliveryFieldNames, type ExportedDelivery } from './delivery-log-projection.ts'
export { BsonFieldLocator, bsonNumberAt, bsonType } from './bson-field-locator.ts'
export { deliveryLogQuery, idSearchField, type DeliveryLogFilter, type DeliveryLogQuery } from './delivery-log-query.ts'
export {
  toAttemptRecord,
  toDeliveryLogRecord,
  type DeliveryLogExtras,
  type DeliveryLogView,
} from './delivery-log-record.ts'
export { type EventRepository, type EventSummary } from './repositories/events.ts'
export { type PublishItem, type PublishRecord, type PublishRepository, type RequestKey, type UnkeyedPublishItem } from './repositories/publishes.ts'
export { type DeliveryStatsQuery, type DeliveryStatsRepository, type HourlyAppStats } from './repositories/delivery-stats.ts'
export { hourOf, StatsChanges } from './delivery-stats-counters.ts'
export {
  inProgressStatuses,
  newDelivery,
  type CountedDeliveryState,
  type DeliveryProgress,
  type DeliveryRepository,
  type NewDeliveryInput,
  type StreamDeliveriesOptions,
} from './repositories/deliveries.ts'
export {
  idempotencyKeyId,
  idempotencyWindowMs,
  type IdempotencyKeyRepository,
} from './repositories/idempotency-keys.ts'
export { atVersion, createKeyedLock, versionOf, type KeyedLock, type Versioned } from './versioning.ts'
export { type SessionEndReason, type SessionRepository } from './repositories/sessions.ts'
export { publishAppEvent, type AppEventFact, type PublishedAppEvent } from './system-events/publish-app-event.ts'
export type { BatchDelivery, DeliveryBatch, DeliveryBatchReader, RelatedIds } from './delivery-batch-read.ts'
