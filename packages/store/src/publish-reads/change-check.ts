import type { ChangeMark } from './change-mark.ts'

export interface ChangeCheckOptions {
  mark: ChangeMark
  /** How old the last reading of the mark may be before a cached read is answered again. */
  intervalMs: number
  /** Drops every cached read: the mark changed, or could not be read. */
  onChanged: () => void
}

/**
 * Vouches for a process's cached publish reads by reading the change mark
 * at most once per `intervalMs`, whatever the number of keys, tenants and
 * app lists cached. Callers that find the last reading too old share one
 * new reading and wait for it, so no read is answered from before a change
 * recorded more than `intervalMs` (plus one round trip) ago.
 */
export interface ChangeCheck {
  /** Resolves once the mark was read within the last `intervalMs`; never rejects. */
  ensureFresh(): Promise<void>
}

const resolved = Promise.resolve()

export function createChangeCheck({ mark, intervalMs, onChanged }: ChangeCheckOptions): ChangeCheck {
  // When the last reading that succeeded was sent: anything recorded before then is in it.
  let checkedAt = -Infinity
  let seen: { token: string | undefined } | undefined
  let reading: Promise<void> | undefined

  async function readMark(): Promise<void> {
    const sentAt = performance.now()
    try {
      const token = await mark.read()
      if (!seen || seen.token !== token) onChanged()
      seen = { token }
      checkedAt = sentAt
    } catch {
      // Nothing cached can be vouched for: the reads go to the database, which answers them or fails them itself.
      onChanged()
      seen = undefined
    }
  }

  return {
    ensureFresh() {
      if (performance.now() - checkedAt <= intervalMs) return resolved
      reading ??= readMark().finally(() => {
        reading = undefined
      })
      return reading
    },
  }
}
