/**
 * The verdict's clause for targets that apply nothing until someone acts (DiffReport `suspended`,
 * targets/suspended-targets.ts): a suspended Flux Kustomization deploys the change when it resumes, an Argo CD
 * Application without automated sync when someone syncs it; merging deploys none of it there. The notes name
 * each at its setting's line.
 */
import type { DiffReport } from '../analysis/types.js';
import { andList, firstAndMore, namedCount } from '../util/and-list.js';

/** Targets a clause names before it counts the rest. */
const NAMED = 2;

type Waiting = NonNullable<DiffReport['suspended']>[number];

/** `Flux Kustomization vault is suspended`, `2 targets (Application a and Application b) are synced by hand`. */
function group(items: readonly Waiting[], state: string): string {
  if (items.length === 1) return `${items[0].what} is ${state}`;
  const names = items.map((s) => s.what);
  return `${items.length} targets (${namedCount(names.length, NAMED) < names.length ? firstAndMore(names, NAMED) : andList(names)}) are ${state}`;
}

/**
 * `Flux Kustomization vault is suspended: this change deploys there when it resumes, not on merge (see the notes)`;
 * `Application shop is synced by hand: this change deploys there when someone syncs it, not on merge (see the notes)`;
 * both kinds: `Flux Kustomization vault is suspended and Application shop is synced by hand: this change deploys
 * there when resumed or synced, not on merge (see the notes)`. Empty for none.
 */
export function suspendedClause(suspended: readonly Waiting[]): string {
  const resumed = suspended.filter((s) => s.how === 'suspend');
  const synced = suspended.filter((s) => s.how === 'manual-sync');
  const who = [resumed.length ? group(resumed, 'suspended') : '', synced.length ? group(synced, 'synced by hand') : ''].filter(Boolean);
  if (who.length === 0) return '';
  const one = suspended.length === 1;
  const when = resumed.length && synced.length ? 'resumed or synced' : resumed.length ? (one ? 'it resumes' : 'they resume') : one ? 'someone syncs it' : 'someone syncs them';
  return `${who.join(' and ')}: this change deploys there when ${when}, not on merge (see the notes)`;
}
