import { dateTimeSchema, nonEmptyStringSchema, portalIdSchema, urlSchema } from './schema-parts.ts'

/** A portal user as the media record names one (its `Author`). */
export interface PortalPerson {
  id: number
  firstName: string
  lastName: string
}

/** The tenant inside a portal media record (`Tenant`). */
export interface PortalTenant {
  id: number
  tenantName: string
  subDomainUrl: string
  isSSLEnable: boolean
  weight?: number
}

/** A media category as the portal's records carry it (`Category`). */
export interface PortalCategory {
  id: number
  name: string
  weight?: number
}

export interface MediaThumbnail {
  url: string
  width: number
  height: number
}

/**
 * The portal's media record, camelCased: what `subjectDetail` holds for
 * media events. Required fields are the ones every portal sample carries.
 */
export interface MediaRecord {
  id: number
  title: string
  description: string
  author: PortalPerson
  category: PortalCategory | null
  /** Seconds. */
  estimatedDuration: number
  thumbnails: MediaThumbnail[]
  createdDate: string
  /** Who added the media (the portal's `AddedBy`). */
  addedBy: string
  updatedDate: string
  updatedBy: string
  /** E.g. "Active", "Draft", "Processing". */
  status: string
  /** E.g. "Video", "Audio", "Document", "Image", "Live". */
  format: string
  /** Bytes. */
  size: number
  /** E.g. "Public", "Private", "Unlisted". */
  defaultViewingAccess: string
  tenant: PortalTenant
  version?: number
  copyOfMashup?: number | null
  isDeleted?: boolean
  isFeatured?: boolean
  showOnChannelLibrary?: boolean
  parentTenant?: number | null
  weight?: number
  isExpired?: boolean
  recordingOfMashup?: number | null
}

/** Just enough of a media record to name the media an event is about. */
export interface MediaReference {
  id: number
  title: string
  format: string
}

export const portalPersonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'firstName', 'lastName'],
  properties: {
    id: portalIdSchema,
    firstName: { type: 'string' },
    lastName: { type: 'string' },
  },
} as const

export const portalTenantSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'tenantName', 'subDomainUrl', 'isSSLEnable'],
  properties: {
    id: portalIdSchema,
    tenantName: nonEmptyStringSchema,
    subDomainUrl: urlSchema,
    isSSLEnable: { type: 'boolean' },
    weight: { type: 'number' },
  },
} as const

export const portalCategorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: {
    id: portalIdSchema,
    name: nonEmptyStringSchema,
    weight: { type: 'number' },
  },
} as const

const optionalMediaIdSchema = { type: ['integer', 'null'], minimum: 1 } as const

export const mediaRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'title',
    'description',
    'author',
    'category',
    'estimatedDuration',
    'thumbnails',
    'createdDate',
    'addedBy',
    'updatedDate',
    'updatedBy',
    'status',
    'format',
    'size',
    'defaultViewingAccess',
    'tenant',
  ],
  properties: {
    id: portalIdSchema,
    title: nonEmptyStringSchema,
    description: { type: 'string' },
    author: portalPersonSchema,
    category: { ...portalCategorySchema, type: ['object', 'null'] },
    estimatedDuration: { type: 'number', minimum: 0, description: 'Seconds.' },
    thumbnails: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url', 'width', 'height'],
        properties: {
          url: urlSchema,
          width: { type: 'integer', minimum: 1 },
          height: { type: 'integer', minimum: 1 },
        },
      },
    },
    createdDate: dateTimeSchema,
    addedBy: nonEmptyStringSchema,
    updatedDate: dateTimeSchema,
    updatedBy: nonEmptyStringSchema,
    status: nonEmptyStringSchema,
    format: nonEmptyStringSchema,
    size: { type: 'integer', minimum: 0, description: 'Bytes.' },
    defaultViewingAccess: nonEmptyStringSchema,
    tenant: portalTenantSchema,
    version: { type: 'integer', minimum: 1 },
    copyOfMashup: optionalMediaIdSchema,
    isDeleted: { type: 'boolean' },
    isFeatured: { type: 'boolean' },
    showOnChannelLibrary: { type: 'boolean' },
    parentTenant: optionalMediaIdSchema,
    weight: { type: 'number' },
    isExpired: { type: 'boolean' },
    recordingOfMashup: optionalMediaIdSchema,
  },
} as const

export const mediaReferenceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'format'],
  properties: {
    id: portalIdSchema,
    title: nonEmptyStringSchema,
    format: nonEmptyStringSchema,
  },
} as const
