/**
 * Why the catalog could not be built. Its message is the one line the API
 * prints before it exits: the plugin, the item in it and the reason.
 */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError'
  /** The plugin as configured (package name or folder), with its package name when known. */
  readonly plugin: string
  /** What in the plugin is at fault: `entry point`, `event type "quiz.started"`, … */
  readonly item: string
  readonly reason: string

  constructor(plugin: string, item: string, reason: string, options?: { cause?: unknown }) {
    super(oneLine(`Cannot load plugin ${plugin}: ${item}: ${reason}`), options)
    this.plugin = plugin
    this.item = item
    this.reason = reason
  }
}

/** A catalog error from any copy of @hookline/core (a plugin may bring its own), read by shape. */
interface CatalogErrorLike {
  code: string
  message: string
  details: Record<string, unknown>
}

function isCatalogErrorLike(error: unknown): error is CatalogErrorLike {
  const candidate = error as Partial<CatalogErrorLike> | null
  return typeof candidate?.code === 'string' && typeof candidate.message === 'string' && typeof candidate.details === 'object'
}

/** Turns whatever importing or registering a plugin threw into one `PluginLoadError`. */
export function toPluginLoadError(plugin: string, stage: 'import' | 'register', error: unknown): PluginLoadError {
  if (!isCatalogErrorLike(error)) {
    const reason = error instanceof Error ? error.message : String(error)
    return new PluginLoadError(plugin, stage === 'import' ? 'import' : 'category', reason, { cause: error })
  }
  const details = error.details
  const message = error.message.replace(/^\[[^\]]+\]\s*/, '')
  const sources = Array.isArray(details.sources) ? (details.sources as string[]) : []
  switch (error.code) {
    case 'duplicate-event-type': {
      const categories = Array.isArray(details.categories) ? (details.categories as string[]) : []
      return new PluginLoadError(plugin, `event type "${String(details.type)}"`, `already declared by ${sources[0]} (category "${categories[0]}")`, { cause: error })
    }
    case 'duplicate-category':
      return new PluginLoadError(plugin, `category "${String(details.categoryId)}"`, `already declared by ${sources[0]}`, { cause: error })
    case 'invalid-schema':
      return new PluginLoadError(plugin, `schema of "${String(details.type)}"`, message.replace(/^.*?does not compile:\s*/, 'does not compile: '), { cause: error })
    case 'invalid-example':
      return new PluginLoadError(plugin, `example of "${String(details.type)}"`, message.replace(/^.*?is not a valid publish body:\s*/, 'is not a valid publish body: '), {
        cause: error,
      })
    case 'invalid-category':
      return new PluginLoadError(plugin, `category "${String(details.categoryId)}"`, Array.isArray(details.problems) ? details.problems.join('; ') : message, {
        cause: error,
      })
    case 'invalid-category-module':
      return new PluginLoadError(plugin, 'entry point', 'exports no event category (a default export or a named "category" export)', { cause: error })
    default:
      return new PluginLoadError(plugin, stage === 'import' ? 'import' : 'category', message, { cause: error })
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
