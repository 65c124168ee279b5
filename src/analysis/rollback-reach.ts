/**
 * Which opened paths reverting one changed document can affect at all. A path's traffic depends only on
 * its ends and the objects that select them (engine/touched.ts), so a document can affect a path only if
 * it defines one of its ends (or the workload whose template an end runs: a Rollout's workloadRef), its
 * namespace, or a policy that selects an end on either side (either
 * version of the policy, evaluated against either side's pods: a revert mixes them); Services and
 * Ingresses steer only the ingress controller's paths. A set of documents that leaves some opened path
 * unaffected cannot close it, and the rollback search skips such sets without evaluating them.
 */
import type { Connectivity, PairDiff, PeerRef } from '../engine/index.js';
import { selectInNamespace, templateUsers } from '../engine/index.js';
import type { DocumentModel, ManifestDocument } from '../manifests/load.js';

/** What one document can reach: workload ids, regions of label space, ingress-controller paths, or everything (an unknown part). */
interface Reach {
  readonly workloads: Set<string>;
  /** Regions (abstract peers) the document's policies select, or whose known namespace it defines. */
  readonly regions: Set<number>;
  ingressController: boolean;
  everything: boolean;
}

/** Model parts followed here; a document with anything else is taken to reach every path. */
const FOLLOWED = new Set(['namespaces', 'workloads', 'policies', 'clusterPolicies', 'services', 'ingressBackends']);

/**
 * For candidate documents (by key, with their base and head versions), a predicate on sets of keys:
 * false when some opened pair is reachable by none of the set's documents (so reverting it cannot close
 * that pair). `exempt`: pairs no set needs to close (as if left out of `opened`), asked only of a pair
 * some set leaves unreached, and once per pair: a costly judgment (the rollback's label-combination test)
 * is then made for a few pairs, not for every opened one.
 */
export function viableRevert(
  candidates: readonly string[],
  versions: (key: string) => readonly (ManifestDocument | undefined)[],
  sides: readonly Connectivity[],
  opened: readonly PairDiff[],
  exempt?: (p: PairDiff) => boolean,
): (set: readonly string[]) => boolean {
  // Per opened pair, the candidates that can reach it: a bit mask over candidate positions, `words` 32-bit
  // words per pair in one array (BigInt masks allocated a number per pair and candidate).
  const words = Math.ceil(candidates.length / 32);
  const masks = new Uint32Array(opened.length * words);
  const ends = pairsByEnd(opened);
  // A document defining a workload also makes the pods of the Rollouts running its template (Workload.templateFrom).
  const users = templateUsers(sides.map((s) => s.cluster));
  candidates.forEach((key, i) => {
    const reach = documentReach(versions(key), sides);
    if (users.size > 0) for (const id of [...reach.workloads]) for (const user of users.get(id) ?? []) reach.workloads.add(user);
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    const mark = (pairs: readonly number[] | undefined) => {
      for (const j of pairs ?? []) masks[j * words + w] |= bit;
    };
    if (reach.everything) {
      for (let j = 0; j < opened.length; j++) masks[j * words + w] |= bit;
      return;
    }
    // From the document's reach to the pairs it holds an end of (`reaches`), not every pair tested per document.
    mark(ends.anyDocument);
    for (const id of reach.workloads) mark(ends.byWorkload.get(id));
    for (const r of reach.regions) mark(ends.byRegion.get(r));
    if (reach.ingressController) mark(ends.controller);
  });
  const position = new Map(candidates.map((k, i) => [k, i]));
  // Per pair, `exempt`'s answer once asked: 0 not yet, EXEMPT, COUNTS.
  const verdicts = exempt ? new Uint8Array(opened.length) : undefined;
  return (set) => {
    const m = new Uint32Array(words);
    for (const k of set) {
      const i = position.get(k) ?? 0;
      m[i >>> 5] |= 1 << (i & 31);
    }
    for (let j = 0; j < opened.length; j++) {
      let hit = false;
      for (let w = 0; w < words && !hit; w++) hit = (masks[j * words + w] & m[w]) !== 0;
      if (hit) continue;
      if (!verdicts) return false;
      if (verdicts[j] === 0) verdicts[j] = exempt!(opened[j]) ? EXEMPT : COUNTS;
      if (verdicts[j] === COUNTS) return false;
    }
    return true;
  };
}

