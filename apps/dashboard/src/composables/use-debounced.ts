import { onBeforeUnmount } from 'vue'

/** Calls `action` once input has settled for `delayMs`. */
export function useDebounced<A extends unknown[]>(
  action: (...args: A) => void,
  delayMs = 300,
): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  onBeforeUnmount(() => clearTimeout(timer))
  return (...args: A) => {
    clearTimeout(timer)
    timer = setTimeout(() => action(...args), delayMs)
  }
}
