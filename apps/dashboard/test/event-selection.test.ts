import { flushPromises, mount } from '@vue/test-utils'
import { beforeAll, describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import type { CatalogCategory } from '../src/api/types.ts'
import EventPicker from '../src/components/apps/EventPicker.vue'
import { countSubscribedEvents, EventSelection } from '../src/forms/event-selection.ts'
import { loadRealCatalog } from './support/catalog.ts'

let catalog: CatalogCategory[]
let media: CatalogCategory
beforeAll(async () => {
  catalog = await loadRealCatalog()
  media = catalog.find((category) => category.id === 'media')!
})

describe('EventSelection', () => {
  it('selects a whole category as the category, not as its events', () => {
    const selection = new EventSelection(catalog)
    selection.setCategory('media', true)
    expect(selection.toSubscription()).toEqual({ categories: ['media'], types: [] })
    expect(selection.categoryState('media')).toBe('all')
    expect(media.events.every((event) => selection.isSelected(event.type))).toBe(true)
    expect(selection.eventCount).toBe(media.events.length)
  })

  it('turns a category into its other events when one of them is unticked', () => {
    const selection = new EventSelection(catalog, { categories: ['media'], types: [] })
    const [first, ...rest] = media.events
    selection.setEvent(first!.type, false)
    expect(selection.toSubscription()).toEqual({
      categories: [],
      types: rest.map((event) => event.type),
    })
    expect(selection.categoryState('media')).toBe('some')
  })

  it('selects single events across categories and counts them once', () => {
    const selection = new EventSelection(catalog)
    const other = catalog.find((category) => category.id !== 'media')!
    selection.setEvent(media.events[0]!.type, true)
    selection.setEvent(other.events[0]!.type, true)
    expect(selection.toSubscription().types).toEqual([media.events[0]!.type, other.events[0]!.type])
    expect(selection.eventCount).toBe(2)
    selection.setCategory('media', true)
    // The category absorbs its single event.
    expect(selection.toSubscription()).toEqual({
      categories: ['media'],
      types: [other.events[0]!.type],
    })
    expect(selection.eventCount).toBe(media.events.length + 1)
  })

  it('drops single events a stored subscription already covers by category', () => {
    const selection = new EventSelection(catalog, {
      categories: ['media'],
      types: [media.events[1]!.type],
    })
    expect(selection.toSubscription()).toEqual({ categories: ['media'], types: [] })
  })

  it('keeps subscriptions whose plugin is not loaded until they are removed', () => {
    const selection = new EventSelection(catalog, {
      categories: ['quiz', 'media'],
      types: ['quiz.completed', media.events[0]!.type],
    })
    expect([...selection.unknownCategories]).toEqual(['quiz'])
    expect([...selection.unknownTypes]).toEqual(['quiz.completed'])
    expect(selection.eventCount).toBe(media.events.length)
    selection.setCategory('media', false)
    expect(selection.toSubscription()).toEqual({ categories: ['quiz'], types: ['quiz.completed'] })
    expect(selection.isEmpty).toBe(false)
    selection.removeUnknown('category', 'quiz')
    selection.removeUnknown('type', 'quiz.completed')
    expect(selection.toSubscription()).toEqual({ categories: [], types: [] })
    expect(selection.isEmpty).toBe(true)
  })

  it('counts distinct events of a stored subscription', () => {
    expect(
      countSubscribedEvents(catalog, { categories: ['media'], types: [media.events[0]!.type] }),
    ).toBe(media.events.length)
    expect(countSubscribedEvents(catalog, { categories: [], types: [] })).toBe(0)
  })
})

describe('EventPicker', () => {
  function mountPicker(selection = reactive(new EventSelection(catalog)) as EventSelection) {
    return {
      selection,
      wrapper: mount(EventPicker, {
        props: { categories: catalog, selection },
        attachTo: document.body,
      }),
    }
  }

  it('lists every category and event with its description', () => {
    const { wrapper } = mountPicker()
    for (const category of catalog) {
      const box = wrapper.get(`[data-category="${category.id}"]`)
      expect(box.text()).toContain(`All ${category.label} events`)
      expect(box.findAll('li.event')).toHaveLength(category.events.length)
      expect(box.text()).toContain(category.events[0]!.description)
    }
    wrapper.unmount()
  })

  it('selects a whole category with its box, shows a mixed state, and counts', async () => {
    const { wrapper, selection } = mountPicker()
    const mediaBox = wrapper.get('[data-category="media"]')
    const categoryCheckbox = mediaBox.get('.category-head [role="checkbox"]')
    await categoryCheckbox.trigger('click')
    await flushPromises()
    expect(selection.toSubscription().categories).toEqual(['media'])
    expect(categoryCheckbox.attributes('aria-checked')).toBe('true')
    expect(
      mediaBox
        .findAll('li.event [role="checkbox"]')
        .every((box) => box.attributes('aria-checked') === 'true'),
    ).toBe(true)
    expect(wrapper.get('.summary').text()).toContain(`${media.events.length} events selected`)

    await mediaBox.findAll('li.event [role="checkbox"]')[0]!.trigger('click')
    await flushPromises()
    expect(categoryCheckbox.attributes('aria-checked')).toBe('mixed')
    expect(selection.toSubscription()).toEqual({
      categories: [],
      types: media.events.slice(1).map((event) => event.type),
    })
    wrapper.unmount()
  })

  it('names the plugin package each category comes from', () => {
    const { wrapper } = mountPicker()
    for (const category of catalog) {
      expect(wrapper.get(`[data-category="${category.id}"] .category-source`).text()).toBe(
        `From ${category.source} ${category.sourceVersion ?? category.version}`,
      )
    }
    wrapper.unmount()
  })

  it('marks subscriptions whose plugin is not loaded and removes one only on request', async () => {
    const selection = reactive(
      new EventSelection(catalog, { categories: ['quiz'], types: ['polls.closed'] }),
    ) as EventSelection
    const { wrapper } = mountPicker(selection)
    const quiz = wrapper.get('[data-unknown-category="quiz"]')
    expect(quiz.text()).toContain('plugin not loaded')
    expect(wrapper.get('[data-unknown-type="polls.closed"]').text()).toContain('plugin not loaded')
    expect(wrapper.get('.summary').text()).toContain('receives nothing')
    await quiz.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-unknown-category="quiz"]').exists()).toBe(false)
    expect(selection.toSubscription()).toEqual({ categories: [], types: ['polls.closed'] })
    wrapper.unmount()
  })

  it('previews what the endpoint receives for an event, built from the catalog example', async () => {
    const { wrapper } = mountPicker()
    const event = media.events[0]!
    const details = wrapper.get('[data-category="media"] li.event details')
    expect(details.find('pre').exists()).toBe(false)
    ;(details.element as HTMLDetailsElement).open = true
    await details.trigger('toggle')
    await flushPromises()
    const preview = JSON.parse(details.get('pre').text()) as Record<string, unknown>
    expect(preview).toMatchObject({
      type: event.type,
      portalEventId: event.portalEventId,
      subjectDetail: (event.example as { subjectDetail: unknown }).subjectDetail,
    })
    wrapper.unmount()
  })
})
