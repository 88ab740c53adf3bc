import { describe, expect, it } from 'vitest'
import { LookCredit } from '../src/look-credit.ts'

/** A credit past its first, uncounted state: one look that found nothing. */
function settledCredit(): LookCredit {
  const credit = new LookCredit()
  credit.finishLook(credit.startLook(), 'none')
  return credit
}

describe('whether a worker looks for another job', () => {
  it('looks at first, and stops after a look that found nothing', () => {
    const credit = new LookCredit()
    expect(credit.worthLooking()).toBe(true)
    credit.finishLook(credit.startLook(), 'none')
    expect(credit.worthLooking()).toBe(false)
  })

  it('looks once per announced job, and not after the last one was found', () => {
    const credit = settledCredit()
    credit.announce(2)
    credit.finishLook(credit.startLook(), 'due')
    expect(credit.worthLooking()).toBe(true)
    credit.finishLook(credit.startLook(), 'due')
    expect(credit.worthLooking()).toBe(false)
  })

  it('goes on looking after an uncounted wake-up until a look finds nothing', () => {
    const credit = settledCredit()
    credit.announce()
    for (let found = 0; found < 3; found++) {
      expect(credit.worthLooking()).toBe(true)
      credit.finishLook(credit.startLook(), 'due')
    }
    expect(credit.worthLooking()).toBe(true)
    credit.finishLook(credit.startLook(), 'none')
    expect(credit.worthLooking()).toBe(false)
  })

  it('keeps a job announced while an empty look was under way', () => {
    const credit = settledCredit()
    const look = credit.startLook()
    credit.announce(1)
    credit.announce()
    credit.finishLook(look, 'none')
    expect(credit.worthLooking()).toBe(true)
    credit.finishLook(credit.startLook(), 'due')
    // The uncounted call came after the empty look was sent: one more look to clear it.
    expect(credit.worthLooking()).toBe(true)
    credit.finishLook(credit.startLook(), 'none')
    expect(credit.worthLooking()).toBe(false)
  })

  it('lets a job found before anyone announced it settle nothing announced later', () => {
    const credit = settledCredit()
    // A scan's job, or one whose wake-up is still on its way.
    credit.finishLook(credit.startLook(), 'due')
    credit.announce(1)
    expect(credit.worthLooking()).toBe(true)
  })

  it('learns from an empty look that another worker took what was announced', () => {
    const credit = settledCredit()
    credit.announce(3)
    credit.finishLook(credit.startLook(), 'due')
    credit.finishLook(credit.startLook(), 'none')
    expect(credit.worthLooking()).toBe(false)
  })

  it('settles nothing with a job due later, which no wake-up call announced', () => {
    const credit = settledCredit()
    credit.announce(1)
    // Agenda locks jobs due before its next scan: a retry due in three seconds came first.
    credit.finishLook(credit.startLook(), 'later')
    expect(credit.worthLooking()).toBe(true)
    credit.finishLook(credit.startLook(), 'due')
    expect(credit.worthLooking()).toBe(false)
  })

  it('ignores a wake-up that announces no job', () => {
    const credit = settledCredit()
    credit.announce(0)
    expect(credit.worthLooking()).toBe(false)
  })
})
