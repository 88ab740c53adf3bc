// @hookline/test-receiver/process: the receiver in a child process, for load (benchmarks, fault tests).
export { startReceiverProcess, type Arrival, type ReceiverProcess } from './start-receiver-process.ts'
