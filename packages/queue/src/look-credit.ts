/** What a look for the next job knew when it was sent (see LookCredit.startLook). */
export interface LookTicket {
  readonly announced: number
  readonly mark: number
}

/**
 * Whether a look for the next `deliver` job can find one that nobody has
 * looked for yet. Agenda locks jobs one `findAndModify` at a time and asks
 * again after every job it got, so each wake-up ended in a look that found
 * nothing: about one command per job, on every server. Wake-up calls that
 * say how many jobs they announce let a worker skip that last look.
 *
 * - A counted wake-up adds its jobs; a look that finds a job due now settles one.
 * - A look that finds none settles every job announced before it was sent,
 *   but none announced while it was under way.
 * - An uncounted wake-up (a nudge, Agenda's scan, a server whose doorbell
 *   cannot count) makes the next looks go ahead until one finds nothing.
 *
 * Every error leans towards looking: a job found that was never announced
 * (a scan's, or one whose wake-up is still on its way) settles nothing that
 * was announced later, and jobs another worker took are learnt from an
 * empty look. The worker starts unsure, as after an uncounted call.
 */
export class LookCredit {
  private announced = 0
  private settled = 0
  // Uncounted wake-up calls are numbered; an empty look clears those made before it was sent.
  private uncountedMark = 1
  private clearedMark = 0

  /** A wake-up call for `count` due jobs, or an unknown number. */
  announce(count?: number): void {
    if (count === undefined) this.uncountedMark++
    else if (count > 0) this.announced += count
  }

  /** Whether a look may still find a job announced to this worker. */
  worthLooking(): boolean {
    return this.uncountedMark > this.clearedMark || this.announced > this.settled
  }

  startLook(): LookTicket {
    return { announced: this.announced, mark: this.uncountedMark }
  }

  /**
   * What a look found: no job, a job due now (what wake-up calls announce),
   * or a job due later (Agenda also locks those, up to its next scan), which
   * settles nothing.
   */
  finishLook(ticket: LookTicket, found: 'none' | 'due' | 'later'): void {
    if (found === 'due') this.settled = Math.min(this.settled + 1, this.announced)
    else if (found === 'none') {
      this.settled = Math.max(this.settled, ticket.announced)
      this.clearedMark = Math.max(this.clearedMark, ticket.mark)
    }
  }
}
