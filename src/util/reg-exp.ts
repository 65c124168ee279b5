/**
 * `text` with every character a regular expression gives a meaning to escaped, so that `new RegExp` matches it
 * as written (a label key `app.kubernetes.io/name`, a file name `np.yaml`): the one place that list is written.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
