import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { repoRoot } from './paths.ts'

export const guidePath = join(repoRoot, 'docs/plugins.md')

/**
 * Every command line of the guide's ```sh blocks, in order: the commands an
 * author types. Comment lines and blank lines are left out; a line ending in
 * a backslash continues on the next.
 */
export async function guideCommands(): Promise<string[]> {
  const text = await readFile(guidePath, 'utf8')
  const commands: string[] = []
  for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const lines = block[1]!.replace(/\\\n\s*/g, ' ').split('\n')
    for (const line of lines) {
      const command = line.trim()
      if (command !== '' && !command.startsWith('#')) commands.push(command)
    }
  }
  return commands
}
