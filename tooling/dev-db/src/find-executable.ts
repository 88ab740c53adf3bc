import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** First executable named `name` on PATH, else the first existing fallback path. */
export function findExecutable(name: string, fallbacks: string[] = []): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const candidate of [...dirs.map((dir) => join(dir, name)), ...fallbacks]) {
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here; keep looking
    }
  }
  return undefined
}
