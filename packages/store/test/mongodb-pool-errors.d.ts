// The connection pool's error classes: thrown by the driver, not exported
// from its index, so the outage tests reach into the module that defines them.
declare module 'mongodb/lib/cmap/errors.js' {
  import type { MongoDriverError, MongoNetworkError } from 'mongodb'
  interface PoolLike {
    address: string
    serverError?: Error
  }
  export class PoolClosedError extends MongoDriverError {
    constructor(pool: PoolLike)
  }
  export class PoolClearedError extends MongoNetworkError {
    constructor(pool: PoolLike, message?: string)
  }
  export class PoolClearedOnNetworkError extends PoolClearedError {
    constructor(pool: PoolLike)
  }
  export class WaitQueueTimeoutError extends MongoDriverError {
    constructor(message: string, address: string)
  }
}

// The driver's connection, to test the patched write path directly.
declare module 'mongodb/lib/cmap/connection.js' {
  import type { Socket } from 'node:net'
  export class Connection {
    constructor(socket: Socket, options: { id: number; generation: number; hostAddress: string })
    command(ns: { db: string; collection: string }, command: object, options: object): Promise<unknown>
  }
}
