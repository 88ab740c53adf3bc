import type { EventSubscription } from '@hookline/core'
import type { CatalogCategory } from '../api/types.ts'

// Event subscriptions as the form edits them. Choosing a whole category
// subscribes to the category itself (so events added to it later arrive
// too); choosing single events subscribes to those types only. Unticking one
// event of a chosen category turns the category into its other events.
// Entries the catalog lacks (their plugin is not loaded on the server) are
// kept as they are and saved back, until the user removes them explicitly.

export type CategoryState = 'all' | 'some' | 'none'

export class EventSelection {
  readonly categories = new Set<string>()
  readonly types = new Set<string>()
  /** Subscribed category ids no loaded plugin declares ("plugin not loaded"). */
  readonly unknownCategories = new Set<string>()
  /** Subscribed event types no loaded plugin declares. */
  readonly unknownTypes = new Set<string>()

  constructor(
    private readonly catalog: readonly CatalogCategory[],
    initial: EventSubscription = { categories: [], types: [] },
  ) {
    for (const id of initial.categories) {
      if (catalog.some((category) => category.id === id)) this.categories.add(id)
      else this.unknownCategories.add(id)
    }
    for (const type of initial.types) {
      const categoryId = this.categoryOf(type)
      if (categoryId === undefined) this.unknownTypes.add(type)
      else if (!this.categories.has(categoryId)) this.types.add(type)
    }
  }

  /** Drops a subscription whose plugin is not loaded: the only way one leaves the app. */
  removeUnknown(kind: 'category' | 'type', id: string): void {
    if (kind === 'category') this.unknownCategories.delete(id)
    else this.unknownTypes.delete(id)
  }

  categoryOf(type: string): string | undefined {
    return this.catalog.find((category) => category.events.some((event) => event.type === type))?.id
  }

  private eventsOf(categoryId: string): string[] {
    return (
      this.catalog
        .find((category) => category.id === categoryId)
        ?.events.map((event) => event.type) ?? []
    )
  }

  categoryState(categoryId: string): CategoryState {
    if (this.categories.has(categoryId)) return 'all'
    return this.eventsOf(categoryId).some((type) => this.types.has(type)) ? 'some' : 'none'
  }

  isSelected(type: string): boolean {
    const categoryId = this.categoryOf(type)
    return this.types.has(type) || (categoryId !== undefined && this.categories.has(categoryId))
  }

  setCategory(categoryId: string, selected: boolean): void {
    // Either way the single events of the category are no longer listed on their own.
    for (const type of this.eventsOf(categoryId)) this.types.delete(type)
    if (selected) this.categories.add(categoryId)
    else this.categories.delete(categoryId)
  }

  setEvent(type: string, selected: boolean): void {
    const categoryId = this.categoryOf(type)
    if (categoryId !== undefined && this.categories.has(categoryId)) {
      if (selected) return
      this.categories.delete(categoryId)
      for (const other of this.eventsOf(categoryId)) if (other !== type) this.types.add(other)
      return
    }
    if (selected) this.types.add(type)
    else this.types.delete(type)
  }

  /** How many catalog events the selection delivers. */
  get eventCount(): number {
    return countSubscribedEvents(this.catalog, this.toSubscription())
  }

  get isEmpty(): boolean {
    return (
      this.categories.size === 0 &&
      this.types.size === 0 &&
      this.unknownCategories.size === 0 &&
      this.unknownTypes.size === 0
    )
  }

  /** What the API stores, in catalog order, then the entries whose plugin is not loaded. */
  toSubscription(): EventSubscription {
    const categories = this.catalog
      .filter((category) => this.categories.has(category.id))
      .map((category) => category.id)
    const types = this.catalog
      .flatMap((category) => category.events.map((event) => event.type))
      .filter((type) => this.types.has(type))
    return {
      categories: [...categories, ...this.unknownCategories],
      types: [...types, ...this.unknownTypes],
    }
  }
}

/** Distinct catalog events a subscription delivers (a category's events plus single ones). */
export function countSubscribedEvents(
  catalog: readonly CatalogCategory[],
  subscription: EventSubscription,
): number {
  const types = new Set<string>()
  for (const category of catalog) {
    for (const event of category.events) {
      if (subscription.categories.includes(category.id) || subscription.types.includes(event.type))
        types.add(event.type)
    }
  }
  return types.size
}
