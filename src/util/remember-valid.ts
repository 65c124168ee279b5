/**
 * `check` (what is wrong with a string, or undefined when nothing is) with the strings found valid remembered:
 * asked again, one of them is answered valid without checking. For checks asked of the same few strings on
 * thousands of objects (a repository's label keys, port and namespace names), each then checked once. At most
 * `max` strings are remembered, all forgotten at once when full (no order kept per string); a string found
 * wrong is checked every time (such strings are few, and each is reported).
 */
export function rememberValid<E>(check: (s: string) => E | undefined, max: number): (s: string) => E | undefined {
  const valid = new Set<string>();
  return (s) => {
    if (valid.has(s)) return undefined;
    const wrong = check(s);
    if (wrong !== undefined) return wrong;
    if (valid.size >= max) valid.clear();
    valid.add(s);
    return undefined;
  };
}
