/** The date presets of the log filters; "custom" shows the From and To fields. */
export const logRangePresets = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const

export type LogRangePreset = (typeof logRangePresets)[number]['value']
export type LogRange = LogRangePreset | 'custom' | ''

export function isLogRangePreset(value: unknown): value is LogRangePreset {
  return logRangePresets.some((preset) => preset.value === value)
}

/**
 * Where a preset starts, counted back from `now` each time the logs are
 * read, so a bookmarked "last hour" stays the last hour.
 */
export function presetStart(preset: LogRangePreset, now: Date): string {
  const { ms } = logRangePresets.find((candidate) => candidate.value === preset)!
  return new Date(now.getTime() - ms).toISOString()
}
