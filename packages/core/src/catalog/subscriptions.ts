import { CatalogError } from '../errors.ts'
import type { EventSubscription } from '../types/webhook-app.ts'
import type { RegisteredCategory, RegisteredEvent } from './registered.ts'

/** A subscription checked against the catalog. */
export interface ResolvedSubscription {
  categories: string[]
  types: string[]
  /** Every type key the subscription covers today, in catalog order. */
  eventTypes: string[]
}

export interface SubscriptionCatalog {
  getCategory(id: string): RegisteredCategory | undefined
  getEvent(type: string): RegisteredEvent | undefined
  listCategories(): readonly RegisteredCategory[]
}

/**
 * Checks that every category id and type key exists and lists the types the
 * subscription covers now (a category subscription also covers events the
 * category adds later; see `subscriptionMatches`).
 *
 * @throws CatalogError `unknown-subscription`, with `details.unknownCategories` and `details.unknownTypes`.
 */
export function resolveSubscription(subscription: EventSubscription, catalog: SubscriptionCatalog): ResolvedSubscription {
  const categories = unique(subscription.categories)
  const types = unique(subscription.types)
  const unknownCategories = categories.filter((id) => !catalog.getCategory(id))
  const unknownTypes = types.filter((type) => !catalog.getEvent(type))
  if (unknownCategories.length > 0 || unknownTypes.length > 0) {
    const parts = [
      unknownCategories.length > 0 ? `unknown categories: ${unknownCategories.join(', ')}` : '',
      unknownTypes.length > 0 ? `unknown event types: ${unknownTypes.join(', ')}` : '',
    ].filter(Boolean)
    throw new CatalogError('unknown-subscription', `The subscription names ${parts.join('; ')}`, {
      details: { unknownCategories, unknownTypes },
    })
  }
  const eventTypes = catalog
    .listCategories()
    .flatMap((category) => category.events)
    .filter((event) => categories.includes(event.category) || types.includes(event.type))
    .map((event) => event.type)
  return { categories, types, eventTypes }
}

/** Whether an application with this subscription receives events of `type`. */
export function subscriptionMatches(subscription: EventSubscription, type: string, catalog: SubscriptionCatalog): boolean {
  if (subscription.types.includes(type)) return true
  const event = catalog.getEvent(type)
  return event !== undefined && subscription.categories.includes(event.category)
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}
