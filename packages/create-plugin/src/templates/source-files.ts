import type { PluginNames } from '../names.ts'

// The plugin's sources: payload types (declaration merging), schemas,
// examples and the category. A first version the author edits; it builds,
// validates and passes its tests as written.

export function payloadsTs(names: PluginNames): string {
  const entries = names.events.map((event) => `    '${event.type}': ${names.recordType}`).join('\n')
  return `// Payload types: what \`subjectDetail\` holds for each event. Declaration
// merging adds them to @hookline/core's EventPayloadMap, so a publish body
// with a wrong payload does not compile wherever this package is imported.

/** A ${names.categoryId} record as events carry it. Describe your own record here. */
export interface ${names.recordType} {
  id: number
  title: string
  /** ISO 8601 with an offset, e.g. 2024-09-23T09:12:00.000+02:00. */
  updatedAt: string
}

declare module '@hookline/core' {
  interface EventPayloadMap {
${entries}
  }
}
`
}

export function schemasTs(names: PluginNames): string {
  return `// JSON Schema (draft 2020-12) of each payload. Hookline compiles them in
// strict mode: unknown keywords fail at load time. Keep them in step with
// payloads.ts; the tests catch a drift either way.
import { dateTimeSchema, nonEmptyStringSchema, portalIdSchema } from '@hookline/core'

export const ${names.recordSchema} = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'updatedAt'],
  properties: {
    id: portalIdSchema,
    title: nonEmptyStringSchema,
    updatedAt: dateTimeSchema,
  },
} as const
`
}

export function examplesTs(names: PluginNames): string {
  const examples = names.events
    .map(
      (event, index) => `export const ${event.exampleName} = definePublishInput({
  ...base,
  type: '${event.type}',
  eventDate: '2024-09-23T09:${String(12 + index).padStart(2, '0')}:00.000+02:00',
  subjectDetail: record,
})`,
    )
    .join('\n\n')
  return `// One complete \`POST /api/v1/events\` body per event, checked by the compiler
// against the payload types. The dashboard shows them and API users copy
// them: make them realistic.
import { definePublishInput } from '@hookline/core'
import type { ${names.recordType} } from './payloads.ts'

const record: ${names.recordType} = {
  id: 731,
  title: 'Geography for beginners',
  updatedAt: '2024-09-23T09:12:00.000+02:00',
}
const base = {
  subjectId: record.id,
  subjectTitle: record.title,
  ip: '2001:db8:4f2::1533',
  user: { id: '1533', name: 'Jonas Weber', email: 'jonas.weber@example.com' },
}

${examples}
`
}

export function categoryTs(names: PluginNames): string {
  const events = names.events
    .map(
      (event) => `    {
      type: '${event.type}',
      portalEventId: '${event.portalEventId}',
      label: '${event.label}',
      description: '${event.label}.',
      subjectType: '${names.subjectType}',
      schema: ${names.recordSchema},
      example: examples.${event.exampleName},
    },`,
    )
    .join('\n')
  return `import { defineEventCategory } from '@hookline/core'
import * as examples from './examples.ts'
import { ${names.recordSchema} } from './schemas.ts'

export const ${names.categoryConst} = defineEventCategory({
  id: '${names.categoryId}',
  label: '${names.categoryLabel}',
  description: '${names.categoryLabel} events.',
  version: '0.1.0',
  // Your package name: Hookline's messages and catalog name it.
  source: '${names.packageName}',
  events: [
${events}
  ],
})
`
}

export function indexTs(names: PluginNames): string {
  return `// ${names.packageName}: a Hookline event category. Hookline loads the
// default export (HOOKLINE_PLUGINS=${names.packageName}).
import { ${names.categoryConst} } from './category.ts'

export type { ${names.recordType} } from './payloads.ts'
export * from './examples.ts'
export * from './schemas.ts'
export { ${names.categoryConst} }
export default ${names.categoryConst}
`
}
