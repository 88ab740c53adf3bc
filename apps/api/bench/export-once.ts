// One export over HTTP in a fresh process, so the process's peak RSS (the
// kernel's high-water mark) belongs to this export alone. Started by
// log-exports.ts; prints one JSON line.
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { parseAllowlist } from '@hookline/dispatcher'
import { MongoClient } from 'mongodb'
import { createApi } from '../src/app.ts'
import { loadEventRegistry } from '../src/catalog.ts'
import { loadConfig } from '../src/config.ts'
import { createLogger } from '../src/logger.ts'
import { createConnectionTester } from '../src/services/connection-tester.ts'

const { BENCH_URI, BENCH_DB, BENCH_QUERY, BENCH_EMAIL, BENCH_PASSWORD } = process.env
const client = await MongoClient.connect(BENCH_URI!)
const config = loadConfig({ HOOKLINE_RATE_LIMIT: 'off', HOOKLINE_ADMIN_EMAIL: BENCH_EMAIL!, HOOKLINE_ADMIN_PASSWORD: BENCH_PASSWORD! }, parseAllowlist)
const api = createApi({
  config,
  db: client.db(BENCH_DB!),
  secretKey: randomBytes(32),
  registry: await loadEventRegistry(),
  connectionTester: createConnectionTester({ allow: [], allowHttp: false, timeoutMs: 1_000 }),
  logger: createLogger('warn'),
})
const server = api.app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: BENCH_EMAIL, password: BENCH_PASSWORD }),
})
const { token } = (await login.json()) as { token: string }

const rssBeforeMb = process.memoryUsage().rss / 1e6
const heapBeforeMb = process.memoryUsage().heapUsed / 1e6
let rssSampledPeakMb = rssBeforeMb
let heapSampledPeakMb = heapBeforeMb
const sampler = setInterval(() => {
  const usage = process.memoryUsage()
  rssSampledPeakMb = Math.max(rssSampledPeakMb, usage.rss / 1e6)
  heapSampledPeakMb = Math.max(heapSampledPeakMb, usage.heapUsed / 1e6)
}, 25)
const started = performance.now()
const response = await fetch(`${baseUrl}/api/v1/logs/export?${BENCH_QUERY}`, { headers: { authorization: `Bearer ${token}` } })
const headersMs = performance.now() - started
let firstByteMs: number | undefined
let bytes = 0
let lineBreaks = 0
// Read and drop: the client keeps nothing, so the memory measured is the server's.
for await (const chunk of response.body!) {
  firstByteMs ??= performance.now() - started
  bytes += chunk.length
  for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lineBreaks++
}
const totalMs = performance.now() - started
clearInterval(sampler)

console.log(
  JSON.stringify({
    status: response.status,
    contentType: response.headers.get('content-type'),
    contentDisposition: response.headers.get('content-disposition'),
    headersMs,
    firstByteMs,
    totalMs,
    bytes,
    lineBreaks,
    rssBeforeMb,
    rssSampledPeakMb,
    heapBeforeMb,
    // Includes garbage not yet collected: V8 lets the heap grow before it collects.
    heapSampledPeakMb,
    // ru_maxrss: the process's resident-set high-water mark, in kilobytes on Linux.
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
  }),
)
server.closeAllConnections()
server.close()
await api.deliveryQueue.close()
await client.close()
process.exit(0)
