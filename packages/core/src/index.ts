// @hookline/core: the event envelope, the event catalog and the contract
// category plugins implement, plus the types every Hookline package shares.
// Web-standard APIs only: runs in browsers, Node and Deno.

// Shared contract types
export * from './types/roles.ts'
export * from './types/webhook-app.ts'
export * from './types/delivery.ts'

// Events: payload map, envelope, publish body
export type { EventPayload, EventPayloadMap, EventType } from './types/event-payload-map.ts'
export type {
  EnvelopeTenant,
  EnvelopeUser,
  EventEnvelope,
  KnownEventEnvelope,
  SubjectType,
  WireEventEnvelope,
} from './types/envelope.ts'
export {
  definePublishInput,
  type PublishEventFields,
  type PublishEventInput,
  type TypedPublishEventInput,
  type UntypedPublishEventInput,
} from './types/publish-input.ts'
export { jsonSchemaDialect, type JsonSchema } from './types/json-schema.ts'
export { publishInputSchema } from './envelope/publish-input-schema.ts'
export { eventIdPattern, newEventId } from './envelope/event-id.ts'
export { buildTestEnvelope, testEventType, type TestEnvelopeContext, type TestEventDetail } from './envelope/test-envelope.ts'
export {
  buildEventEnvelope,
  defaultEventStatus,
  type EnvelopeContext,
  type EnvelopeDefaults,
} from './envelope/build-envelope.ts'
export {
  encodeEnvelope,
  parseEnvelope,
  serializeEnvelope,
  type EnvelopeEncodingOptions,
} from './envelope/encode-envelope.ts'
export type { PublishInputValidation } from './envelope/validate-publish-input.ts'

// The plugin contract and the registry
export type {
  EventCategory,
  EventCategoryDefinition,
  EventDefinition,
  KnownEventDefinition,
} from './catalog/event-definition.ts'
export { defineEventCategory } from './catalog/define-event-category.ts'
export { categoryIdPattern, eventTypePattern, portalEventIdPattern } from './catalog/naming-rules.ts'
export type { RegisteredCategory, RegisteredEvent } from './catalog/registered.ts'
export {
  createEventRegistry,
  type EventRegistry,
  type EventRegistryOptions,
  type RegisterOptions,
} from './catalog/event-registry.ts'
export type { ResolvedSubscription } from './catalog/subscriptions.ts'
export type { CatalogCategory, CatalogEvent, EventCatalog } from './catalog/event-catalog.ts'
export {
  loadCategoryPackages,
  officialCategoryPackages,
  type ImportPackage,
} from './catalog/category-packages.ts'

// Validation
export type { ValidationIssue, ValidationResult } from './validation/validation-issue.ts'

// Portal record shapes several categories carry in `subjectDetail`
export {
  mediaRecordSchema,
  mediaReferenceSchema,
  portalCategorySchema,
  portalPersonSchema,
  portalTenantSchema,
  type MediaRecord,
  type MediaReference,
  type MediaThumbnail,
  type PortalCategory,
  type PortalPerson,
  type PortalTenant,
} from './portal/media-record.ts'
export { dateTimeSchema, emailSchema, nonEmptyStringSchema, portalIdSchema, urlSchema } from './portal/schema-parts.ts'

export { CatalogError, isCatalogError, type CatalogErrorCode, type CatalogErrorOptions } from './errors.ts'
export { isSystemEventType, systemCategory, systemCategoryId, type SystemAppDeactivated, type SystemAppEvent, type SystemAppReactivated } from './system/system-category.ts'
