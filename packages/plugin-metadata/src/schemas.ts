import {
  dateTimeSchema,
  mediaReferenceSchema,
  nonEmptyStringSchema,
  portalIdSchema,
  portalPersonSchema,
  portalTenantSchema,
} from '@hookline/core'

export const commentRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'mediaId', 'text', 'parentCommentId', 'timestampSeconds', 'author', 'createdDate', 'updatedDate', 'isDeleted'],
  properties: {
    id: portalIdSchema,
    mediaId: portalIdSchema,
    text: { type: 'string', maxLength: 10000 },
    parentCommentId: { type: ['integer', 'null'], minimum: 1 },
    timestampSeconds: { type: ['number', 'null'], minimum: 0 },
    author: portalPersonSchema,
    createdDate: dateTimeSchema,
    updatedDate: dateTimeSchema,
    isDeleted: { type: 'boolean' },
  },
} as const

const attributeValueSchema = {
  type: ['string', 'number', 'boolean', 'array'],
  items: { type: 'string' },
  description: 'Text, number, boolean, ISO date string or list of choices.',
} as const

/** A custom-attribute change whose `value` and `previousValue` follow the given schemas. */
function customAttributeChangeSchema(value: object, previousValue: object) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['media', 'attribute', 'value', 'previousValue', 'changedDate', 'changedBy'],
    properties: {
      media: mediaReferenceSchema,
      attribute: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'dataType'],
        properties: {
          id: portalIdSchema,
          name: nonEmptyStringSchema,
          dataType: { enum: ['Text', 'Number', 'Date', 'Boolean', 'List'] },
        },
      },
      value,
      previousValue,
      changedDate: dateTimeSchema,
      changedBy: nonEmptyStringSchema,
    },
  } as const
}

const noValueSchema = { type: 'null' } as const

export const customAttributeAddedSchema = customAttributeChangeSchema(attributeValueSchema, noValueSchema)
export const customAttributeUpdatedSchema = customAttributeChangeSchema(attributeValueSchema, attributeValueSchema)
export const customAttributeDeletedSchema = customAttributeChangeSchema(noValueSchema, attributeValueSchema)

export const mediaCategoryRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'description', 'parentCategoryId', 'weight', 'createdDate', 'createdBy', 'tenant'],
  properties: {
    id: portalIdSchema,
    name: nonEmptyStringSchema,
    description: { type: 'string' },
    parentCategoryId: { type: ['integer', 'null'], minimum: 1 },
    weight: { type: 'number' },
    createdDate: dateTimeSchema,
    createdBy: nonEmptyStringSchema,
    tenant: portalTenantSchema,
  },
} as const
