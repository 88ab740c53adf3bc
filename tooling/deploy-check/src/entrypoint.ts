/** One role of the image's entrypoint: where it changes to and what it runs. */
export interface EntrypointRole {
  role: string
  directory: string
  /** The `exec` line's words. */
  command: string[]
}

/**
 * The roles of deploy/hookline.sh: each `name)` case with its `cd` and
 * `exec` lines (the catch-all `*)` is left out).
 */
export function parseEntrypointRoles(script: string): EntrypointRole[] {
  const roles: EntrypointRole[] = []
  for (const match of script.matchAll(/^\s*([a-z-]+)\)\s*\n([\s\S]*?);;/gm)) {
    const body = match[2]!
    const directory = /^\s*cd\s+(\S+)/m.exec(body)?.[1]
    const command = /^\s*exec\s+(.+)$/m.exec(body)?.[1]
    if (directory && command) roles.push({ role: match[1]!, directory, command: command.trim().split(/\s+/) })
  }
  return roles
}
