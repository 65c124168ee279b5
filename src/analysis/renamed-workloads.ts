/**
 * Workloads a change renames. A Kustomize `namePrefix` / `nameSuffix` added to an overlay, a Helm release or
 * an object renamed: the workload of the old name goes, one of a new name comes, with the very same pods —
 * the same namespace, kind, pod labels and named container ports. Policies select pods by labels, never by a
 * workload's name, so what those pods may reach is what the old ones could: compared by name, every path of
 * the old workload read as closed and every path of the new one as opened (a rename failed the check).
 * Compared as one workload, paths that did not change are not told; a path the rename comes with that did
 * change (a policy edited in the same change) still is, with both names.
 */
import type { ConnectionSet, PairDiff, PeerRef, Workload } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { SubjectMeanings } from '../findings/restated.js';
import { firstAndMore } from '../util/and-list.js';

/** A workload of base (`from`) that head has under another name (`to`), with the same pods. */
export interface RenamedWorkload {
  readonly from: Workload;
  readonly to: Workload;
}

/**
 * The renames among the workloads only base has (`removed`) and only head has (`added`): pairs of one
 * namespace, kind, pod labels and named ports, where exactly one workload of each side has them (two alike
 * on a side: which became which cannot be told, none is paired). In `added`'s order.
 */
export function renamedWorkloads(added: readonly Workload[], removed: readonly Workload[]): RenamedWorkload[] {
  return pairedOnce(added, removed, (w) => podsKey(w, w.namespace));
}

/**
 * Pairs of a workload of `removed` and one of `added` with the same `key`, where exactly one workload of each
 * side has it (two alike on a side: which became which cannot be told, none is paired); `key` undefined: the
 * workload is not paired. `accept` may refuse a pair. In `added`'s order.
 */
function pairedOnce(added: readonly Workload[], removed: readonly Workload[], key: (w: Workload) => string | undefined, accept: (r: RenamedWorkload) => boolean = () => true): RenamedWorkload[] {
  if (added.length === 0 || removed.length === 0) return [];
  const byKey = (list: readonly Workload[]) => {
    const out = new Map<string, Workload[]>();
    for (const w of list) {
      const k = key(w);
      if (k !== undefined) (out.get(k) ?? out.set(k, []).get(k)!).push(w);
    }
    return out;
  };
  const gone = byKey(removed);
  const out: RenamedWorkload[] = [];
  for (const [k, to] of byKey(added)) {
    const from = gone.get(k);
    if (to.length === 1 && from?.length === 1 && accept({ from: from[0], to: to[0] })) out.push({ from: from[0], to: to[0] });
  }
  return out;
}

