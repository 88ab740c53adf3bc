import { dateTimeSchema, mediaRecordSchema, nonEmptyStringSchema, portalIdSchema } from '@hookline/core'

/** The media record with one more required object property. */
function mediaRecordWith(name: string, schema: object) {
  return {
    ...mediaRecordSchema,
    required: [...mediaRecordSchema.required, name],
    properties: { ...mediaRecordSchema.properties, [name]: schema },
  }
}

export { mediaRecordSchema }

export const processingCompletedSchema = mediaRecordWith('processing', {
  type: 'object',
  additionalProperties: false,
  required: ['jobId', 'startedDate', 'completedDate', 'renditions'],
  properties: {
    jobId: nonEmptyStringSchema,
    startedDate: dateTimeSchema,
    completedDate: dateTimeSchema,
    renditions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'width', 'height', 'bitrateKbps'],
        properties: {
          label: nonEmptyStringSchema,
          width: { type: 'integer', minimum: 1 },
          height: { type: 'integer', minimum: 1 },
          bitrateKbps: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
})

export const processingFailedSchema = mediaRecordWith('processing', {
  type: 'object',
  additionalProperties: false,
  required: ['jobId', 'startedDate', 'failedDate', 'errorCode', 'errorMessage'],
  properties: {
    jobId: nonEmptyStringSchema,
    startedDate: dateTimeSchema,
    failedDate: dateTimeSchema,
    errorCode: nonEmptyStringSchema,
    errorMessage: { type: 'string' },
  },
})

const workflowRunProperties = {
  id: portalIdSchema,
  name: nonEmptyStringSchema,
  runId: nonEmptyStringSchema,
  startedDate: dateTimeSchema,
} as const

export const workflowStartedSchema = mediaRecordWith('workflow', {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'runId', 'startedDate'],
  properties: workflowRunProperties,
})

export const workflowCompletedSchema = mediaRecordWith('workflow', {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'runId', 'startedDate', 'completedDate', 'outcome'],
  properties: {
    ...workflowRunProperties,
    completedDate: dateTimeSchema,
    outcome: { enum: ['Succeeded', 'Failed', 'Cancelled'] },
  },
})
