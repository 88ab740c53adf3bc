import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The variables the edge dispatcher reads, taken from its own sources (the
 * Deno program and the address policy it builds), so the list cannot drift.
 */
export async function edgeVariableNames(repoRoot: string): Promise<Set<string>> {
  const program = await readFile(join(repoRoot, 'packages/dispatcher/deno/serve.ts'), 'utf8')
  const policy = await readFile(join(repoRoot, 'packages/dispatcher/src/address-policy.ts'), 'utf8')
  const names = [
    ...[...program.matchAll(/Deno\.env\.get\('([A-Z_]+)'\)/g)].map((match) => match[1]!),
    ...[...policy.matchAll(/readEnv\('([A-Z_]+)'\)/g)].map((match) => match[1]!),
  ]
  return new Set(names)
}
