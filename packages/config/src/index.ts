export { asConfigError, ConfigError, loadOrExit, loadOrExitAsync } from './config-error.ts'
export { durationSyntax, formatDuration, parseDuration } from './duration.ts'
export { loadEnvironment, type LoadEnvironmentOptions, type SharedConfig } from './load-environment.ts'
export { booleanVariable, countVariable, defaultShutdownTimeoutMs, durationVariable, logLevels, portVariable, sharedVariables, type LogLevel } from './variables.ts'
