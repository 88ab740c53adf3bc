// The names a plugin project derives from its category id and type keys.
// The patterns are @hookline/core's naming rules, repeated here so the
// scaffolder has no runtime dependency (it runs before anything is installed).

/** Kebab-case, e.g. "live-session". */
export const categoryIdPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
/** Two or more kebab-case segments joined by dots, e.g. "quiz.started". */
export const eventTypePattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$/
/** An npm package name, optionally scoped. */
export const packageNamePattern = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/

/** "live-session" → "LiveSession"; "quiz.started" → "QuizStarted". */
export function pascalCase(key: string): string {
  return key
    .split(/[.-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** "quiz.started" → "quizStarted". */
export function camelCase(key: string): string {
  const pascal = pascalCase(key)
  return pascal.charAt(0).toLowerCase() + pascal.slice(1)
}

/** "quiz.answer-given" → "Quiz answer given": a first label the author edits. */
export function sentence(key: string): string {
  const words = key.split(/[.-]/).join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** What the templates need to know about one event. */
export interface EventNames {
  type: string
  portalEventId: string
  label: string
  exampleName: string
}

/** What the templates need to know about the project. */
export interface PluginNames {
  packageName: string
  categoryId: string
  categoryLabel: string
  /** PascalCase subject type and record type prefix, e.g. "Quiz". */
  subjectType: string
  recordType: string
  recordSchema: string
  categoryConst: string
  events: EventNames[]
  /** The @hookline/core release the project is written against. */
  coreVersion: string
}

export function pluginNames(options: { packageName: string; categoryId: string; events: string[]; coreVersion: string }): PluginNames {
  const subjectType = pascalCase(options.categoryId)
  return {
    packageName: options.packageName,
    categoryId: options.categoryId,
    categoryLabel: sentence(options.categoryId),
    subjectType,
    recordType: `${subjectType}Record`,
    recordSchema: `${camelCase(options.categoryId)}RecordSchema`,
    categoryConst: `${camelCase(options.categoryId)}Category`,
    coreVersion: options.coreVersion,
    events: options.events.map((type) => ({
      type,
      portalEventId: pascalCase(type),
      label: sentence(type),
      exampleName: `${camelCase(type)}Example`,
    })),
  }
}
