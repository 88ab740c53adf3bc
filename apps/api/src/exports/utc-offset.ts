/**
 * Exports show times in the reader's zone, given as a fixed UTC offset
 * (`+09:00`), so every row of a report uses the same offset and the
 * offset in the header matches the one in each cell.
 */

const offsetPattern = /^([+-])(\d{2}):(\d{2})$/

/** The largest offset in use anywhere (UTC+14:00, Kiribati); UTC−12:00 is the smallest. */
const maxOffsetMinutes = 14 * 60
const minOffsetMinutes = -12 * 60

/** `+09:00` → 540, `-03:30` → -210, `Z` → 0; undefined when not a valid offset. */
export function parseUtcOffset(text: string): number | undefined {
  if (text === 'Z') return 0
  const match = offsetPattern.exec(text)
  if (!match) return undefined
  const [, sign, hours, minutes] = match as unknown as [string, string, string, string]
  if (Number(minutes) >= 60) return undefined
  const total = (Number(hours) * 60 + Number(minutes)) * (sign === '-' ? -1 : 1)
  return total > maxOffsetMinutes || total < minOffsetMinutes ? undefined : total
}

/** 540 → `+09:00`, 0 → `+00:00`. */
export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+'
  const absolute = Math.abs(offsetMinutes)
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
}

/**
 * The same instant as wall-clock time in the offset's zone, carried in a
 * Date's UTC fields: what spreadsheet cells (which have no zone) show.
 */
export function toWallClock(instant: Date, offsetMinutes: number): Date {
  return new Date(instant.getTime() + offsetMinutes * 60_000)
}

/** ISO 8601 with milliseconds and the offset, e.g. `2024-05-02T18:14:03.120+09:00`. */
export function formatDateTime(instant: Date, offsetMinutes: number): string {
  return dateTimeFormatter(offsetMinutes)(instant)
}

/**
 * `formatDateTime` for one offset, its suffix and shift worked out once:
 * an export formats every row's time at the same offset.
 */
export function dateTimeFormatter(offsetMinutes: number): (instant: Date) => string {
  const suffix = formatUtcOffset(offsetMinutes)
  return (instant) => `${toWallClock(instant, offsetMinutes).toISOString().slice(0, -1)}${suffix}`
}

/**
 * `dateTimeFormatter` for an export's many rows, which come in time order:
 * the text up to the minute is kept and reused while rows fall in the same
 * minute, so most rows format only their seconds and milliseconds (a whole
 * `toISOString` per row was the largest cost of writing CSV from bytes).
 * Gives exactly what `dateTimeFormatter` gives, for any instant.
 */
export function sequentialDateTimeFormatter(offsetMinutes: number): (instantMs: number) => string {
  const suffix = formatUtcOffset(offsetMinutes)
  const shift = offsetMinutes * 60_000
  let minuteStart = Number.NaN
  let minutePrefix = ''
  return (instantMs) => {
    const wallClock = instantMs + shift
    const intoMinute = wallClock - minuteStart
    if (!(intoMinute >= 0 && intoMinute < 60_000)) {
      minuteStart = Math.floor(wallClock / 60_000) * 60_000
      // ISO 8601 ends "ss.sssZ" whatever the year's width: the prefix is everything before it.
      minutePrefix = new Date(minuteStart).toISOString().slice(0, -7)
      return sequentialText(minutePrefix, wallClock - minuteStart, suffix)
    }
    return sequentialText(minutePrefix, intoMinute, suffix)
  }
}

function sequentialText(minutePrefix: string, intoMinute: number, suffix: string): string {
  const seconds = Math.floor(intoMinute / 1000)
  const millis = intoMinute - seconds * 1000
  return `${minutePrefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}${suffix}`
}

/** The calendar day of the instant in the offset's zone, `2024-05-02`. */
export function formatDay(instant: Date, offsetMinutes: number): string {
  return toWallClock(instant, offsetMinutes).toISOString().slice(0, 10)
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}
