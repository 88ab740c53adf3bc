import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Below this width the navigation folds into a drawer and drawers take the whole width. */
export const narrowScreenMaxWidth = 1023

/** Whether the window matches `(max-width: …px)`, kept up to date as it is resized. */
export function useNarrowScreen(maxWidth = narrowScreenMaxWidth): Ref<boolean> {
  const query = window.matchMedia(`(max-width: ${maxWidth}px)`)
  const narrow = ref(query.matches)
  const update = (change: MediaQueryListEvent) => (narrow.value = change.matches)
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return narrow
}
