// Small helpers that keep composed messages grammatical: reasons are built
// from parts and shown to people, in the API and the dashboard.

/** Ends `text` with a full stop unless it already ends a sentence (no "..") . */
export function asSentence(text: string): string {
  return /[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`
}

/** "a" or "an" before a word, by its sound: an unspecified, a unique-local, an RFC 6052. */
export function withArticle(word: string): string {
  const lower = word.toLowerCase()
  const soundsLikeVowel = /^(uni|use|usu|one)/.test(lower) ? false : /^([aeiou]|rfc)/.test(lower)
  return `${soundsLikeVowel ? 'an' : 'a'} ${word}`
}
