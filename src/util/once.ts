/** Items whose key was not seen before, in order (the first of each key is kept). */
export function onceBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** A finding or diagnostic as one line of output: the same in every target that deploys its file. */
export const positionKey = (x: { readonly code: string; readonly ref: { readonly file: string; readonly line: number }; readonly message: string; readonly subject?: string }): string =>
  `${x.code}\0${x.ref.file}\0${x.ref.line}\0${x.subject ?? ''}\0${x.message}`;
