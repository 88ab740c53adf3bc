// Micro-benchmark (a script, not a test): CPU per attempt of `deliver` on
// Node, through the Node transport (what the worker uses) and through the
// pinned fetch's `Response`, against a bare undici `request` of the same
// POST as the baseline of the same run. The receiver runs in a child
// process, so the CPU counted (process.cpuUsage) is the sender's alone.
// Each round measures every contender once, in turn.
//
//   pnpm --filter @hookline/dispatcher bench:cpu [-- --rounds 9 --attempts 4000 --concurrency 64 --answer 200]
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { Agent } from 'undici'
import { createAddressPolicy, type DeliveryRequest } from '../src/index.ts'
import { createNodeDeliverOptions } from '../node/index.ts'
import { deliverContender, median } from './bench-support.ts'

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '9' },
    attempts: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '64' },
    // 200: a short JSON body, as most receivers answer; 204: no body, as the end-to-end receiver answers.
    answer: { type: 'string', default: '200' },
  },
})
const rounds = Number(values.rounds)
const attempts = Number(values.attempts)
const concurrency = Number(values.concurrency)
const answer = values.answer === '204' ? 204 : 200

// The receiver: keep-alive, reads the whole request, answers `answer`.
const receiverSource = `
const { createServer } = require('node:http')
const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  request.resume()
  request.on('end', () => {
    if (${answer} === 204) response.writeHead(204).end()
    else response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')
  })
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))`
const receiver = spawn(process.execPath, ['-e', receiverSource], { stdio: ['ignore', 'pipe', 'inherit'] })
const port = await new Promise<number>((resolve) =>
  receiver.stdout!.once('data', (data) => resolve(Number(String(data).trim()))),
)
const origin = `http://127.0.0.1:${port}`

// A realistic envelope: ~1 KB of JSON.
const body = JSON.stringify({
  id: 'evt_01HZX3K9QJ7Y',
  type: 'media.updated',
  eventDate: '2026-11-26T15:04:53.593+00:00',
  subjectType: 'Video',
  subjectId: 66782,
  subjectDetail: { Title: 'Quarterly town hall', Description: 'x'.repeat(800) },
})
const request: DeliveryRequest = {
  url: `${origin}/hook`,
  messageId: 'msg_bench',
  body,
  signingSecrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  auth: { type: 'none' },
  headers: {},
}
const node = createNodeDeliverOptions(createAddressPolicy({ allow: ['127.0.0.0/8'], allowHttp: true }))
const { transport: _transport, ...throughFetch } = node
const bare = new Agent({ keepAliveTimeout: 4_000 })

const contenders: Record<string, () => Promise<void>> = {
  'undici request (baseline)': async () => {
    const response = await bare.request({
      origin,
      path: '/hook',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    await response.body.text()
  },
  'deliver, Node transport': deliverContender(request, node),
  'deliver, pinned fetch': deliverContender(request, throughFetch),
}

/** Milliseconds of this process's CPU per attempt, `concurrency` attempts in flight. */
async function cpuPerAttempt(attempt: () => Promise<void>): Promise<number> {
  let started = 0
  const before = process.cpuUsage()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < attempts) await attempt()
    }),
  )
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / attempts
}


console.log(
  `Node ${process.version}: ${rounds} rounds × ${attempts} attempts, ${concurrency} in flight, receiver answers ${answer}`,
)
const names = Object.keys(contenders)
const results = new Map<string, number[]>(names.map((name) => [name, []]))
// Warm-up: JIT and the connection pools.
for (const name of names) await cpuPerAttempt(contenders[name]!)
for (let round = 0; round < rounds; round++) {
  const line: string[] = []
  for (const name of names) {
    const cpu = await cpuPerAttempt(contenders[name]!)
    results.get(name)!.push(cpu)
    line.push(`${name} ${cpu.toFixed(3)}`)
  }
  console.log(`round ${round + 1} (ms CPU per attempt): ${line.join(', ')}`)
}

const baseline = median(results.get(names[0]!)!)
console.log('\nmedian ms of CPU per attempt')
for (const name of names) {
  const value = median(results.get(name)!)
  console.log(`  ${name.padEnd(28)} ${value.toFixed(3)}   ${(value / baseline).toFixed(2)} × the baseline`)
}

await node.close()
await bare.close()
receiver.kill()
