import { describe, expect, it } from 'vitest'
import * as core from '../src/index.ts'
import * as testing from '../src/testing/index.ts'

// The runtime export list is the package's public API: changing it is a
// deliberate, reviewed act (and a changelog entry), never a side effect.
describe('@hookline/core exports', () => {
  it('exports exactly this runtime API', () => {
    expect(Object.keys(core).sort()).toEqual([
      'CatalogError',
      'appDefaults',
      'buildEventEnvelope',
      'buildTestEnvelope',
      'categoryIdPattern',
      'createEventRegistry',
      'dateTimeSchema',
      'defaultEventStatus',
      'defineEventCategory',
      'definePublishInput',
      'deliveryStatusLabels',
      'deliveryStatuses',
      'emailSchema',
      'encodeEnvelope',
      'eventIdPattern',
      'eventTypePattern',
      'hasRoleAtLeast',
      'isCatalogError',
      'isRole',
      'isSystemEventType',
      'jsonSchemaDialect',
      'loadCategoryPackages',
      'mediaRecordSchema',
      'mediaReferenceSchema',
      'newEventId',
      'nonEmptyStringSchema',
      'officialCategoryPackages',
      'parseEnvelope',
      'portalCategorySchema',
      'portalEventIdPattern',
      'portalIdSchema',
      'portalPersonSchema',
      'portalTenantSchema',
      'publishInputSchema',
      'roles',
      'serializeEnvelope',
      'systemCategory',
      'systemCategoryId',
      'testEventType',
      'urlSchema',
      'webhookManagerRoles',
    ])
  })

  it('exports test helpers for category authors from @hookline/core/testing', () => {
    expect(Object.keys(testing).sort()).toEqual(['breakAt', 'removeField'])
  })
})
