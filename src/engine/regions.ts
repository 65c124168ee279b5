/**
 * Regions of label space: every pod that could exist, cut into the parts that no selector of the given
 * clusters (base and head of a diff) tells apart. A region is a namespace part (a namespace the
 * manifests know by name, or a part of the space of other namespaces and their labels) times a part of
 * pod label space. The evaluator runs over one representative pod per region like over any class, so a
 * region's verdicts are those of every pod in it; regions without a real workload are the abstract
 * peers. Named container ports of such pods are unknown (see AbstractPortNames in abstract-conns.ts).
 */
import { partitionLabels } from './label-partition.js';
import type { Cluster, LabelSelector, Labels } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';
import { isEmptySelector, matches } from './selectors.js';
import { selectorKey } from './selector-key.js';

export interface Region {
  readonly index: number;
  /** The namespace by name (`known`), or an internal name (`~ns<k>`) for a part of the other namespaces. */
  readonly namespace: string;
  readonly known: boolean;
  /** For a part of the other namespaces: representative labels (with its name label). */
  readonly nsLabels: Labels | null;
  /** Representative pod labels. */
  readonly podLabels: Labels;
}

export interface RegionSet {
  readonly regions: readonly Region[];
  /** The bound was reached: some parts were not cut by every selector, so the analysis may miss paths. */
  readonly incomplete: boolean;
  readonly maxBoxes: number;
}

/** Per partition (the other-namespace space, or one namespace's pod space): boxes allowed before giving up. */
export const DEFAULT_MAX_BOXES = 4096;

interface PodPeerSelectors {
  /** `own` (the policy's namespace) resolved to the namespace name. */
  readonly namespaces: { readonly name: string } | LabelSelector;
  readonly pods: LabelSelector;
}

/** Every distinct (namespace part, pod selector) that a rule peer of any cluster uses. */
function rulePeers(clusters: readonly Cluster[]): PodPeerSelectors[] {
  const out = new Map<string, PodPeerSelectors>();
  for (const cluster of clusters) {
    for (const policy of cluster.policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        if (rule.peers === 'any') continue;
        for (const peer of rule.peers) {
          if (peer.kind !== 'pods') continue;
          const namespaces = peer.namespaces === 'own' ? { name: policy.namespace } : peer.namespaces;
          const key = `${'name' in namespaces ? `=${namespaces.name}` : selectorKey(namespaces)}\u0004${selectorKey(peer.pods)}`;
          if (!out.has(key)) out.set(key, { namespaces, pods: peer.pods });
        }
      }
    }
  }
  return [...out.values()];
}

/** Namespaces known by name on some side: defined, holding workloads, or holding policies or Services. */
function knownNamespaces(clusters: readonly Cluster[]): Map<string, Labels[]> {
  const known = new Map<string, Labels[]>();
  const add = (name: string, labels?: Labels) => {
    let list = known.get(name);
    if (!list) known.set(name, (list = []));
    if (labels) list.push(labels);
  };
  for (const c of clusters) {
    for (const ns of c.namespaces) add(ns.name, ns.labels);
    for (const x of [...c.workloads, ...c.policies, ...c.services]) add(x.namespace);
  }
  // A namespace no manifest of some side defines carries only its name label there.
  for (const [name, list] of known) if (list.length < clusters.length) list.push({ [NAMESPACE_NAME_LABEL]: name });
  return known;
}

function dedupe(selectors: readonly LabelSelector[]): LabelSelector[] {
  const seen = new Map<string, LabelSelector>();
  for (const s of selectors) if (!isEmptySelector(s)) seen.set(selectorKey(s), s);
  return [...seen.values()];
}

/**
 * Regions for evaluating `clusters` together (a diff's base and head): the same list for both sides, so
 * a region is one peer on both. Selectors used: policy pod selectors, rule peers (namespace and pod
 * parts), Service selectors.
 */
export function buildRegions(clusters: readonly Cluster[], maxBoxes = DEFAULT_MAX_BOXES): RegionSet {
  const known = knownNamespaces(clusters);
  const peers = rulePeers(clusters);
  const regions: Region[] = [];
  let incomplete = false;
  const inNamespace = (peer: PodPeerSelectors, labelSets: readonly Labels[], name: string) =>
    'name' in peer.namespaces ? peer.namespaces.name === name : labelSets.some((l) => matches(peer.namespaces as LabelSelector, l));
  for (const [name, labelSets] of [...known].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const selectors: LabelSelector[] = [];
    for (const c of clusters) {
      for (const p of c.policies) if (p.namespace === name) selectors.push(p.podSelector);
      for (const s of c.services) if (s.namespace === name && s.selector) selectors.push({ matchLabels: s.selector, expressions: [] });
    }
    for (const peer of peers) if (inNamespace(peer, labelSets, name)) selectors.push(peer.pods);
    const pods = partitionLabels(dedupe(selectors), maxBoxes);
    incomplete ||= pods.incomplete;
    for (const part of pods.parts) regions.push({ index: regions.length, namespace: name, known: true, nsLabels: null, podLabels: part.labels });
  }
  // The other namespaces: any name the manifests do not know, any labels.
  const nsSelectors = dedupe(peers.flatMap((p) => ('name' in p.namespaces ? [] : [p.namespaces])));
  const named = new Set<string>();
  for (const s of nsSelectors) {
    const v = s.matchLabels[NAMESPACE_NAME_LABEL];
    if (v !== undefined) named.add(v);
    for (const r of s.expressions) if (r.key === NAMESPACE_NAME_LABEL) for (const x of r.values) named.add(x);
  }
  const start = new Map([[NAMESPACE_NAME_LABEL, { values: [...named].filter((n) => !known.has(n)), other: true }]]);
  const spaces = partitionLabels(nsSelectors, maxBoxes, start);
  incomplete ||= spaces.incomplete;
  spaces.parts.forEach((space, k) => {
    const selectors = peers.filter((p) => !('name' in p.namespaces) && matches(p.namespaces, space.labels)).map((p) => p.pods);
    const pods = partitionLabels(dedupe(selectors), maxBoxes);
    incomplete ||= pods.incomplete;
    for (const part of pods.parts) regions.push({ index: regions.length, namespace: `~ns${k}`, known: false, nsLabels: space.labels, podLabels: part.labels });
  });
  return { regions, incomplete, maxBoxes };
}
