import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { mediaUpdatedExample } from '@hookline/plugin-media'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateOpenApiTypes } from '../scripts/openapi-types.ts'
import { startLiveApi, type LiveApi } from './support/live-api.ts'

// What an integrator does without this package: generate types from the live
// document with openapi-typescript, write a small publisher against them, and
// let the compiler check the payload. The program is then run against the API.
let live: LiveApi
let workDir: string

beforeAll(async () => {
  live = await startLiveApi('client-openapi-program')
  workDir = await mkdtemp(join(tmpdir(), 'hookline-openapi-program-'))
  const document = (await (await fetch(`${live.baseUrl}/api/v1/openapi.json`)).json()) as Record<string, unknown>
  await writeFile(join(workDir, 'openapi.ts'), await generateOpenApiTypes(document))
})
afterAll(async () => {
  await live?.close()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

function program(subjectDetail: string): string {
  return `import type { paths } from './openapi'

type Publish = paths['/api/v1/events']['post']
export type PublishBody = Publish['requestBody']['content']['application/json']
export type Published = Publish['responses'][202]['content']['application/json']

export async function publish(baseUrl: string, apiKey: string, body: PublishBody): Promise<Published> {
  const response = await fetch(baseUrl + '/api/v1/events', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + apiKey, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  })
  if (response.status !== 202) throw new Error('publish answered ' + response.status + ': ' + (await response.text()))
  return (await response.json()) as Published
}

export const updated: PublishBody = {
  type: 'media.updated',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  subjectDetail: ${subjectDetail},
}
`
}

async function compile(name: string, source: string): Promise<string[]> {
  const file = join(workDir, `${name}.ts`)
  await writeFile(file, source)
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: false,
  }
  const compiled = ts.createProgram([file], options)
  return ts
    .getPreEmitDiagnostics(compiled)
    .map((diagnostic) => `${diagnostic.file ? diagnostic.file.fileName.split('/').pop() : ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`)
}

describe('a program typed by openapi-typescript from the live document', () => {
  const record = mediaUpdatedExample.subjectDetail

  it('compiles with a media record as media.updated payload, and publishes it', async () => {
    const source = program(JSON.stringify(record, null, 2))
    expect(await compile('publisher', source)).toEqual([])
    // Run what was compiled: the same source with its types stripped.
    const javascript = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText
    await writeFile(join(workDir, 'publisher.mjs'), javascript)
    const built = (await import(pathToFileURL(join(workDir, 'publisher.mjs')).href)) as {
      publish(baseUrl: string, apiKey: string, body: unknown): Promise<{ id: string; deliveries: number }>
      updated: unknown
    }
    const published = await built.publish(live.baseUrl, live.publisherKey, built.updated)
    expect(published.id).toMatch(/^evt_/)
  }, 120_000)

  it('fails to compile with a wrong payload', async () => {
    const wrongTitle = await compile('wrong-title', program(JSON.stringify({ ...record, title: 42 })))
    expect(wrongTitle.join('\n')).toMatch(/Type 'number' is not assignable to type 'string'/)
    const missingFields = await compile('missing-fields', program(JSON.stringify({ title: 'Only a title' })))
    expect(missingFields.join('\n')).toMatch(/is missing the following properties|is missing in type/)
  }, 120_000)
})
