import type { EventRegistry, EventSubscription } from '@hookline/core'
import { isCatalogError } from '@hookline/core'
import { validateCustomHeaders, type DeliveryAuth } from '@hookline/dispatcher'
import { HttpProblem, type ProblemFieldError } from '../http/problem.ts'

/** Auth settings after merging a change with what is stored. */
export interface AuthSettings {
  authType: 'none' | 'basic'
  username?: string | undefined
  password?: string | undefined
}

/** Basic auth needs both a username and a password; no auth takes neither. */
export function checkAuthSettings(settings: AuthSettings, supplied: { username?: unknown; password?: unknown }): DeliveryAuth {
  const errors: ProblemFieldError[] = []
  if (settings.authType === 'none') {
    if (supplied.username !== undefined) errors.push({ path: 'username', message: 'is only used with authType "basic"' })
    if (supplied.password !== undefined) errors.push({ path: 'password', message: 'is only used with authType "basic"' })
  } else {
    if (!settings.username) errors.push({ path: 'username', message: 'is required with authType "basic"' })
    if (!settings.password) errors.push({ path: 'password', message: 'is required with authType "basic"' })
  }
  if (errors.length > 0) throw new HttpProblem(400, 'The authentication settings are incomplete.', { type: 'validation-failed', errors })
  return settings.authType === 'basic'
    ? { type: 'basic', username: settings.username!, password: settings.password! }
    : { type: 'none' }
}

/** Reserved or malformed custom headers: 400 with one reason per header. */
export function checkCustomHeaders(headers: Record<string, string>, authType: 'none' | 'basic'): void {
  const problems = validateCustomHeaders(headers, { basicAuth: authType === 'basic' })
  if (problems.length === 0) return
  throw new HttpProblem(400, 'Some custom headers cannot be used.', {
    type: 'invalid-headers',
    errors: problems.map((problem) => ({ path: `headers.${problem.name}`, message: problem.message })),
  })
}

/**
 * Every category and event type must exist in the loaded catalog, except the
 * ones the app already has (`kept`): those stay when their plugin has been
 * removed, so saving an app never drops a subscription the user did not remove.
 */
export function checkSubscription(registry: EventRegistry, events: EventSubscription, kept: EventSubscription = { categories: [], types: [] }): EventSubscription {
  const keptCategory = (id: string) => kept.categories.includes(id) && !registry.getCategory(id)
  const keptType = (type: string) => kept.types.includes(type) && !registry.getEvent(type)
  try {
    registry.resolveSubscription({
      categories: events.categories.filter((id) => !keptCategory(id)),
      types: events.types.filter((type) => !keptType(type)),
    })
    // In the user's order, without repeats, the kept unknown entries where they were.
    return { categories: [...new Set(events.categories)], types: [...new Set(events.types)] }
  } catch (error) {
    if (!isCatalogError(error) || error.code !== 'unknown-subscription') throw error
    const errors: ProblemFieldError[] = [
      ...events.categories.flatMap((id, index) =>
        registry.getCategory(id) || keptCategory(id) ? [] : [{ path: `events.categories.${index}`, message: `"${id}" is not a category in the catalog` }],
      ),
      ...events.types.flatMap((type, index) =>
        registry.getEvent(type) || keptType(type) ? [] : [{ path: `events.types.${index}`, message: `"${type}" is not an event type in the catalog` }],
      ),
    ]
    throw new HttpProblem(400, error.message.replace(/^\[[^\]]+\]\s*/, ''), { type: 'unknown-subscription', errors, cause: error })
  }
}
