import { expect } from 'vitest'
import type { FaultSystem } from './fault-system.ts'
import { waitUntil } from './wait-until.ts'

/**
 * Builds a backlog of at least `backlog` acknowledged deliveries with the
 * worker stopped, starts it again and resolves at its first arrival: the
 * worker is then under way with nearly the whole backlog to go. A backlog
 * built while the worker runs depends on the two processes' relative speed:
 * on a fast engine (DocumentDB) the worker delivers each batch as it is
 * published and the backlog never grows.
 *
 * `publish` publishes one batch and returns how many deliveries are
 * acknowledged in all; `arrived` counts distinct deliveries at the receiver.
 */
export async function startWorkerOnBacklog(
  faults: FaultSystem,
  backlog: number,
  publish: () => Promise<number>,
  arrived: () => Promise<number>,
): Promise<void> {
  expect((await faults.system.terminateWorker()).code).toBe(0)
  const arrivedBefore = await arrived()
  let acknowledged = 0
  while (acknowledged - arrivedBefore < backlog) acknowledged = await publish()
  await faults.system.startWorker()
  await waitUntil('the first delivery after the worker started', arrived, (count) => count > arrivedBefore, { timeoutMs: 60_000, everyMs: 25 })
}
