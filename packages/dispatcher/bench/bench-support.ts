// What the dispatcher's benchmark scripts share.
import { type DeliverOptions, type DeliveryRequest, deliver } from '../src/index.ts'

/** The middle value (the mean of the two middle ones for an even count): shared machines are noisy. */
export function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** A contender that delivers `request` with `options` and throws unless the outcome is a success. */
export function deliverContender(
  request: DeliveryRequest,
  options: DeliverOptions,
): () => Promise<void> {
  return async () => {
    const outcome = await deliver(request, options)
    if (outcome.kind !== 'success') throw new Error(outcome.reason)
  }
}
