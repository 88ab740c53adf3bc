/** `NAME=value` lines of a `.env` file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const entries: [string, string][] = []
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (match) entries.push([match[1]!, match[2]!.trim()])
  }
  return Object.fromEntries(entries)
}
