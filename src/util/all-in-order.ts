/**
 * `Promise.all` whose failure does not depend on timing: it waits for every promise and, when some reject,
 * rejects with the first rejection in the list's order (Promise.all rejects with the first in time). Used where
 * several sides or targets are read at once and each may fail (a `--render` command failing on both sides named
 * base or head by which process exited first).
 *
 * Shape as `Promise.all`: a tuple or array of promises → a promise of their values in the same order.
 */
export async function allInOrder<T extends readonly unknown[] | []>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
