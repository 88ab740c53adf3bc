// Micro-benchmark (a script, not a test): attempts per second of `deliver`
// against a local keep-alive sink, beside plain `fetch` of the same payload
// in the same run. Rounds alternate the order so neither side always runs
// on a warmer process.
//
//   pnpm --filter @hookline/dispatcher bench [-- --rounds 5 --seconds 2 --concurrency 16]
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { createAddressPolicy, type DeliveryRequest } from '../src/index.ts'
import { createNodeDeliverOptions } from '../node/index.ts'
import { deliverContender, median } from './bench-support.ts'

const { values } = parseArgs({
  // pnpm forwards a literal "--" before the script's own flags.
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
  },
})
const rounds = Number(values.rounds)
const durationMs = Number(values.seconds) * 1000
const concurrency = Number(values.concurrency)

// A realistic envelope: ~1.6 KB of JSON, like a media.updated event.
const body = JSON.stringify({
  id: 'evt_01HZX3K9QJ7Y',
  type: 'media.updated',
  eventDate: '2026-11-26T15:04:53.593+00:00',
  tenant: { id: 42, name: 'Acme Video', subDomainUrl: 'acme.example.com' },
  subjectType: 'Video',
  subjectId: 66782,
  subjectTitle: 'Quarterly town hall',
  subjectDetail: {
    Id: 66782,
    Title: 'Quarterly town hall',
    Description: 'x'.repeat(1000),
    Status: 'Published',
  },
  user: { id: 7, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
  isSystem: false,
})

const sink = createServer({ keepAlive: true, keepAliveTimeout: 30_000 }, (request, response) => {
  request.resume()
  request.on('end', () => response.end('ok'))
})
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`

const policy = createAddressPolicy({ allow: ['127.0.0.0/8'], allowHttp: true })
const pinned = createNodeDeliverOptions(policy)
const request: DeliveryRequest = {
  url,
  messageId: 'msg_bench',
  body,
  signingSecrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  auth: { type: 'basic', username: 'portal', password: 'secret' },
  headers: { 'x-tenant': 'acme' },
}

const contenders: Record<string, () => Promise<void>> = {
  'plain fetch': async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    await response.text()
    if (response.status !== 200) throw new Error(`sink answered ${response.status}`)
  },
  deliver: deliverContender(request, { addressPolicy: policy }),
  'deliver (Node pinned fetch)': deliverContender(request, pinned),
}

/** Attempts per second with `concurrency` attempts in flight for `durationMs`. */
async function measure(attempt: () => Promise<void>): Promise<number> {
  let completed = 0
  const started = performance.now()
  const deadline = started + durationMs
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await attempt()
        completed++
      }
    }),
  )
  return completed / ((performance.now() - started) / 1000)
}


console.log(
  `Node ${process.version}, ${rounds} rounds × ${durationMs / 1000} s, ${concurrency} in flight, ${body.length}-byte body`,
)
const names = Object.keys(contenders)
const results = new Map<string, number[]>(names.map((name) => [name, []]))
// Warm-up: JIT and the connection pools.
for (const name of names) await Promise.all(Array.from({ length: 200 }, () => contenders[name]?.()))
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? names : [...names].reverse()
  const line: string[] = []
  for (const name of order) {
    const rate = await measure(contenders[name] ?? (() => Promise.resolve()))
    results.get(name)?.push(rate)
    line.push(`${name} ${rate.toFixed(0)}/s`)
  }
  console.log(`round ${round + 1}: ${line.join(', ')}`)
}

const baseline = median(results.get('plain fetch') ?? [])
console.log('\nmedian attempts/s')
for (const name of names) {
  const value = median(results.get(name) ?? [])
  console.log(
    `  ${name.padEnd(28)} ${value.toFixed(0).padStart(7)}   ratio to plain fetch ${(value / baseline).toFixed(2)}`,
  )
}

await pinned.close()
sink.closeAllConnections()
await new Promise<void>((resolve) => sink.close(() => resolve()))
