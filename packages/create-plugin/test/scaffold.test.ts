import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pluginNames } from '../src/names.ts'
import { scaffoldPlugin } from '../src/scaffold.ts'

const run = promisify(execFile)
let workspace: string

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'create-hookline-plugin-'))
})
afterAll(() => rm(workspace, { recursive: true, force: true }))

const request = { directory: 'quiz', categoryId: 'quiz', events: ['quiz.started', 'quiz.answer-given'], packageName: 'hookline-plugin-quiz' }

describe('scaffoldPlugin', () => {
  it('writes a standalone project: published dependencies only, core as a peer', async () => {
    const { directory, files } = await scaffoldPlugin(request, { cwd: workspace, coreVersion: '0.1.0' })
    expect(directory).toBe(join(workspace, 'quiz'))
    expect(files).toContain('test/types.test-d.ts')
    const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8'))
    expect(manifest).toMatchObject({
      name: 'hookline-plugin-quiz',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      files: ['dist', 'README.md'],
      peerDependencies: { '@hookline/core': '^0.1.0' },
      devDependencies: { '@hookline/core': '0.1.0' },
    })
    // Nothing private: no workspace ranges, no presets of this repository.
    for (const file of files) {
      const text = await readFile(join(directory, file), 'utf8')
      expect(text, file).not.toMatch(/workspace:|@hookline\/(tsconfig|vitest-config|eslint-config)|@hookline\/source/)
    }
    expect(await readFile(join(directory, 'tsconfig.json'), 'utf8')).toContain('"rewriteRelativeImportExtensions": true')
    expect(await readFile(join(directory, 'test/types.test-d.ts'), 'utf8')).toContain('// @ts-expect-error')
    expect(await readFile(join(directory, 'README.md'), 'utf8')).toContain('HOOKLINE_PLUGINS=hookline-plugin-quiz')
  })

  it('derives portal ids, labels and names from the type keys', () => {
    const names = pluginNames({ ...request, coreVersion: '0.1.0' })
    expect(names.events.map((event) => [event.portalEventId, event.label, event.exampleName])).toEqual([
      ['QuizStarted', 'Quiz started', 'quizStartedExample'],
      ['QuizAnswerGiven', 'Quiz answer given', 'quizAnswerGivenExample'],
    ])
    expect([names.subjectType, names.recordType, names.categoryConst]).toEqual(['Quiz', 'QuizRecord', 'quizCategory'])
  })

  it('refuses a directory that already has files, and leaves them alone', async () => {
    const taken = join(workspace, 'taken')
    await mkdir(taken)
    await writeFile(join(taken, 'notes.txt'), 'mine')
    await expect(scaffoldPlugin({ ...request, directory: 'taken' }, { cwd: workspace, coreVersion: '0.1.0' })).rejects.toThrow('is not empty')
    expect(await readFile(join(taken, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('runs as a command: prints the next steps, or the usage with exit code 2', async () => {
    const cli = new URL('../src/cli.ts', import.meta.url).pathname
    // The sources run through tsx, resolved from this package (the test runs outside it).
    const tsx = ['--conditions=@hookline/source', '--import', import.meta.resolve('tsx'), cli]
    const { stdout } = await run(process.execPath, [...tsx, 'cli-made', '--category', 'quiz'], { cwd: workspace })
    expect(stdout).toContain('Created hookline-plugin-quiz (category "quiz": quiz.created, quiz.deleted)')
    expect(stdout).toContain(`HOOKLINE_PLUGINS=${join(workspace, 'cli-made')}`)
    const failed = await run(process.execPath, [...tsx, 'x', '--category', 'Bad'], { cwd: workspace }).catch((error: { code: number; stderr: string }) => error)
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: create-hookline-plugin') })
  })
})
