/** One instruction of a Dockerfile, continuations joined, in the stage it belongs to. */
export interface DockerInstruction {
  keyword: string
  args: string
  /** The `AS` name of the stage (or its index when unnamed). */
  stage: string
  line: number
}

/**
 * Reads a Dockerfile's instructions: comments and parser directives dropped,
 * backslash continuations joined. Enough for the checks here, not a full parser.
 */
export function parseDockerfile(text: string): DockerInstruction[] {
  const instructions: DockerInstruction[] = []
  let stage = '0'
  let stages = 0
  let pending: { text: string; line: number } | undefined
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim()
    if (!pending && (trimmed === '' || trimmed.startsWith('#'))) return
    if (pending && trimmed.startsWith('#')) return
    const piece = trimmed.replace(/\\$/, '').trim()
    pending = pending ? { text: `${pending.text} ${piece}`, line: pending.line } : { text: piece, line: index + 1 }
    if (trimmed.endsWith('\\')) return
    const [keyword = '', ...rest] = pending.text.split(/\s+/)
    const args = rest.join(' ')
    if (keyword.toUpperCase() === 'FROM') stage = /\s+AS\s+(\S+)/i.exec(args)?.[1] ?? String(stages)
    if (keyword.toUpperCase() === 'FROM') stages++
    instructions.push({ keyword: keyword.toUpperCase(), args, stage, line: pending.line })
    pending = undefined
  })
  return instructions
}

/** The variable names an `ENV` instruction sets (`ENV A=1 B=2` or the legacy `ENV A 1`). */
export function envNames(instruction: DockerInstruction): string[] {
  if (!instruction.args.includes('=')) return [instruction.args.split(/\s+/)[0]!]
  return [...instruction.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)].map((match) => match[1]!)
}

/** `COPY [--flags] <source> <target>`: source and target of a single-source copy. */
export function copyPaths(instruction: DockerInstruction): { from: string | undefined; source: string; target: string } {
  const words = instruction.args.split(/\s+/)
  const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length)
  const paths = words.filter((word) => !word.startsWith('--'))
  return { from, source: paths[0]!, target: paths[paths.length - 1]! }
}
