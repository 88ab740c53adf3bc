import type { TestProject } from 'vitest/node'
import { startDevDatabase } from './index.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string
  }
}

/**
 * One database server per test run (reused when MONGODB_URI is already set,
 * e.g. by the root test command); each test file opens its own database name.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await startDevDatabase()
  project.provide('mongodbUri', database.uri)
  // Test workers are forked after this point and inherit the variable.
  process.env.MONGODB_URI = database.uri
  return () => database.stop()
}
