// One lint config for the whole monorepo, assembled per folder so the layers
// stay apart: core and dispatcher are runtime-agnostic; core imports no app or
// plugin; plugins import only core; nothing in packages/ imports an app; no
// app imports another app; only packages/store and packages/queue talk to
// MongoDB or Agenda; the shared metrics import only the store; no production
// code loads development tooling; the published client is runtime-agnostic
// too. The dashboard adds its own rules (and the server-package ban) in its
// config.
import { appModules, base, databaseModules, devToolingModules, layer, runtimeAgnostic } from '@hookline/eslint-config'

const apps = appModules
const plugins = ['@hookline/plugin-*', '**/plugin-*/**']
const onlyStoreAndQueue = 'Only packages/store and packages/queue import mongodb or agenda: add a repository method or a queue function instead.'
const noDevTooling = 'Production code never loads development tooling (the start script and the test setup start the local database).'

export default [
  ...base,
  runtimeAgnostic(['packages/core/src/**/*.ts'], {
    forbidden: [...apps, ...plugins, '@hookline/dispatcher', '@hookline/store', '@hookline/queue', ...databaseModules, ...devToolingModules],
    why: 'packages/core is the bottom layer: it never imports apps, plugins, the dispatcher, the store, the queue or tooling.',
  }),
  runtimeAgnostic(['packages/dispatcher/src/**/*.ts'], {
    forbidden: [...apps, ...plugins, '@hookline/store', '@hookline/queue', ...databaseModules, ...devToolingModules],
    why: 'The dispatcher depends on core only.',
  }),
  runtimeAgnostic(['packages/client/src/**/*.ts'], {
    forbidden: [...apps, ...plugins, '@hookline/dispatcher', '@hookline/store', '@hookline/queue', ...databaseModules],
    why: 'The client is published for portal services on Node, Deno and browsers: fetch and core types only.',
  }),
  layer(['packages/plugin-*/src/**/*.ts'], [...apps, '@hookline/dispatcher', '@hookline/store', '@hookline/queue', ...databaseModules, ...devToolingModules], 'Plugins depend on core only.'),
  layer(['packages/store/src/**/*.ts'], [...apps, '@hookline/queue', '@hookline/dispatcher', ...plugins], 'The store sits below the queue and the apps: it imports core only.', [
    { forbidden: devToolingModules, why: noDevTooling },
  ]),
  layer(['packages/queue/src/**/*.ts'], [...apps, '@hookline/dispatcher', ...plugins], 'The queue depends on the store (and core) only.', [
    { forbidden: devToolingModules, why: noDevTooling },
  ]),
  layer(['packages/metrics/src/**/*.ts'], [...apps, '@hookline/queue', '@hookline/dispatcher', ...plugins], 'The shared metrics sit below the apps: they import the store (and prom-client) only.', [
    { forbidden: databaseModules, why: onlyStoreAndQueue },
    { forbidden: devToolingModules, why: noDevTooling },
  ]),
  layer(['apps/api/src/**/*.ts'], ['@hookline/worker', '@hookline/worker/*', '@hookline/dashboard', '@hookline/dashboard/*', '**/apps/worker/**', '**/apps/dashboard/**'], 'An app never imports another app: shared code lives in packages/ (the job contract in @hookline/queue).', [
    { forbidden: databaseModules, why: onlyStoreAndQueue },
    { forbidden: devToolingModules, why: noDevTooling },
  ]),
  layer(['apps/worker/src/**/*.ts'], ['@hookline/api', '@hookline/api/*', '@hookline/dashboard', '@hookline/dashboard/*', '**/apps/api/**', '**/apps/dashboard/**'], 'An app never imports another app: shared code lives in packages/.', [
    { forbidden: databaseModules, why: onlyStoreAndQueue },
    { forbidden: devToolingModules, why: noDevTooling },
  ]),
]
