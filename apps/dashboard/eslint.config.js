// The repository's lint rules plus Vue single-file components, and one
// layering rule of the dashboard's own: Naive UI is reached only through
// src/adapter/, so the UI kit stays replaceable (as vue-vben-admin keeps its
// kit behind an adapter folder).
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'
import { databaseModules, devToolingModules } from '@hookline/eslint-config'
import root from '../../eslint.config.js'

export default [
  { ignores: ['src/api/generated/**', 'dist/**'] },
  ...root,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
    // TypeScript (vue-tsc) checks names; ESLint's no-undef does not know DOM or TS types.
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.{ts,vue}'],
    rules: {
      // Prettier owns formatting; these stylistic rules would fight it.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      // Views are named after their route (SignInView…), components by what they are.
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,vue}'],
    ignores: ['src/adapter/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@hookline/dispatcher',
              allowImportNames: ['validateCustomHeaders'],
              message: 'From the dispatcher the dashboard takes only validateCustomHeaders (the same header rules the API applies).',
            },
          ],
          patterns: [
            {
              group: ['naive-ui', 'naive-ui/*'],
              message:
                'Import UI components from src/adapter/ (components.ts, feedback.ts), not from naive-ui.',
            },
            {
              // The browser app shares only core (the runtime-agnostic model) with the server.
              group: ['@hookline/api', '@hookline/api/*', '@hookline/worker', '@hookline/worker/*', '@hookline/store', '@hookline/queue', '@hookline/plugin-*', ...databaseModules, ...devToolingModules],
              message: 'The dashboard imports no server package: only @hookline/core (and the dispatcher\'s header rules), and the API through HTTP.',
            },
          ],
        },
      ],
    },
  },
]