/** What a workload's pods are to policies: `place` (its namespace, or its name for a move), kind, labels (sorted) and named ports (sorted). */
function podsKey(w: Workload, place: string): string {
  const labels = Object.entries(w.podLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const ports = w.namedPorts.map((p) => JSON.stringify(p)).sort();
  return JSON.stringify([place, w.kind, labels, ports]);
}

/**
 * `pairs` (a diff's) without the pairs renames alone make: a pair of the old workload (base's traffic,
 * head has none) and the pair of the new one with the same other end (head's traffic) are left out when
 * base's traffic of the one is head's of the other. Pairs whose traffic did change stay as the diff gave
 * them, and so do pairs with port names toward pods the manifests do not hold (their sets are compared by
 * name, not here). Order kept.
 */
export function withoutRenames(pairs: readonly PairDiff[], renames: readonly RenamedWorkload[]): readonly PairDiff[] {
  if (renames.length === 0) return pairs;
  const newName = new Map(renames.map((r) => [r.from.id, r.to] as const));
  const renamed = new Set(renames.map((r) => r.to.id));
  const asHead = (p: PeerRef): PeerRef => (p.type === 'workload' ? (newName.has(p.workload.id) ? { type: 'workload', workload: newName.get(p.workload.id)! } : p) : p);
  const touches = (p: PairDiff, ids: { has(id: string): boolean }) => [p.src, p.dst].some((e) => e.type === 'workload' && ids.has(e.workload.id));
  const keyOf = (p: PairDiff) => `${peerId(asHead(p.src))}\u0000${peerId(asHead(p.dst))}`;
  // Per other end: base's traffic from the old workload's pair, head's from the new one's.
  const sides = new Map<string, { base?: PairDiff; head?: PairDiff }>();
  for (const p of pairs) {
    if (p.namedSets || p.namedPorts) continue;
    const old = touches(p, newName);
    if (!old && !touches(p, renamed)) continue;
    const s = sides.get(keyOf(p)) ?? sides.set(keyOf(p), {}).get(keyOf(p))!;
    if (old) s.base = p;
    else s.head = p;
  }
  const same = (a: ConnectionSet | null | undefined, b: ConnectionSet | null | undefined) => (a === null || a === undefined ? b === null || b === undefined : b !== null && b !== undefined && a.equals(b));
  const dropped = new Set<PairDiff>();
  for (const { base, head } of sides.values()) {
    if (same(base?.base, head?.head)) {
      if (base) dropped.add(base);
      if (head) dropped.add(head);
    }
  }
  return dropped.size === 0 ? pairs : pairs.filter((p) => !dropped.has(p));
}

/**
 * Workloads a change moves to another namespace: a workload only base has and one only head has with the
 * same name, kind, pod labels and named ports, in another namespace (apps moved from `openclaw` to `ai`),
 * where exactly one workload of each side has them, and neither is renamed. Unlike a rename, the move may
 * change their paths (policies tell namespaces apart), so their paths are told as ever, as closed under the
 * old id and opened under the new one; the reader is told that these are the same apps moved
 * (`movedNote`). In `added`'s order.
 */
export function movedWorkloads(added: readonly Workload[], removed: readonly Workload[], renamed: readonly RenamedWorkload[]): RenamedWorkload[] {
  const paired = new Set(renamed.flatMap((r) => [r.from, r.to]));
  return pairedOnce(added, removed, (w) => (paired.has(w) ? undefined : podsKey(w, w.name)), (r) => r.from.namespace !== r.to.namespace);
}

/** The sentence telling workloads moved to another namespace (`movedWorkloads`), under the headline; undefined when none. */
export function movedNote(moved: readonly RenamedWorkload[] | undefined): string | undefined {
  if (!moved?.length) return undefined;
  const n = moved.length;
  return `${n === 1 ? '1 workload moved' : `${n} workloads moved`} to another namespace, the same name, kind, pod labels and ports (${firstAndMore(moved.map((r) => `${r.from.id} → ${r.to.id}`), 6)}): ${n === 1 ? 'its' : 'their'} paths are told as closed under the old namespace and opened under the new one; what ${n === 1 ? 'it' : 'they'} may reach differs only where policies tell the namespaces apart`;
}

/** Renames as a line of text lists them: `old → new`, comma-separated (diff-text.ts, renamed-notes.ts). */
export function renamesList(renamed: readonly RenamedWorkload[]): string {
  return renamed.map((r) => `${r.from.id} → ${r.to.id}`).join(', ');
}

/** A report's workloads added and removed less those renamed or moved (listed apart), and the renames. */
export function workloadChanges(report: { readonly added: readonly Workload[]; readonly removed: readonly Workload[]; readonly renamed?: readonly RenamedWorkload[]; readonly moved?: readonly RenamedWorkload[] }): { added: readonly Workload[]; removed: readonly Workload[]; renamed: readonly RenamedWorkload[] } {
  const renamed = report.renamed ?? [];
  const apart = [...renamed, ...(report.moved ?? [])];
  if (apart.length === 0) return { added: report.added, removed: report.removed, renamed };
  const from = new Set(apart.map((r) => r.from));
  const to = new Set(apart.map((r) => r.to));
  return { added: report.added.filter((w) => !to.has(w)), removed: report.removed.filter((w) => !from.has(w)), renamed };
}

/**
 * `meanings` (findings/restated.ts) with each renamed workload standing for itself under both names: a
 * finding base told of the old workload (UNPROTECTED_WORKLOAD …) is not new when head tells it of the new one.
 */
export function withRenamedSubjects(meanings: SubjectMeanings, renames: readonly RenamedWorkload[]): SubjectMeanings {
  if (renames.length === 0) return meanings;
  const newName = new Map(renames.map((r) => [r.from.id, r.to.id] as const));
  const renamed = new Set(renames.map((r) => r.to.id));
  return {
    base: (subject) => (newName.has(subject) ? `workload\u0000${newName.get(subject)}` : meanings.base(subject)),
    head: (subject) => (renamed.has(subject) ? `workload\u0000${subject}` : meanings.head(subject)),
  };
}
