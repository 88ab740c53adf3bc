// `@hookline/core/testing`: helpers for testing event categories.
export { breakAt, removeField } from './break-at.ts'
