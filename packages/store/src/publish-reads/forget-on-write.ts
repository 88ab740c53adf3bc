import type { ApiKeyRepository } from '../repositories/api-keys.ts'
import type { AppRepository } from '../repositories/apps.ts'
import type { TenantRepository } from '../repositories/tenants.ts'
import type { ChangeMark } from './change-mark.ts'
import type { PublishReadInvalidation } from './publish-reads.ts'

/**
 * The repositories whose writes change what a publish reads, wrapped so
 * that each write, once it has ended (or failed: it may have been applied),
 * drops the cached reads it touched in this process and then changes the
 * change mark, which every other process's cache checks (change-check.ts).
 * A read under way when the write ends is not kept either (see
 * ReadCache.forget), so after a write returns this process answers from the
 * database as it is now, and other processes within their max age. Every
 * process wraps its writes, cache or not: the worker turns apps off.
 */
export function forgetOnWrite<R extends { apiKeys: ApiKeyRepository; apps: AppRepository; tenants: TenantRepository }>(
  repositories: R,
  invalidation: PublishReadInvalidation | undefined,
  changes: ChangeMark,
): Pick<R, 'apiKeys' | 'apps' | 'tenants'> {
  const local = invalidation ?? forgetNothing
  const thenForget = forgetting(changes)
  return {
    apiKeys: forgettingApiKeys(repositories.apiKeys, local, thenForget),
    apps: forgettingApps(repositories.apps, local, thenForget),
    tenants: forgettingTenants(repositories.tenants, local, thenForget),
  }
}

const forgetNothing: PublishReadInvalidation = { forgetApiKeys() {}, forgetTenant() {}, forgetApps() {}, forgetAllApps() {} }

/**
 * Runs `write`, then `forget` with its result (or with nothing when it
 * failed), then records the change unless `forget` says nothing changed.
 * A failed write may have been applied, so it is recorded too, and its own
 * error is the one thrown.
 */
type ThenForget = <T>(write: Promise<T>, forget: (result?: T) => boolean | void) => Promise<T>

function forgetting(changes: ChangeMark): ThenForget {
  return async (write, forget) => {
    let result
    try {
      result = await write
    } catch (error) {
      forget()
      await changes.touch().catch(() => undefined)
      throw error
    }
    if (forget(result) !== false) await changes.touch()
    return result
  }
}

function forgettingApiKeys(apiKeys: ApiKeyRepository, { forgetApiKeys }: PublishReadInvalidation, thenForget: ThenForget): ApiKeyRepository {
  return {
    ...apiKeys,
    rename: (...args) => thenForget(apiKeys.rename(...args), forgetApiKeys),
    revoke: (...args) => thenForget(apiKeys.revoke(...args), forgetApiKeys),
  }
}

function forgettingApps(apps: AppRepository, { forgetApps, forgetAllApps }: PublishReadInvalidation, thenForget: ThenForget): AppRepository {
  return {
    ...apps,
    create: (input) => thenForget(apps.create(input), () => forgetApps(input.tenantId)),
    update: (tenantId, ...rest) => thenForget(apps.update(tenantId, ...rest), () => forgetApps(tenantId)),
    setActive: (tenantId, ...rest) => thenForget(apps.setActive(tenantId, ...rest), () => forgetApps(tenantId)),
    remove: (tenantId, ...rest) => thenForget(apps.remove(tenantId, ...rest), () => forgetApps(tenantId)),
    rotateSigningSecret: (tenantId, ...rest) => thenForget(apps.rotateSigningSecret(tenantId, ...rest), () => forgetApps(tenantId)),
    // By id only: the app it turned off names its tenant; null means it changed nothing, which no one need hear of.
    deactivate: (...args) =>
      thenForget(apps.deactivate(...args), (app) => {
        if (app === undefined) forgetAllApps()
        else if (app) forgetApps(app.tenantId)
        else return false
      }),
  }
}

/** A new tenant needs nothing: a tenant not found is not kept. */
function forgettingTenants(tenants: TenantRepository, { forgetTenant }: PublishReadInvalidation, thenForget: ThenForget): TenantRepository {
  return {
    ...tenants,
    update: (tenantId, changes) => thenForget(tenants.update(tenantId, changes), () => forgetTenant(tenantId)),
  }
}
