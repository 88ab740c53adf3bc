import { sleep } from './clock.ts'
import type { RunningSystem } from './system.ts'

/** Delivery chains the workers have written as ended with `status`, all workers summed (their hookline_deliveries_total). */
export async function loggedDeliveries(system: RunningSystem, status = 'succeeded'): Promise<number> {
  const texts = await Promise.all(system.workerUrls.map((url) => fetch(`${url}/metrics`).then((response) => response.text())))
  const pattern = new RegExp(`^hookline_deliveries_total\\{status="${status}"\\} (\\S+)$`, 'm')
  return texts.reduce((total, text) => total + Number(pattern.exec(text)?.[1] ?? 0), 0)
}

/**
 * Waits until the workers have written `expected` more succeeded deliveries
 * than `from`: the receiver sees a delivery before its result is in the log,
 * and the cost of a delivery runs to its logged success.
 */
export async function waitForLogged(system: RunningSystem, from: number, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const logged = (await loggedDeliveries(system)) - from
    if (logged >= expected || Date.now() > deadline) return logged
    await sleep(100)
  }
}
