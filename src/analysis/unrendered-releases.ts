/**
 * A Flux HelmRelease that both sides define but only one side renders (an app-template release moved to
 * another chart, or the reverse): what it installs on the other side is in no analysis, and the release
 * note says so (targets/unrendered-helm.ts). Its pods do not go away with the reading, so head is given
 * the same reading as base: base's controllers of a release head no longer reads are kept in head, and
 * head's controllers of a release base did not read are left out of head. The change to the release is
 * then not analysed, as said, rather than told as its workloads removed or added (re46: GiorgioAresu
 * d3eb94ce moved onepassword-connect from app-template to the vendor's chart: "Removes
 * external-secrets/onepassword-connect", 89 paths closed). Base is never changed (it is kept across
 * pushes: base-side.ts). Pure.
 */
import type { Workload } from '../engine/model.js';
import type { LoadResult } from '../manifests/load.js';

/** Head with base's reading of the releases one side only renders, and those releases' keys (`HelmRelease/namespace/name`). */
export function holdUnrenderedReleases(base: LoadResult, head: LoadResult): { readonly head: LoadResult; readonly held: readonly string[] } {
  const baseUnread = unreadReleases(base);
  const headUnread = unreadReleases(head);
  if (baseUnread.size === 0 && headUnread.size === 0) return { head, held: [] };
  const baseMade = madeBy(base.cluster.workloads);
  const headMade = madeBy(head.cluster.workloads);
  const keep = [...baseMade.keys()].filter((k) => headUnread.has(k) && !headMade.has(k));
  const drop = new Set([...headMade.keys()].filter((k) => baseUnread.has(k) && !baseMade.has(k)));
  if (keep.length === 0 && drop.size === 0) return { head, held: [] };
  const ids = new Set(head.cluster.workloads.map((w) => w.id));
  const kept = keep.flatMap((k) => baseMade.get(k) ?? []).filter((w) => !ids.has(w.id));
  const workloads = [...head.cluster.workloads.filter((w) => w.madeBy === undefined || !drop.has(w.madeBy)), ...kept];
  return { head: { ...head, cluster: { ...head.cluster, workloads } }, held: [...keep, ...drop].sort() };
}

/** Keys of the HelmReleases a side defines and does not read (load.ts `DocumentModel.unreadReleases`). */
function unreadReleases(load: LoadResult): Set<string> {
  const out = new Set<string>();
  for (const d of [...load.documents, ...(load.rendered ?? [])]) for (const key of d.model.unreadReleases ?? []) out.add(key);
  return out;
}

function madeBy(workloads: readonly Workload[]): Map<string, Workload[]> {
  const out = new Map<string, Workload[]>();
  for (const w of workloads) {
    if (w.madeBy === undefined || !w.madeBy.startsWith('HelmRelease/')) continue;
    const list = out.get(w.madeBy);
    if (list) list.push(w);
    else out.set(w.madeBy, [w]);
  }
  return out;
}
