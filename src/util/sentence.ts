/**
 * `text` as a sentence: with a full stop at its end unless it ends with one already (or with `?`, `!`).
 * Notes under a verdict and finding messages read as sentences in every format; a notice's message is written
 * without one.
 */
export function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
