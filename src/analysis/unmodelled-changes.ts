/**
 * Per unmodelled policy kind: how many objects head has (the verdict says the results ignore them) and
 * how many the pull request adds, edits or removes (the check is then never `success`: reachdiff cannot
 * say what such a change does). Objects are compared by key (`Kind.group/namespace/name`) and content as
 * read, not by the documents that hold them: an object of a Kustomize build is rendered (its source
 * document is keyed as written, and a patch elsewhere may be what edits it), a plain one is its document.
 */
import type { UnmodelledObject } from '../manifests/unmodelled-summary.js';

export interface UnmodelledKindReport {
  readonly label: string;
  readonly plural: string;
  /** Objects of this kind in head. */
  readonly count: number;
  /** Objects of this kind the pull request adds, edits or removes. */
  readonly changed: number;
}

export function unmodelledChanges(base: readonly UnmodelledObject[], head: readonly UnmodelledObject[]): UnmodelledKindReport[] {
  const before = new Map(base.map((o) => [o.key, o.content]));
  const after = new Map(head.map((o) => [o.key, o.content]));
  const kinds = new Map<string, { label: string; plural: string; count: number; changed: Set<string> }>();
  const entry = (o: UnmodelledObject) => {
    const e = kinds.get(o.kind.label) ?? { label: o.kind.label, plural: o.kind.plural, count: 0, changed: new Set<string>() };
    kinds.set(o.kind.label, e);
    // Added, removed or edited: absent on one side, or read differently.
    if (before.get(o.key) !== after.get(o.key)) e.changed.add(o.key);
    return e;
  };
  for (const o of base) entry(o);
  for (const o of head) entry(o).count++;
  return [...kinds.values()].map((e) => ({ label: e.label, plural: e.plural, count: e.count, changed: e.changed.size }));
}

/** Several targets' counts as one: a kind's largest count (a file two targets deploy is one object). */
export function combineUnmodelled(reports: readonly (readonly UnmodelledKindReport[])[]): UnmodelledKindReport[] {
  const byLabel = new Map<string, UnmodelledKindReport>();
  for (const u of reports.flat()) {
    const seen = byLabel.get(u.label);
    byLabel.set(u.label, seen ? { ...u, count: Math.max(seen.count, u.count), changed: Math.max(seen.changed, u.changed) } : u);
  }
  return [...byLabel.values()];
}
