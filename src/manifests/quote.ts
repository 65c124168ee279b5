/**
 * Input values quoted in diagnostics. A value can be as long as its file (a 5,000-character label), and
 * a message is printed, annotated and put in the pull-request comment: quote at most ~60 characters and
 * say how long the value is.
 */
const MAX_QUOTED = 60;

/**
 * `"value"` (JSON-style quotes for a string, the YAML-ish form of anything else), cut to ~60 characters;
 * a field left out is `a missing value`, never `undefined`.
 */
export function quote(value: unknown): string {
  if (value === undefined) return 'a missing value';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const shown = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  const quoted = typeof value === 'string' ? `"${shown}"` : shown;
  return text.length > MAX_QUOTED ? `${quoted} (${text.length} characters)` : quoted;
}

/**
 * A value as the input wrote it, for a message that names it bare (`kind Foo is not …`): a string as is,
 * anything else (a mapping or list where a string belongs) in quote()'s form, never `[object Object]`.
 */
export function written(value: unknown): string {
  return typeof value === 'string' ? quote(value).replace(/^"(.*)"( \(\d+ characters\))?$/s, '$1$2') : quote(value);
}
