export { openStore, type Store, type StoreOptions } from './store.ts'
export { connectDatabase, databaseNameFromUri, type ConnectOptions, type DatabaseConnection } from './connect.ts'
export { collectionNames, ensureIndexes, hooklineCollections, type HooklineCollections } from './collections.ts'
export type {
  ApiKeyDocument,
  AppDocument,
  DeliveryAttemptDocument,
  DeliveryDocument,
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
export { generateSecretKey, loadOrCreateSecretKeyFile, parseSecretKey, secretKeyLength } from './secret-key.ts'
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
export { type NewTenant, type TenantRepository } from './repositories/tenants.ts'
export { normalizeEmail, type NewUser, type UserChanges, type UserRepository } from './repositories/users.ts'
export { deliveryMessageId, newSortableId, type SortableIdPrefix } from './sortable-ids.ts'
export { ensureNotificationCollection, notificationCollectionOptions } from './notification-collection.ts'
export { isFerretDb } from './server-kind.ts'
export { createGroupCommit } from './group-commit.ts'
export { deliveryLogQuery, type DeliveryLogFilter, type DeliveryLogQuery } from './delivery-log-query.ts'
export {
  toAttemptRecord,
  toDeliveryLogRecord,
  type DeliveryLogExtras,
  type DeliveryLogView,
} from './delivery-log-record.ts'
export { type EventRepository } from './repositories/events.ts'
export {
  inProgressStatuses,
  newDelivery,
  type DeliveryProgress,
  type DeliveryRepository,
  type NewDeliveryInput,
} from './repositories/deliveries.ts'
export {
  idempotencyKeyId,
  idempotencyWindowMs,
  type IdempotencyKeyRepository,
} from './repositories/idempotency-keys.ts'
export { atVersion, createKeyedLock, versionOf, type KeyedLock, type Versioned } from './versioning.ts'
export { type SessionEndReason, type SessionRepository } from './repositories/sessions.ts'
