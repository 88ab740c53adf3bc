/** One request the receiver recorded. */
export interface Arrival {
  eventId: string
  webhookId: string
  /** The request path: tells apart apps that share the receiver. */
  path: string
  /** preciseNow() at arrival. */
  at: number
  /** The status the receiver answered. */
  status: number
}

export type ReceiverCommand =
  | { type: 'report' }
  | { type: 'reset' }
  | { type: 'answer'; status: number }
  | { type: 'close' }
  | { type: 'open' }

export type ReceiverMessage = { type: 'ready'; port: number } | { type: 'report'; arrivals: Arrival[] } | { type: 'done' }
