// Times GET /api/v1/logs for one query shape: sequential requests, each
// checked, the time from sending the request to the parsed page. node:http
// rather than fetch: fetch gives up after 300 s without response headers, and
// on FerretDB a query over 1M rows can come close.
import { get } from 'node:http'
import type { BenchApi } from './log-query-api.ts'
import type { LogPage, QueryShape } from './log-query-shapes.ts'

export interface ShapeTiming {
  samplesMs: number[]
  lastPage: LogPage
}

function getJson(url: string, token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
        } catch (error) {
          reject(new Error(`GET ${url}: the response is not JSON`, { cause: error }))
        }
      })
    })
    request.on('error', reject)
  })
}

async function requestPage(api: BenchApi, shape: QueryShape): Promise<{ ms: number; page: LogPage }> {
  const url = `${api.baseUrl}/api/v1/logs?${new URLSearchParams(shape.params).toString()}`
  const started = performance.now()
  const { status, body } = await getJson(url, api.managerToken)
  const ms = performance.now() - started
  if (status !== 200) throw new Error(`${shape.name}: HTTP ${status} ${JSON.stringify(body)}`)
  const page = body as LogPage
  shape.check(page)
  return { ms, page }
}

/**
 * `warmup` untimed requests, then `samples` timed ones. Prints each sample as
 * it lands: on FerretDB one request can take a minute at 1M rows.
 */
export async function timeShape(api: BenchApi, shape: QueryShape, samples: number, warmup: number): Promise<ShapeTiming> {
  process.stdout.write(`  ${shape.name}:`)
  let lastPage: LogPage | undefined
  for (let index = 0; index < warmup; index++) {
    const { ms, page } = await requestPage(api, shape)
    lastPage = page
    process.stdout.write(` (warm-up ${Math.round(ms)} ms)`)
  }
  const samplesMs: number[] = []
  for (let index = 0; index < samples; index++) {
    const { ms, page } = await requestPage(api, shape)
    lastPage = page
    samplesMs.push(ms)
    process.stdout.write(` ${ms < 10 ? ms.toFixed(1) : Math.round(ms)}`)
  }
  process.stdout.write(' ms\n')
  if (!lastPage) throw new Error(`${shape.name}: no request made (samples and warm-up both 0)`)
  return { samplesMs, lastPage }
}