const EXEMPT = 1;
const COUNTS = 2;

/** Positions of the opened pairs by the ends a document's reach names (see `pairsByEnd`). */
interface PairsByEnd {
  /** Pairs any document may reach: an abstract end without a region. */
  readonly anyDocument: number[];
  readonly byWorkload: Map<string, number[]>;
  readonly byRegion: Map<number, number[]>;
  /** Pairs from the ingress controller, which Services and Ingresses steer. */
  readonly controller: number[];
}

/**
 * The opened pairs indexed by their ends. A document reaches a pair when it reaches one of its ends: a
 * workload or region it defines or selects, or the ingress controller. An abstract end (pods the manifests
 * do not hold) is decided by the policies that select its region and its namespace's labels, as a workload
 * end is (engine/touched.ts); one without a region (several regions under one name) may be reached by any
 * document. Addresses and domain names are no document's end.
 */
function pairsByEnd(opened: readonly PairDiff[]): PairsByEnd {
  const out: PairsByEnd = { anyDocument: [], byWorkload: new Map(), byRegion: new Map(), controller: [] };
  const add = <K>(m: Map<K, number[]>, k: K, j: number) => {
    const list = m.get(k);
    if (list) list.push(j);
    else m.set(k, [j]);
  };
  opened.forEach((p, j) => {
    if (unknownRegion(p.src) || unknownRegion(p.dst)) {
      out.anyDocument.push(j);
      return;
    }
    for (const peer of [p.src, p.dst]) {
      if (peer.type === 'workload') add(out.byWorkload, peer.workload.id, j);
      else if (peer.type === 'pods') add(out.byRegion, peer.region!, j);
      else if (peer.type === 'ingress-controller') out.controller.push(j);
    }
  });
  return out;
}

function unknownRegion(peer: PeerRef): boolean {
  return peer.type === 'pods' && peer.region === undefined;
}

function documentReach(docs: readonly (ManifestDocument | undefined)[], sides: readonly Connectivity[]): Reach {
  const reach: Reach = { workloads: new Set(), regions: new Set(), ingressController: false, everything: false };
  const subjects = (classes: readonly number[] | undefined, side: Connectivity) => {
    for (const c of classes ?? []) {
      const cls = side.index.classes[c];
      for (const w of cls.workloads) reach.workloads.add(w.id);
      if (cls.region) reach.regions.add(cls.region.index);
    }
  };
  for (const doc of docs) {
    if (!doc) continue;
    const m: DocumentModel = doc.model;
    for (const [part, list] of Object.entries(m)) if (!FOLLOWED.has(part) && Array.isArray(list) && list.length > 0) reach.everything = true;
    for (const w of m.workloads) reach.workloads.add(w.id);
    if (m.services.length > 0 || m.ingressBackends.length > 0) reach.ingressController = true;
    const namespaces = new Set(m.namespaces.map((n) => n.name));
    for (const side of sides) {
      if (namespaces.size > 0) for (const w of side.cluster.workloads) if (namespaces.has(w.namespace)) reach.workloads.add(w.id);
      if (namespaces.size > 0) for (const c of side.index.regionClasses) if (c.region!.known && namespaces.has(c.namespace)) reach.regions.add(c.region!.index);
      // A version is selected against every side's pods, not only its own side's: a reverted policy's base
      // version joins head's cluster and selects head's pods there (a policy whose namespace held no pod
      // in base still isolates one that head added).
      for (const p of m.policies) subjects(selectInNamespace(side.index, p.namespace, p.podSelector).map((c) => c.index), side);
      for (const p of m.clusterPolicies ?? []) {
        // A cluster-wide policy is selected where its side holds it; on a side without it, it may select anything.
        const held = side.tiers.subjectsOf.get(p.id);
        if (held) subjects(held, side);
        else reach.everything = true;
      }
    }
  }
  return reach;
}
