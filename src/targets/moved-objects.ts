/**
 * Objects a pull request moves between files or renames, among the per-file notes of changed objects
 * (unrendered-helm.ts's Helm releases, external-changes.ts's controllers of another repository's files).
 * Each file's notes compare the file's base and head: a release moved from `helmrelease.yaml` to
 * `helm-release.yaml` read as one release removed and one added (real-eval 26, jmuchovej/homelab 070925c:
 * 14 notes for 7 releases renamed to kebab-case files, 4 of them unchanged).
 *
 * An object only base holds in one file and only head in another, under the same id, is moved: unchanged
 * (its compared part the same) it is no change at all; changed, it is one note at its new file, "moved from"
 * the old. An object only base holds and another only head holds (in the same file or not), of the same kind
 * and with the same compared part, is renamed: one note, "renamed from" the old name. Each end pairs once,
 * moves before renames, in path then id order. Pure.
 */

/** An object as a note compares it: `part` what a change of is said; `label` how notes name it (`Flux HelmRelease apps/web`). */
export interface ComparedObject {
  readonly part: string;
  readonly label: string;
}

/** Where an object head holds came from. */
export interface Arrival {
  readonly from: string;
  readonly fromLabel: string;
  readonly how: 'moved' | 'renamed';
  /** Whether its compared part is the same as before. */
  readonly same: boolean;
}

export interface MovedObjects {
  /** `file\nid` of base's ends that paired: not said in their file. */
  readonly gone: ReadonlySet<string>;
  /** `file\nid` of head's ends that paired, with where they came from. */
  readonly arrived: ReadonlyMap<string, Arrival>;
}

/** `sides`: per changed file, base's and head's objects by id (`Kind/namespace/name`). */
export function movedObjects<T extends ComparedObject>(sides: ReadonlyMap<string, readonly [ReadonlyMap<string, T>, ReadonlyMap<string, T>]>): MovedObjects {
  const removed: { file: string; id: string; o: T }[] = [];
  const added: { file: string; id: string; o: T }[] = [];
  for (const [file, [base, head]] of [...sides].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [id, o] of [...base].sort(byKey)) if (!head.has(id)) removed.push({ file, id, o });
    for (const [id, o] of [...head].sort(byKey)) if (!base.has(id)) added.push({ file, id, o });
  }
  const gone = new Set<string>();
  const arrived = new Map<string, Arrival>();
  const pair = (fits: (r: (typeof removed)[number], a: (typeof added)[number]) => boolean, how: Arrival['how']) => {
    for (const r of removed) {
      if (gone.has(key(r))) continue;
      const a = added.find((x) => !arrived.has(key(x)) && fits(r, x));
      if (!a) continue;
      gone.add(key(r));
      arrived.set(key(a), { from: r.file, fromLabel: r.o.label, how, same: r.o.part === a.o.part });
    }
  };
  pair((r, a) => r.id === a.id && r.file !== a.file, 'moved');
  pair((r, a) => r.id !== a.id && kindOf(r.id) === kindOf(a.id) && r.o.part === a.o.part, 'renamed');
  return { gone, arrived };
}

/** How a note names an object that arrived: its label and where it came from; undefined when there is nothing to say (moved unchanged). */
export function arrivalLabel(label: string, arrival: Arrival, file: string): string | undefined {
  if (arrival.how === 'moved') return arrival.same ? undefined : `${label} (moved from ${arrival.from})`;
  const where = arrival.from === file ? '' : ` in ${arrival.from}`;
  return `${label} (renamed from ${arrival.fromLabel}${where}, with the same spec)`;
}

export function objectKey(file: string, id: string): string {
  return `${file}\n${id}`;
}

const key = (e: { file: string; id: string }) => objectKey(e.file, e.id);
const kindOf = (id: string) => id.slice(0, id.indexOf('/'));
const byKey = <V>([a]: [string, V], [b]: [string, V]) => (a < b ? -1 : a > b ? 1 : 0);
