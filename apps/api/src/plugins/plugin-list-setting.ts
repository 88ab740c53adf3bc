import { isAbsolute } from 'node:path'

/**
 * What `HOOKLINE_PLUGINS` and `HOOKLINE_PLUGINS_DEFAULTS` say, checked as text
 * only (nothing is resolved or imported here), so the API, the worker and a
 * shared configuration package can all read them the same way.
 */
export interface PluginListSetting {
  /** Load the four official categories first (`HOOKLINE_PLUGINS_DEFAULTS`, default on). */
  officialCategories: boolean
  /** Extra plugins in the order given: npm package names or absolute folder paths. */
  specifiers: string[]
}

// An npm package name, optionally scoped: what `npm install <name>` accepts.
const packageNamePattern = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/

/**
 * Reads a comma-separated `HOOKLINE_PLUGINS` value. Blank entries (a trailing
 * comma) are ignored; a relative path, a versioned name (`pkg@1.0`) or a
 * repeated entry is refused, because each would load something other than
 * what the operator probably meant.
 *
 * @throws Error naming the first bad entry.
 */
export function parsePluginList(text: string): string[] {
  const specifiers = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  const seen = new Set<string>()
  for (const specifier of specifiers) {
    if (!isAbsolute(specifier) && !packageNamePattern.test(specifier)) {
      throw new Error(`entry "${specifier}" is neither an npm package name nor an absolute path to a plugin folder`)
    }
    if (seen.has(specifier)) throw new Error(`entry "${specifier}" is listed twice`)
    seen.add(specifier)
  }
  return specifiers
}

/** Reads `HOOKLINE_PLUGINS_DEFAULTS`: `on` (the default) or `off`. */
export function parsePluginDefaults(text: string): boolean {
  const value = text.trim().toLowerCase()
  if (value === '' || value === 'on') return true
  if (value === 'off') return false
  throw new Error('must be "on" or "off"')
}

/**
 * Both variables at once; each problem is one line naming its variable, in
 * the style of the API's `ConfigError`.
 */
export function readPluginListSetting(env: Record<string, string | undefined>): { setting: PluginListSetting; problems: string[] } {
  const problems: string[] = []
  let specifiers: string[] = []
  let officialCategories = true
  try {
    specifiers = parsePluginList(env.HOOKLINE_PLUGINS ?? '')
  } catch (error) {
    problems.push(`HOOKLINE_PLUGINS ${(error as Error).message}`)
  }
  try {
    officialCategories = parsePluginDefaults(env.HOOKLINE_PLUGINS_DEFAULTS ?? '')
  } catch (error) {
    problems.push(`HOOKLINE_PLUGINS_DEFAULTS ${(error as Error).message}`)
  }
  return { setting: { officialCategories, specifiers }, problems }
}
