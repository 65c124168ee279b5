/**
 * Each workload list's workloads by id, made once per list. A list is never changed once loaded, and a warm
 * process keeps its base cluster (base-side.ts): the App's next push asks base's ~10,000 workloads of the 10k
 * bench again, and within one analysis the label and port finders (label-changes.ts, port-name-changes.ts) ask
 * head's list twice. Held weakly: the map lives no longer than its list.
 */
import type { Workload } from '../engine/model.js';

const byList = new WeakMap<readonly Workload[], ReadonlyMap<string, Workload>>();

/** `new Map(list.map((w) => [w.id, w]))` (a repeated id: its last workload), made once per list; never change it. */
export function workloadsById(list: readonly Workload[]): ReadonlyMap<string, Workload> {
  let known = byList.get(list);
  if (!known) byList.set(list, (known = new Map(list.map((w) => [w.id, w]))));
  return known;
}
