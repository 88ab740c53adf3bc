// Shared ESLint flat-config blocks. The root eslint.config.js assembles them
// per folder, so the rules that keep the layers apart live in one place.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** TypeScript and JavaScript defaults for every package. */
export const base = [
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', '**/.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
]

const nodeOnlyModules = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns',
  'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks',
  'process', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'tty', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
]

/**
 * Runtime-agnostic code (core, dispatcher): it must run unchanged in a
 * browser, Node and Deno, so Node's modules and globals are banned.
 * `layering` adds module specifiers these files must not import either.
 */
export function runtimeAgnostic(files, layering = { forbidden: [], why: '' }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnlyModules.map((name) => ({
            name,
            message: 'Runtime-agnostic code uses web-standard APIs only (no Node modules).',
          })),
          patterns: [
            { group: ['node:*'], message: 'Runtime-agnostic code must not import node:* modules.' },
            // ESLint keeps one option set per rule, so layering joins in here.
            ...(layering.forbidden.length > 0
              ? [{ group: layering.forbidden, message: layering.why }]
              : []),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', '__dirname', '__filename', 'setImmediate'].map(
          (name) => ({ name, message: `\`${name}\` is Node-only; use a web-standard API.` }),
        ),
      ],
    },
  }
}

/**
 * Layering: a package may import only from layers below it.
 * `forbidden` lists module specifiers (globs) the files must not import;
 * `more` adds groups with their own message.
 */
export function layer(files, forbidden, why, more = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: forbidden, message: why },
            // ESLint keeps one option set per rule and file, so every restriction on a file joins in here.
            ...more.map(({ forbidden: group, why: message }) => ({ group, message })),
          ],
        },
      ],
    },
  }
}

/** The apps, by package name and by path. */
export const appModules = ['@hookline/api', '@hookline/api/*', '@hookline/worker', '@hookline/worker/*', '@hookline/dashboard', '@hookline/dashboard/*', '**/apps/**']

/** The database driver and the job library: only packages/store and packages/queue talk to them. */
export const databaseModules = ['mongodb', 'mongodb/*', 'agenda', 'agenda/*', '@agendajs/*']

/** Development tooling that production code must never load. */
export const devToolingModules = ['@hookline/dev-db', '@hookline/dev-db/*', '@hookline/test-receiver', '@hookline/bench-report', 'tsx', 'tsx/*', 'vitest', 'vitest/*']
