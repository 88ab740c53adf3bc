import { parse } from 'yaml'

export interface ComposeService {
  image?: string
  command?: string[]
  environment?: Record<string, string>
  healthcheck?: { test: string[] }
  stop_grace_period?: string
  depends_on?: Record<string, { condition: string }>
  deploy?: { replicas?: number }
  profiles?: string[]
  ports?: string[]
  expose?: string[]
}

export interface ComposeFile {
  services: Record<string, ComposeService>
}

/** compose.yaml as Compose reads it: YAML merge keys (`<<: *anchor`) applied. */
export function parseCompose(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile
}

const interpolation = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g

/** The names Compose interpolates from the environment or `.env` (`${NAME}`, `${NAME:-default}`, `${NAME:?error}`). */
export function interpolatedNames(text: string): Set<string> {
  // `$$` is a literal dollar for the container's shell, not an interpolation.
  return new Set([...text.replace(/\$\$/g, '').matchAll(interpolation)].map((match) => match[1]!))
}

/**
 * A value with its interpolations done as Compose does them against `values`
 * (an unset or empty name takes the `:-` default; `:?` fails when it is unset or empty).
 */
export function interpolate(value: string, values: Record<string, string>): string {
  return value.replace(interpolation, (_whole, name: string, operator: string | undefined, argument: string | undefined) => {
    const given = values[name]
    if (given !== undefined && given !== '') return given
    if (operator === ':?' || operator === '?') throw new Error(`${name} is required: ${argument ?? ''}`)
    return operator?.endsWith('-') ? (argument ?? '') : (given ?? '')
  })
}

/** A service's environment as its process would see it. */
export function resolvedEnvironment(service: ComposeService, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), values)]))
}
