// The API for one export, in a fresh process, so the process's peak RSS (the
// kernel's high-water mark) belongs to this export alone. Started by
// log-exports.ts, which downloads the export itself: the client's reading
// and counting run in another process, as a browser's would, not on the
// server's thread. Prints one JSON line when ready ({ baseUrl, token }),
// samples its memory until a line arrives on stdin, then prints its memory
// figures as a second JSON line and exits.
import { createInterface } from 'node:readline'
import { MongoClient } from 'mongodb'
import { serveApiInProcess } from './in-process-api.ts'

const { BENCH_URI, BENCH_DB, BENCH_EMAIL, BENCH_PASSWORD } = process.env
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
console.log(JSON.stringify({ baseUrl, token }))

// The download is over once the parent says so.
for await (const _line of createInterface({ input: process.stdin })) break
clearInterval(sampler)
console.log(
  JSON.stringify({
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
