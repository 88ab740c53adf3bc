import type { EventCategory, EventDefinition } from './event-definition.ts'

/** A category as a registry holds it: its source is always known. */
export interface RegisteredCategory extends EventCategory {
  source: string
  /** The source package's version, when the loader read it from its package.json. */
  sourceVersion?: string
  events: readonly RegisteredEvent[]
}

/** An event as a registry holds it, with the category and source it came from. */
export interface RegisteredEvent extends EventDefinition {
  /** The id of the category that declares it. */
  category: string
  /** The source (package name) of that category. */
  source: string
}
