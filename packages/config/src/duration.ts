const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** What every duration variable accepts, as error messages and the README say it. */
export const durationSyntax = 'a duration such as 500ms, 15s, 5m, 8h or 1d (a plain number is seconds)'

/**
 * Milliseconds from a duration: a whole number with `ms`, `s`, `m`, `h` or
 * `d`, or a plain number of seconds. Undefined when the text is not one.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text.trim().toLowerCase())
  if (!match) return undefined
  return Number.parseInt(match[1]!, 10) * unitMs[(match[2] ?? 's') as keyof typeof unitMs]
}

/** `90000` → `90 s`, `3600000` → `1 h`: the largest unit that divides the duration. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', unitMs.d], ['h', unitMs.h], ['m', unitMs.m], ['s', unitMs.s]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`
  }
  return `${ms} ms`
}
