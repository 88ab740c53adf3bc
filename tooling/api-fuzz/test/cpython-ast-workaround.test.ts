import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensurePythonTools } from '../src/schemathesis.ts'

// The fuzz run's guard against CPython 3.11's spurious "AST constructor
// recursion depth mismatch" (hooks/cpython_ast_workaround.py), run in the
// fuzz run's own virtualenv against the installed Hypothesis.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const venvDir = join(packageDir, '.venv')

const script = String.raw`
import ast, platform, sys
from hypothesis.internal import lambda_sources
original = lambda_sources._lambda_description
sys.path.insert(0, sys.argv[1])
import cpython_ast_workaround as workaround
from hypothesis.internal.reflection import get_pretty_function_description

assert workaround.affected((3, 11, 2)) and workaround.affected((3, 11, 4))
assert not workaround.affected((3, 11, 5)) and not workaround.affected((3, 12, 0)) and not workaround.affected((3, 10, 9))

# Whatever this Python is, the wrapper itself is checked, around Hypothesis's own function.
describe = workaround.tolerant(original)
real_parse = ast.parse
failures = {"left": 0}
def flaky_parse(*args, **kwargs):
    if failures["left"] > 0:
        failures["left"] -= 1
        raise SystemError(workaround.SPURIOUS_ERROR + " (before=66, after=69)")
    return real_parse(*args, **kwargs)
lambda_sources.ast.parse = flaky_parse

failures["left"] = 1
print("once:", describe(lambda x: x + 1))
failures["left"] = 100
print("always:", describe(lambda y: y * 2))
failures["left"] = 0
def other(*args, **kwargs):
    raise SystemError("something else")
lambda_sources.ast.parse = other
try:
    describe(lambda z: z - 3)
    print("other: swallowed")
except SystemError as error:
    print("other: raised", error)
lambda_sources.ast.parse = real_parse
print("python:", platform.python_version())
print("patched:", lambda_sources._lambda_description is not original)
print("hypothesis:", get_pretty_function_description(lambda w: w + 4))
`

/** Runs the script from a file: Hypothesis describes a lambda from its source, which code given with -c has none of. */
function runPython(python: string, scriptPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [scriptPath, join(packageDir, 'hooks')], { cwd: packageDir })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`python exited ${code}: ${output}`))))
  })
}

let output: string
let workDir: string
beforeAll(async () => {
  await ensurePythonTools(venvDir)
  workDir = await mkdtemp(join(tmpdir(), 'hookline-ast-workaround-'))
  const scriptPath = join(workDir, 'check_workaround.py')
  await writeFile(scriptPath, script)
  output = await runPython(join(venvDir, 'bin', 'python'), scriptPath)
}, 600_000)
afterAll(() => rm(workDir, { recursive: true, force: true }))

describe('the CPython 3.11 AST workaround of the fuzz hooks', () => {
  it('retries a spurious failure once and gets the real description', () => {
    expect(output).toContain('once: lambda x: x + 1')
  })

  it('describes the lambda as unknown when the failure repeats, instead of failing the operation', () => {
    expect(output).toContain('always: lambda: <unknown>')
  })

  it('lets any other SystemError through', () => {
    expect(output).toContain('other: raised something else')
  })

  it('is in place on this Python exactly when its version has the bug, and Hypothesis still describes lambdas', () => {
    const version = /python: (\S+)/.exec(output)?.[1] ?? ''
    const affected = /^3\.11\.[0-4]$/.test(version)
    expect(output).toContain(`patched: ${affected ? 'True' : 'False'}`)
    expect(output).toContain('hypothesis: lambda w: w + 4')
  })
})
