// @hookline/create-plugin as a library: the scaffolder behind the
// create-hookline-plugin command, for tools that generate plugins themselves.
export { parseArguments, usage, UsageError, type ScaffoldRequest } from './parse-arguments.ts'
export { scaffoldPlugin, ScaffoldError } from './scaffold.ts'
export { pluginNames, type EventNames, type PluginNames } from './names.ts'
