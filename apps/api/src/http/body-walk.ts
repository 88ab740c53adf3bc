import type { ProblemFieldError } from './problem.ts'

/** What one walk of a parsed JSON value finds: keys refused outright, and integers JSON cannot carry exactly. */
export interface BodyFindings {
  hostileKeys: ProblemFieldError[]
  unsafeIntegers: ProblemFieldError[]
}

// Keys that mean something to MongoDB ($gt, $where…) or to JavaScript objects
// (__proto__…). No Hookline field is named like that, so they are refused
// wherever they appear, before any schema or query sees them.
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype'])
const maxBodyDepth = 32

function describeKey(key: string): string | undefined {
  if (key.startsWith('$')) return `"${key}": keys starting with $ are not accepted (they look like database operators)`
  if (/\[\s*\$/.test(key)) return `"${key}": operator syntax is not accepted`
  if (prototypeKeys.has(key)) return `"${key}" is not an accepted key`
  return undefined
}

/**
 * Both checks every request body gets, in one walk: every publish walks its
 * whole body, and two walks (one per check) cost the API about 14 % of its
 * CPU per event in batches. The path is one array pushed and popped on the
 * way down and joined only for a finding. Below `maxBodyDepth` levels the
 * walk stops with one hostile finding at the cut; under a hostile key it
 * does not go on, since the request is refused for the key anyway.
 */
export function walkBody(value: unknown, path: string[] = []): BodyFindings {
  const findings: BodyFindings = { hostileKeys: [], unsafeIntegers: [] }
  walk(value, [...path], findings)
  return findings
}

function walk(value: unknown, path: string[], findings: BodyFindings): void {
  if (path.length > maxBodyDepth) {
    findings.hostileKeys.push({ path: path.join('.'), message: `nested more than ${maxBodyDepth} levels deep` })
    return
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      findings.unsafeIntegers.push({ path: path.join('.'), message: 'is an integer beyond ±2^53 that JSON cannot carry exactly; send it as a string' })
    }
    return
  }
  if (value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(String(index))
      walk(value[index], path, findings)
      path.pop()
    }
    return
  }
  for (const key of Object.keys(value)) {
    path.push(key)
    const complaint = describeKey(key)
    if (complaint) findings.hostileKeys.push({ path: path.join('.'), message: complaint })
    else walk((value as Record<string, unknown>)[key], path, findings)
    path.pop()
  }
}
