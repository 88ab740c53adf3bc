import type { EventRegistry } from '@hookline/core'
import { loadPluginCatalog } from './plugins/load-plugins.ts'
import type { PluginListSetting } from './plugins/plugin-list-setting.ts'

export { PluginLoadError } from './plugins/plugin-load-error.ts'
export { readPluginListSetting, type PluginListSetting } from './plugins/plugin-list-setting.ts'

/**
 * The catalog of this process: the built-in `system` category (Hookline's
 * own operational events), the official category plugins unless
 * `HOOKLINE_PLUGINS_DEFAULTS=off`, then every plugin in `HOOKLINE_PLUGINS`,
 * each registered under its package name and version.
 *
 * @throws PluginLoadError (one line: plugin, item, reason) when any plugin fails.
 */
export function loadEventRegistry(
  setting: PluginListSetting = { officialCategories: true, specifiers: [] },
  cwd = process.cwd(),
): Promise<EventRegistry> {
  return loadPluginCatalog(setting, { cwd })
}
