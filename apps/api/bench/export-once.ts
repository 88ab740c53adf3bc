// One export over HTTP in a fresh process, so the process's peak RSS (the
// kernel's high-water mark) belongs to this export alone. Started by
// log-exports.ts; prints one JSON line.
import { MongoClient } from 'mongodb'
import { serveApiInProcess } from './in-process-api.ts'

const { BENCH_URI, BENCH_DB, BENCH_QUERY, BENCH_EMAIL, BENCH_PASSWORD } = process.env
const client = await MongoClient.connect(BENCH_URI!)
const { baseUrl, close } = await serveApiInProcess(client.db(BENCH_DB!), { email: BENCH_EMAIL!, password: BENCH_PASSWORD! })
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
await close()
await client.close()
process.exit(0)
