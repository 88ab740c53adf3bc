import type { ApiKeyRepository } from '../repositories/api-keys.ts'
import type { AppRepository } from '../repositories/apps.ts'
import type { TenantRepository } from '../repositories/tenants.ts'
import type { PublishReadInvalidation } from './publish-reads.ts'

/**
 * The repositories whose writes change what a publish reads, wrapped so
 * that each write, once it has ended (or failed: it may have been applied),
 * drops the cached reads it touched. A read under way when the write ends
 * is not kept either (see ReadCache.forget), so after a write returns this
 * process answers from the database as it is now. Other processes keep
 * their reads until they age out.
 */
export function forgetOnWrite<R extends { apiKeys: ApiKeyRepository; apps: AppRepository; tenants: TenantRepository }>(
  repositories: R,
  invalidation: PublishReadInvalidation,
): Pick<R, 'apiKeys' | 'apps' | 'tenants'> {
  return {
    apiKeys: forgettingApiKeys(repositories.apiKeys, invalidation),
    apps: forgettingApps(repositories.apps, invalidation),
    tenants: forgettingTenants(repositories.tenants, invalidation),
  }
}

/** Runs `write`, then `forget` with its result, or with nothing when it failed. */
async function thenForget<T>(write: Promise<T>, forget: (result?: T) => void): Promise<T> {
  try {
    const result = await write
    forget(result)
    return result
  } catch (error) {
    forget()
    throw error
  }
}

function forgettingApiKeys(apiKeys: ApiKeyRepository, { forgetApiKeys }: PublishReadInvalidation): ApiKeyRepository {
  return {
    ...apiKeys,
    rename: (...args) => thenForget(apiKeys.rename(...args), forgetApiKeys),
    revoke: (...args) => thenForget(apiKeys.revoke(...args), forgetApiKeys),
  }
}

function forgettingApps(apps: AppRepository, { forgetApps, forgetAllApps }: PublishReadInvalidation): AppRepository {
  return {
    ...apps,
    create: (input) => thenForget(apps.create(input), () => forgetApps(input.tenantId)),
    update: (tenantId, ...rest) => thenForget(apps.update(tenantId, ...rest), () => forgetApps(tenantId)),
    setActive: (tenantId, ...rest) => thenForget(apps.setActive(tenantId, ...rest), () => forgetApps(tenantId)),
    remove: (tenantId, ...rest) => thenForget(apps.remove(tenantId, ...rest), () => forgetApps(tenantId)),
    rotateSigningSecret: (tenantId, ...rest) => thenForget(apps.rotateSigningSecret(tenantId, ...rest), () => forgetApps(tenantId)),
    // By id only: the app it turned off names its tenant; null means it changed nothing.
    deactivate: (...args) =>
      thenForget(apps.deactivate(...args), (app) => {
        if (app === undefined) forgetAllApps()
        else if (app) forgetApps(app.tenantId)
      }),
  }
}

/** A new tenant needs nothing: a tenant not found is not kept. */
function forgettingTenants(tenants: TenantRepository, { forgetTenant }: PublishReadInvalidation): TenantRepository {
  return {
    ...tenants,
    update: (tenantId, changes) => thenForget(tenants.update(tenantId, changes), () => forgetTenant(tenantId)),
  }
}
