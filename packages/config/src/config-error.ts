/** Why a process refuses to start: one line per bad setting, each naming its variable and what it accepts. */
export class ConfigError extends Error {
  readonly problems: string[]

  constructor(problems: string[], options?: { cause?: unknown }) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, options)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/**
 * Runs `load` and, on a ConfigError, prints it and exits with status 1:
 * a process calls this before it connects or listens, so a bad setting
 * never leaves half a service running.
 */
export function loadOrExit<T>(load: () => T): T {
  try {
    return load()
  } catch (error) {
    exitOnConfigError(error)
  }
}

/** The same for a setting that takes I/O to read (a key file). */
export async function loadOrExitAsync<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    exitOnConfigError(error)
  }
}

/** Turns any failure to read `variable` into a ConfigError naming it. */
export function asConfigError(variable: string): (error: unknown) => never {
  return (error) => {
    throw new ConfigError([`${variable} ${(error as Error).message}`], { cause: error })
  }
}

function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
