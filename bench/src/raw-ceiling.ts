// Benchmark 1 — the raw ceiling: plain fetch POSTs of a real envelope to the
// same local receiver at the same concurrency as the worker, no database.
// Every end-to-end figure is quoted as a ratio of this, measured in the same run.
import { parseArgs } from 'node:util'
import { postInLoop, requestInLoop } from './lib/fetch-load.ts'
import { startReceiverProcess as startReceiver } from '@hookline/test-receiver/process'
import { printTable } from '@hookline/bench-report'
import { writeResult } from './lib/report.ts'
import { sampleEnvelopeBody } from './lib/sample-envelope.ts'
import { median, round } from '@hookline/bench-report'

export interface RawCeiling {
  concurrency: number
  perSecondMedian: number
  rounds: number[]
  /** The `fetch` client's CPU per POST (median of the rounds), measured in the same run. */
  clientCpuMsPerRequestMedian: number
  /**
   * The same POSTs through undici's dispatcher API, the client the worker
   * sends with on Node (median of as many rounds, alternated with the fetch
   * rounds): the floor under the worker's CPU per delivery on this machine.
   */
  dispatcherCpuMsPerRequestMedian: number
}

export async function measureRawCeiling(options: { concurrency: number; seconds: number; rounds: number }): Promise<RawCeiling> {
  const receiver = await startReceiver()
  const body = sampleEnvelopeBody()
  try {
    await postInLoop(receiver.url, body, options.concurrency, 1) // warm-up: JIT, sockets
    await requestInLoop(receiver.url, body, options.concurrency, 1)
    const rounds: number[] = []
    const cpuMs: number[] = []
    const dispatcherCpuMs: number[] = []
    // The dispatcher's rounds are shorter: they give a CPU figure, not the ceiling.
    const dispatcherSeconds = Math.max(1, Math.round(options.seconds / 2))
    for (let round = 0; round < options.rounds; round++) {
      await receiver.reset()
      const result = await postInLoop(receiver.url, body, options.concurrency, options.seconds)
      rounds.push(result.perSecond)
      cpuMs.push(result.cpuMsPerRequest)
      await receiver.reset()
      dispatcherCpuMs.push((await requestInLoop(receiver.url, body, options.concurrency, dispatcherSeconds)).cpuMsPerRequest)
    }
    return {
      concurrency: options.concurrency,
      perSecondMedian: median(rounds),
      rounds,
      clientCpuMsPerRequestMedian: median(cpuMs),
      dispatcherCpuMsPerRequestMedian: median(dispatcherCpuMs),
    }
  } finally {
    await receiver.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { concurrency: { type: 'string', default: '64' }, seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' } },
  })
  const result = await measureRawCeiling({
    concurrency: Number(values.concurrency),
    seconds: Number(values.seconds),
    rounds: Number(values.rounds),
  })
  printTable('Raw ceiling: plain fetch → local receiver', [
    {
      concurrency: result.concurrency,
      'requests/s (median)': round(result.perSecondMedian, 0),
      rounds: result.rounds.map((r) => round(r, 0)).join(' / '),
      'fetch client CPU ms per POST (median)': round(result.clientCpuMsPerRequestMedian, 3),
      'undici request CPU ms per POST (median)': round(result.dispatcherCpuMsPerRequestMedian, 3),
    },
  ])
  console.log(`Wrote ${await writeResult('raw-ceiling', { ...result })}`)
}
