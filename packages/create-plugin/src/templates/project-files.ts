import type { PluginNames } from '../names.ts'

// The project's manifest and compiler settings: standalone, so the project
// builds with plain npm anywhere (no workspace presets, published packages only).

/** Tool versions the generated project pins; known to work together with @hookline/core. */
export const toolVersions = { typescript: '6.0.3', vitest: '4.1.12' } as const

export function packageJson(names: PluginNames): string {
  const manifest = {
    name: names.packageName,
    version: '0.1.0',
    description: `Hookline event category "${names.categoryId}": ${names.events.map((event) => event.type).join(', ')}.`,
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'README.md'],
    keywords: ['hookline', 'hookline-plugin', names.categoryId],
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc --noEmit',
      test: 'vitest run',
      prepack: 'npm run build',
    },
    // The app that loads the plugin owns the one copy of core; payload types merge into it.
    peerDependencies: { '@hookline/core': `^${names.coreVersion}` },
    devDependencies: {
      '@hookline/core': names.coreVersion,
      typescript: toolVersions.typescript,
      vitest: toolVersions.vitest,
    },
  }
  return `${JSON.stringify(manifest, null, 2)}\n`
}

export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
      target: 'ES2023',
      // Web-standard globals only: the category loads in Node, Deno and the dashboard's browser.
      lib: ['ES2023', 'WebWorker'],
      types: [],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      moduleDetection: 'force',
      verbatimModuleSyntax: true,
      isolatedModules: true,
      // Sources import each other as './x.ts'; the build writes './x.js'.
      rewriteRelativeImportExtensions: true,
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      declaration: true,
      declarationMap: true,
      noEmit: true,
    },
    include: ['src', 'test'],
  }
  return `${JSON.stringify(config, null, 2)}\n`
}

export function tsconfigBuildJson(): string {
  const config = {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist' },
    include: ['src'],
  }
  return `${JSON.stringify(config, null, 2)}\n`
}

export function vitestConfig(): string {
  return `import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // *.test-d.ts files are compiled, not run: a wrong payload marked with
    // @ts-expect-error must fail to compile, or the run fails.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // The first registration compiles every payload schema: a few seconds on
    // a busy CI machine, past vitest's 5 s default.
    testTimeout: 20_000,
  },
})
`
}

export function gitignore(): string {
  return 'node_modules/\ndist/\n*.tgz\n'
}
