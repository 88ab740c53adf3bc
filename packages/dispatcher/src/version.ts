// Inlined rather than read from package.json so the entry needs no JSON import
// (Deno and edge bundlers resolve it the same way as Node). A test keeps the
// two in sync.
export const dispatcherVersion = '0.1.0'

/** Names Hookline and its version in every request, so receivers can recognise (and allowlist) it. */
export const userAgent = `Hookline-Webhooks/${dispatcherVersion} (+https://github.com/hookline/hookline)`
