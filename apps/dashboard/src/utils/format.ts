const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
const shortDateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}

export function formatShortDateTime(iso: string | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : shortDateTime.format(date)
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—'
  if (ms < 1_000) return `${Math.round(ms)} ms`
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`
}

export function formatPercent(ratio: number | undefined): string {
  return ratio === undefined || Number.isNaN(ratio)
    ? '—'
    : `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)} %`
}

/** `<input type="datetime-local">` value (local time, minutes) ↔ ISO 8601 with offset. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/**
 * An id short enough for a table cell, e.g. `app_…9f3a2c`: the prefix says
 * what it is, the tail tells rows apart. The full id goes beside it (copy, tooltip).
 */
export function shortId(id: string, tail = 6): string {
  const separator = id.indexOf('_')
  const prefix = separator > 0 ? id.slice(0, separator + 1) : ''
  const rest = id.slice(prefix.length)
  return rest.length <= tail + 2 ? id : `${prefix}…${rest.slice(-tail)}`
}
