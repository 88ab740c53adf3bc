import { Ajv2020 } from 'ajv/dist/2020.js'
import type { FormatsPlugin } from 'ajv-formats'
import formatsModule from 'ajv-formats'
import type { JsonSchema } from '../types/json-schema.ts'
import { toValidationIssues, type ValidationIssue } from './validation-issue.ts'

/** Validates values against one compiled schema; every failing path is reported. */
export type CompiledSchema = (value: unknown, pathPrefix?: string) => ValidationIssue[]

export interface SchemaValidator {
  /** Compiles a draft 2020-12 schema; throws the validator's error if the schema is invalid. */
  compile(schema: JsonSchema): CompiledSchema
}

// ajv-formats is CommonJS: depending on the runtime's interop the default
// import is the plugin itself or its module object; both carry `.default`.
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin)

/**
 * A JSON Schema (draft 2020-12) validator with the standard formats
 * (`date-time` requires an offset, `email`, `uri`, `ipv4`, `ipv6`…). Strict
 * mode makes a misspelt keyword or a `required` field without a property a
 * compile error instead of a silently looser schema.
 */
export function createSchemaValidator(): SchemaValidator {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: true,
    allowUnionTypes: true,
    verbose: true,
  })
  addFormats(ajv)
  return {
    compile(schema) {
      const validate = ajv.compile(schema as Record<string, unknown>)
      return (value, pathPrefix = '') => (validate(value) ? [] : toValidationIssues(validate.errors ?? [], pathPrefix))
    },
  }
}
