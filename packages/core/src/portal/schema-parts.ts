// Small JSON Schema fragments the portal records share. Plain data, composed
// by spreading, so every event schema in the catalog stays self-contained
// (no `$ref` for catalog readers to resolve).

export const portalIdSchema = { type: 'integer', minimum: 1 } as const

export const dateTimeSchema = {
  type: 'string',
  format: 'date-time',
  description: 'ISO 8601 date and time with an offset.',
} as const

export const nonEmptyStringSchema = { type: 'string', minLength: 1 } as const

export const emailSchema = { type: 'string', format: 'email' } as const

export const urlSchema = { type: 'string', format: 'uri' } as const
