/**
 * Endpoint URLs often carry a credential in the query (`?token=…`). Text
 * meant for logs and for the reason an app was turned off shows each query
 * parameter's name but not its value: `https://x.test/hook?token=***`.
 */
export function redactUrlQuery(url: string): string {
  const queryStart = url.indexOf('?')
  if (queryStart === -1) return url
  const hashStart = url.indexOf('#', queryStart)
  const query = url.slice(queryStart + 1, hashStart === -1 ? undefined : hashStart)
  const redacted = query
    .split('&')
    .map((pair) => {
      if (pair === '') return pair
      const equals = pair.indexOf('=')
      return `${equals === -1 ? pair : pair.slice(0, equals)}=***`
    })
    .join('&')
  return `${url.slice(0, queryStart)}?${redacted}`
}

/** Every http(s) URL inside a sentence, redacted as `redactUrlQuery` does. */
export function redactUrlQueries(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>]+/gi, (url) => redactUrlQuery(url))
}
