import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Arrival, ReceiverCommand, ReceiverMessage } from './protocol.ts'

export type { Arrival } from './protocol.ts'

/** The receiver in its own process, for load: it reports arrivals instead of keeping whole requests. */
export interface ReceiverProcess {
  url: string
  port: number
  arrivals(): Promise<Arrival[]>
  reset(): Promise<void>
  /** The status later deliveries get (204 by default; connection tests always get 204). */
  answer(status: number): Promise<void>
  /** Stop listening (connections refused) / listen again on the same port. */
  goDown(): Promise<void>
  comeBack(): Promise<void>
  stop(): Promise<void>
}

/** Starts the receiver in a child process on 127.0.0.1 (benchmarks and fault tests). */
export async function startReceiverProcess(): Promise<ReceiverProcess> {
  const child = fork(fileURLToPath(new URL('./receiver-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  // The receiver must not outlive the benchmark either.
  process.once('exit', () => child.kill('SIGKILL'))
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject)
    child.once('message', (message: ReceiverMessage) => (message.type === 'ready' ? resolve(message.port) : reject(new Error('unexpected receiver message'))))
  })
  const request = <T extends ReceiverMessage['type']>(command: ReceiverCommand, reply: T) =>
    ask(child, command, reply) as Promise<Extract<ReceiverMessage, { type: T }>>
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    arrivals: async () => (await request({ type: 'report' }, 'report')).arrivals,
    reset: async () => void (await request({ type: 'reset' }, 'done')),
    answer: async (status) => void (await request({ type: 'answer', status }, 'done')),
    goDown: async () => void (await request({ type: 'close' }, 'done')),
    comeBack: async () => void (await request({ type: 'open' }, 'done')),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function ask(child: ChildProcess, command: ReceiverCommand, reply: ReceiverMessage['type']): Promise<ReceiverMessage> {
  return new Promise((resolve) => {
    const onMessage = (message: ReceiverMessage) => {
      if (message.type !== reply) return
      child.off('message', onMessage)
      resolve(message)
    }
    child.on('message', onMessage)
    child.send(command)
  })
}
