import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'

/** Thrown when the reader went away (e.g. the HTTP client disconnected) before the export ended. */
export class ExportAbortedError extends Error {
  constructor(cause?: unknown) {
    super('The export output closed before the export ended', { cause })
    this.name = 'ExportAbortedError'
  }
}

/**
 * Waits until `out` wants more data when its buffer is full, so a slow
 * reader slows the database cursor instead of filling memory.
 */
export async function whenWritable(out: Writable): Promise<void> {
  if (out.destroyed) throw new ExportAbortedError()
  if (!out.writableNeedDrain) return
  const controller = new AbortController()
  try {
    await Promise.race([
      once(out, 'drain', { signal: controller.signal }),
      once(out, 'close', { signal: controller.signal }).then(() => {
        throw new ExportAbortedError()
      }),
    ])
  } finally {
    controller.abort()
  }
}

/**
 * Runs `work` and fails as soon as `out` closes before finishing, for
 * writers (exceljs) whose own promise would otherwise wait for ever.
 */
export async function untilOutputEnds(out: Writable, work: () => Promise<void>): Promise<void> {
  const closed = finished(out, { readable: false }).then(
    () => new Promise<never>(() => {}),
    (error: unknown) => {
      throw new ExportAbortedError(error)
    },
  )
  await Promise.race([work(), closed])
}
