/**
 * A JSON Schema object (draft 2020-12). Kept structural rather than tied to
 * the validator's own types so schemas stay plain, serialisable data.
 */
export type JsonSchema = { readonly [keyword: string]: unknown }

/** The dialect every schema in the catalog is written in and validated as. */
export const jsonSchemaDialect = 'https://json-schema.org/draft/2020-12/schema'
