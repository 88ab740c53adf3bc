// One lint config for the whole monorepo, assembled per folder so the layers
// stay apart: core and dispatcher are runtime-agnostic, core imports no app or
// plugin, plugins import only core, nothing in packages/ imports an app, and
// the published client is runtime-agnostic too.
import { base, layer, runtimeAgnostic } from '@hookline/eslint-config'

const apps = ['@hookline/api', '@hookline/worker', '@hookline/dashboard', '**/apps/**']
const plugins = ['@hookline/plugin-*', '**/plugin-*/**']

export default [
  ...base,
  runtimeAgnostic(['packages/core/src/**/*.ts'], {
    forbidden: [...apps, ...plugins, '@hookline/dispatcher'],
    why: 'packages/core is the bottom layer: it never imports apps, plugins or the dispatcher.',
  }),
  runtimeAgnostic(['packages/dispatcher/src/**/*.ts'], {
    forbidden: [...apps, ...plugins],
    why: 'The dispatcher depends on core only.',
  }),
  runtimeAgnostic(['packages/client/src/**/*.ts'], {
    forbidden: [...apps, ...plugins, '@hookline/dispatcher', '@hookline/store'],
    why: 'The client is published for portal services on Node, Deno and browsers: fetch and core types only.',
  }),
  layer(['packages/plugin-*/src/**/*.ts'], [...apps, '@hookline/dispatcher'], 'Plugins depend on core only.'),
]
