// Refreshes src/generated/openapi.ts from a running API:
//   pnpm --filter @hookline/client generate http://localhost:3000
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { generateOpenApiTypes } from './openapi-types.ts'

const baseUrl = process.argv[2]
if (!baseUrl) {
  console.error('Usage: generate <API base URL>, e.g. http://localhost:3000')
  process.exit(1)
}
const response = await fetch(new URL('/api/v1/openapi.json', baseUrl))
if (!response.ok) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`)
const target = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url))
await writeFile(target, await generateOpenApiTypes((await response.json()) as Record<string, unknown>))
console.log(`Wrote ${target}`)
