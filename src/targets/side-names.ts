/**
 * Targets of same-named controller objects are told apart by `#2`, `#3` in the order discovery meets them
 * (discover.ts `uniqueName`; Flux ones in other clusters by their cluster, `namedByCluster`, which one side may
 * not need when it holds only one of them), and that order may differ between base and head: two clusters each holding a Flux
 * Kustomization `cluster-apps-node-exporter` had base name one cluster's `#2` and head the other's. Cluster models
 * pair the sides' targets by name (analyze-targets.ts `clusterModels`), so one cluster's head was compared with the
 * other cluster's base: a workload "added" (15 paths opened) in a cluster the change did not touch
 * (truxnell/home-cluster b391c10ad, re32). Base's targets take the names head gives the same controller object.
 * Pure.
 */
import type { TargetSpec } from './types.js';

/** What tells apart targets of one name: `#N` (discover.ts `uniqueName`), or the cluster (`apps (cluster staging)`: `namedByCluster`). */
const SUFFIX = /(#\d+| \(cluster [^()]+\))$/;

/**
 * `base` with each target of a name that `#N` tells apart (on either side) renamed to the name head gives the
 * same controller object (its kind, namespace, name, file, and generating ApplicationSet); a base target head
 * has no counterpart of, whose name head gives another object, takes the next `#N` neither side uses, unless
 * its file is gone from head (`inHead`) and that object is in a cluster of its cluster's name (then the
 * names of that group stay as base has them). `joins` follow their host's new name. The very array when
 * nothing is renamed.
 */
export function withHeadNames(base: readonly TargetSpec[], head: readonly TargetSpec[], inHead: (path: string) => boolean): readonly TargetSpec[] {
  const told = new Set([...base, ...head].filter((t) => SUFFIX.test(t.name)).map((t) => plain(t.name)));
  if (told.size === 0) return base;
  const headNames = new Map<string, string | null>();
  for (const t of head) {
    const id = identity(t);
    // An identity two head targets share names neither (null).
    if (id !== undefined && told.has(plain(t.name))) headNames.set(id, headNames.has(id) ? null : t.name);
  }
  const renamed = new Map<number, string>();
  base.forEach((t, i) => {
    const id = identity(t);
    const name = id === undefined ? undefined : headNames.get(id);
    if (name && name !== t.name && told.has(plain(t.name))) renamed.set(i, name);
  });
  if (renamed.size === 0) return base;
  // A base target whose name would go to another object, whose file head deletes, and whose name head gives an
  // object of a cluster of the same name (told apart only by its folder): the same object (kind, namespace,
  // name) of one cluster, its definition moved. A tree copied to a new folder and the old one deleted
  // (truxnell/home-cluster 028d82e4b) is one cluster described twice, whose objects stay: names as base read them.
  const headByName = new Map(head.map((t) => [t.name, t]));
  const matched = new Set(base.flatMap((t) => (identity(t) !== undefined && headNames.get(identity(t)!) ? [t.name] : [])));
  const moved = (t: TargetSpec) => t.controller !== undefined && !inHead(t.controller.ref.file);
  for (const name of [...renamed.values()]) {
    const holder = base.find((t) => t.name === name);
    if (holder && !matched.has(holder.name) && moved(holder) && sameCluster(holder, headByName.get(name))) for (const [j, n] of [...renamed]) if (plain(n) === plain(name)) renamed.delete(j);
  }
  if (renamed.size === 0) return base;
  // Names now taken on base: the renamed ones, and those of base targets left as they are.
  const taken = new Set([...head.map((t) => t.name), ...base.map((t, i) => renamed.get(i) ?? t.name)]);
  const given = new Set(renamed.values());
  base.forEach((t, i) => {
    if (renamed.has(i) || !given.has(t.name)) return;
    // Its name went to another object: the next free `#N`.
    let n = 2;
    while (taken.has(`${plain(t.name)}#${n}`)) n++;
    renamed.set(i, `${plain(t.name)}#${n}`);
    taken.add(`${plain(t.name)}#${n}`);
  });
  const byOld = new Map([...renamed].map(([i, name]) => [base[i].name, name]));
  return base.map((t, i) => {
    const name = renamed.get(i) ?? t.name;
    const joins = t.joins !== undefined ? (byOld.get(t.joins) ?? t.joins) : undefined;
    return name === t.name && joins === t.joins ? t : { ...t, name, ...(joins !== undefined ? { joins } : {}) };
  });
}

/** Both in clusters of one name, but for the folder that tells them apart (`cluster (kubernetes/flux/config)`). */
function sameCluster(a: TargetSpec, b: TargetSpec | undefined): boolean {
  const name = (t: TargetSpec) => t.cluster?.replace(/ \([^)]*\)$/, '');
  return b !== undefined && name(a) !== undefined && name(a) === name(b);
}

function plain(name: string): string {
  return name.replace(SUFFIX, '');
}

/** The controller object a target stands for, the same on both sides while its file keeps it; undefined without one. */
function identity(t: TargetSpec): string | undefined {
  const c = t.controller;
  return c && [c.kind, c.namespace ?? '', c.name, c.ref.file, c.generatedBy ?? ''].join('\0');
}
