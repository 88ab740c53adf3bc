import type { IncomingMessage, Server, ServerResponse } from 'node:http'

export interface DrainResult {
  /** The bound passed before every request under way was answered. */
  timedOut: boolean
  /** Requests whose connection was cut at the bound. */
  cut: number
}

/** The API server's in-flight requests, and how to stop it without dropping them. */
export interface RequestDrain {
  /** Requests being answered now. */
  readonly inFlight: number
  /**
   * Stops accepting connections, answers every request already received
   * (each response closes its connection, idle keep-alive connections are
   * closed at once), and after `timeoutMs` cuts whatever is still running
   * (a long export, a client that reads nothing). Resolves when the server
   * has no connection left.
   */
  close(timeoutMs: number): Promise<DrainResult>
}

/**
 * Counts the requests `server` is answering so a shutdown can wait for them.
 * Call before the server takes its first request.
 */
export function trackRequests(server: Server): RequestDrain {
  const active = new Set<ServerResponse>()
  let draining = false

  // Before Express's own listener: the Connection header must be set before
  // a synchronous handler sends the response.
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    active.add(response)
    if (draining) response.setHeader('connection', 'close')
    response.once('close', () => {
      active.delete(response)
      // A keep-alive connection that was busy when the drain began is idle now.
      if (draining) server.closeIdleConnections()
    })
  })

  return {
    get inFlight() {
      return active.size
    },
    async close(timeoutMs) {
      draining = true
      // Resolves once every connection has ended: answered responses close
      // theirs themselves (after flushing), idle ones are closed here.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const response of active) if (!response.headersSent) response.setHeader('connection', 'close')
      server.closeIdleConnections()
      let timer: NodeJS.Timeout | undefined
      const bound = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs)
      })
      const outcome = await Promise.race([closed.then(() => 'closed' as const), bound])
      clearTimeout(timer)
      if (outcome === 'closed') return { timedOut: false, cut: 0 }
      const cut = active.size
      server.closeAllConnections()
      await closed
      return { timedOut: true, cut }
    },
  }
}
