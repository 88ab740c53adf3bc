import type { FontRuns } from './font-runs.ts'

const ellipsis = '…'
/** Where a line may break: after a space, slash, hyphen, dot, query separator or underscore. */
const breakAfter = new Set([' ', '/', '-', '.', '?', '&', '=', '_', ',', ':', ';'])

/**
 * Clean text in at most `maxLines` lines no wider than `width` (at size 1
 * units times `size`): greedy, breaking after a break character when one is
 * in the second half of the line, anywhere otherwise. Text left over after
 * the last line is elided with "…".
 */
export function fitText(runs: FontRuns, text: string, width: number, size: number, maxLines: number): string[] {
  const limit = width / size
  const characters = [...text]
  const lines: string[] = []
  let start = 0
  while (start < characters.length && lines.length < maxLines) {
    let end = start
    let lineWidth = 0
    let lastBreak = -1
    while (end < characters.length) {
      const advance = runs.advanceOf(characters[end]!)
      if (lineWidth + advance > limit && end > start) break
      lineWidth += advance
      if (breakAfter.has(characters[end]!)) lastBreak = end + 1
      end++
    }
    if (end < characters.length && lastBreak > start + (end - start) / 2) end = lastBreak
    const isLastLine = lines.length === maxLines - 1
    if (isLastLine && end < characters.length) {
      lines.push(elide(runs, characters.slice(start), limit))
      return lines
    }
    lines.push(characters.slice(start, end).join(''))
    start = end
    // A line that starts with the space it broke at would look indented.
    while (characters[start] === ' ') start++
  }
  return lines
}

function elide(runs: FontRuns, characters: string[], limit: number): string {
  const room = limit - runs.widthOf(ellipsis)
  let width = 0
  let end = 0
  while (end < characters.length) {
    const advance = runs.advanceOf(characters[end]!)
    if (width + advance > room) break
    width += advance
    end++
  }
  return characters.slice(0, end).join('').trimEnd() + ellipsis
}
