import { describe, expect, it } from 'vitest'
import { parseArguments, UsageError } from '../src/parse-arguments.ts'

describe('create-hookline-plugin arguments', () => {
  it('reads the directory, the category, the events and a package name', () => {
    expect(parseArguments(['quiz', '--category', 'quiz', '--events', 'quiz.started, quiz.completed'])).toEqual({
      directory: 'quiz',
      categoryId: 'quiz',
      events: ['quiz.started', 'quiz.completed'],
      packageName: 'hookline-plugin-quiz',
    })
    expect(parseArguments(['x', '--category', 'live-poll', '--name', '@acme/hookline-polls'])).toMatchObject({
      events: ['live-poll.created', 'live-poll.deleted'],
      packageName: '@acme/hookline-polls',
    })
    expect(parseArguments(['--help'])).toEqual({ help: true })
  })

  it.each([
    [[], 'Give the directory'],
    [['a', 'b', '--category', 'quiz'], 'one directory'],
    [['quiz'], '--category is required'],
    [['quiz', '--category', 'Quiz'], 'must be kebab-case'],
    [['quiz', '--category', 'quiz', '--events', 'started'], '"started" must be dot-separated'],
    [['quiz', '--category', 'quiz', '--events', 'quiz.a,quiz.a'], 'lists "quiz.a" twice'],
    [['quiz', '--category', 'quiz', '--events', ','], 'names no event type'],
    [['quiz', '--category', 'quiz', '--name', 'Not A Name'], 'not a valid npm package name'],
    [['quiz', '--category', 'quiz', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UsageError)
    expect(() => parseArguments(argv)).toThrow(message)
  })
})
