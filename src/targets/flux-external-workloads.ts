/**
 * Workloads read as removed where a Flux Kustomization the change adds deploys another repository's files. A
 * pull request that replaces Flux's committed install (`gotk-components.yaml`) by a Flux Kustomization of
 * flux2's own manifests (a GitRepository or an OCIRepository of github.com/fluxcd/flux2), or that moves an app's
 * manifests to their upstream repository, removes workloads from this repository that the new Kustomization
 * deploys again from the other one. That repository is read nowhere (flux.ts `EXTERNAL_SOURCE`), so the
 * controllers read as removed and the paths told for them (closed, or opened to what they reached) may not
 * change in the cluster at all (real repositories 37: toboshii/home-ops, Diaoul/home-ops). Said as an
 * `OUTSIDE_TARGETS` notice ("Not analysed in full: …") under the verdict, at the Kustomization's line, naming
 * the workloads: a neutral check, never paths claimed silently.
 *
 * Where such a Kustomization deploys: its `spec.targetNamespace`, else its own namespace (Flux's install and a
 * component's upstream manifests keep to the namespace their Kustomization lives in, `flux-system`); what the
 * other repository names elsewhere is not known here. The Kustomization is the object as Flux applies it (flux.ts
 * carries it on the notice, `fluxKustomization`: its namespace a kustomization may set), never re-read from the
 * notice's words or its file's text. Semantics: Flux's Kustomization API (targetNamespace).
 */
import type { DiffReport } from '../analysis/types.js';
import type { Workload } from '../engine/model.js';
import type { Notice } from './types.js';
import { andList, firstAndMore } from '../util/and-list.js';
import { plural } from '../util/plural.js';

/** Workloads named in a notice, at most; the rest counted. */
const NAMED = 4;

/** A Flux Kustomization head adds whose source is another repository: its name, where it deploys, its source in words. */
interface AddedExternal {
  readonly name: string;
  readonly namespace: string;
  readonly source: string;
  readonly ref: NonNullable<Notice['ref']>;
}

/**
 * One notice per Flux Kustomization of another repository's source that head adds (`head`'s `EXTERNAL_SOURCE`
 * notices of a Kustomization, `fluxKustomization`, that `base`'s do not hold with the same source) into whose namespace the
 * change removes workloads (`reports`: each cluster model's diff; a workload renamed or moved is no removal).
 */
export function externalRedeployNotices(base: readonly Notice[], head: readonly Notice[], reports: readonly Pick<DiffReport, 'removed' | 'renamed' | 'moved' | 'pairs'>[]): Notice[] {
  const removed = reports.flatMap((r) => {
    const kept = new Set([...(r.renamed ?? []), ...(r.moved ?? [])].map((w) => w.from.id));
    return r.removed.filter((w) => !kept.has(w.id)).map((w) => ({ w, report: r }));
  });
  if (removed.length === 0) return [];
  const before = new Set(base.filter((n) => n.code === 'EXTERNAL_SOURCE').map(externalKey));
  const added = head.filter((n) => n.code === 'EXTERNAL_SOURCE' && !before.has(externalKey(n))).flatMap(addedExternal);
  const out: Notice[] = [];
  for (const ks of added) {
    const here = removed.filter(({ w }) => w.namespace === ks.namespace);
    if (here.length === 0) continue;
    const workloads = [...new Set(here.map(({ w }) => `${w.namespace}/${w.name}`))].sort();
    // Each changed pair once, though both its ends be such workloads.
    const pairs = new Set(here.flatMap(({ w, report }) => report.pairs.filter((p) => ends(p.src, w) || ends(p.dst, w))));
    const paths = pairs.size;
    const one = workloads.length === 1;
    const told = paths ? `, and the ${plural(paths, 'path')} told for ${one ? 'it' : 'them'} may not change in the cluster` : '';
    out.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed in full: Flux Kustomization ${ks.name}, which this change adds, deploys ${ks.source}, another repository no analysis reads, into namespace ${ks.namespace}, where this change removes ${one ? 'a workload' : plural(workloads.length, 'workload')}: ${firstAndMore(workloads, NAMED)}. If it deploys ${one ? 'that one' : 'them'} again (a Flux install or an app moved to its upstream manifests), ${one ? 'it is' : 'they are'} not removed${told}; that repository's workloads and policies there are in no analysis`,
      ref: ks.ref,
      what: `${andList(workloads.length > NAMED ? [workloads[0], `${workloads.length - 1} more`] : workloads)}, read as removed (Flux Kustomization ${ks.name} of another repository, added, may deploy ${one ? 'it' : 'them'})`,
    });
  }
  return out;
}

/** Whether a pair's end is workload `w`. */
function ends(p: DiffReport['pairs'][number]['src'], w: Workload): boolean {
  return p.type === 'workload' && p.workload.id === w.id;
}

/** The Flux Kustomization an `EXTERNAL_SOURCE` notice is about, as flux.ts carries it (`fluxKustomization`); none for another object or one whose namespace is unknown. */
function addedExternal(n: Notice): AddedExternal[] {
  const ks = n.fluxKustomization;
  if (!ks || ks.deploysInto === undefined || !n.ref) return [];
  return [{ name: `${ks.namespace !== undefined ? `${ks.namespace}/` : ''}${ks.name}`, namespace: ks.deploysInto, source: ks.source, ref: n.ref }];
}

/** One Flux Kustomization's identity and source: the same on both sides, it is not added. */
function externalKey(n: Notice): string | undefined {
  const ks = n.fluxKustomization;
  return ks && `${ks.namespace ?? ''}/${ks.name}\0${ks.source}`;
}
