import { parseArgs } from 'node:util'
import { categoryIdPattern, eventTypePattern, packageNamePattern } from './names.ts'

/** What `create-hookline-plugin` was asked to do. */
export interface ScaffoldRequest {
  directory: string
  categoryId: string
  events: string[]
  packageName: string
}

/** A mistake on the command line; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const usage = `Usage: create-hookline-plugin <directory> --category <id> [--events a.b,a.c] [--name <package>]

  <directory>        where to write the project (must not exist, or be empty)
  --category <id>    the category id, kebab-case, e.g. quiz
  --events <list>    comma-separated type keys, e.g. quiz.started,quiz.completed
                     (default: <id>.created,<id>.deleted)
  --name <package>   the npm package name (default: hookline-plugin-<id>)`

/** Reads `argv` (without node and the script); `{ help: true }` for -h/--help. */
export function parseArguments(argv: readonly string[]): ScaffoldRequest | { help: true } {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        category: { type: 'string' },
        events: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error })
  }
  const { values, positionals } = parsed
  if (values.help) return { help: true }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give the directory to create.' : `Give one directory, not ${positionals.length}.`)
  const categoryId = values.category
  if (categoryId === undefined) throw new UsageError('--category is required.')
  if (!categoryIdPattern.test(categoryId)) throw new UsageError(`--category "${categoryId}" must be kebab-case, e.g. quiz or live-session.`)
  const events = (values.events ?? `${categoryId}.created,${categoryId}.deleted`)
    .split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '')
  if (events.length === 0) throw new UsageError('--events names no event type.')
  for (const type of events) {
    if (!eventTypePattern.test(type)) throw new UsageError(`--events: "${type}" must be dot-separated kebab-case segments, e.g. ${categoryId}.started.`)
  }
  const repeated = events.find((type, index) => events.indexOf(type) !== index)
  if (repeated) throw new UsageError(`--events lists "${repeated}" twice.`)
  const packageName = values.name ?? `hookline-plugin-${categoryId}`
  if (!packageNamePattern.test(packageName)) throw new UsageError(`--name "${packageName}" is not a valid npm package name.`)
  return { directory: positionals[0]!, categoryId, events, packageName }
}
