import type { ViteUserConfig } from 'vitest/config'

export declare const sourceCondition: '@hookline/source'

export interface HooklineProjectOptions {
  /** Start (or reuse, via MONGODB_URI) the local MongoDB-wire database for this run. */
  database?: boolean
}

/** The vitest config every package extends. */
export declare function defineHooklineProject(
  options?: HooklineProjectOptions,
  overrides?: ViteUserConfig,
): ViteUserConfig
