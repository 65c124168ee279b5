/**
 * `RegionSet.locate` and `heldBy` answer from indexes (regions.ts): checked here against the plain
 * definitions on random base/head clusters. locate: the region of a pod agrees with the pod on every
 * pod selector that can apply to it (its namespace's policy subjects, and the rule peers whose namespace
 * part holds the namespace), and is one of its namespace's regions. heldBy: exactly the regions whose
 * representative pod the peer's selectors match, in region order, however often it is asked; asked for one
 * namespace part, those of them in it (before and after the whole answer is kept). With a
 * diff's focus (region-focus.ts `regionFocus`), a pod's region agrees with it on every selector that cuts
 * its part of the namespace: all of them where the namespace is cut whole or inside a changed policy's
 * podSelector, else the focus namespaces' rule peers and those of the namespace's own subjects that can
 * tell its pods apart on a pair with a touched pod (engine/outside-subjects.ts).
 */
import fc from 'fast-check';
import type { AbstractPeer, Cluster, Direction, LabelSelector, Labels, NetworkPolicy, Requirement } from '../../src/engine/index.js';
import { DIRECTIONS, abstractPeer, abstractPeerMatches, buildRegions, changedNamespaces, regionFocus } from '../../src/engine/index.js';
import { matches } from '../../src/engine/selectors.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { RefSelector } from '../reference/evaluator.js';
import { NAMESPACE_POOL, basePlusHead, namespaceSelector, podSelector } from '../property/arbitraries.js';
import { params } from '../property/harness.js';
import { objectFiles } from '../property/object-files.js';

const NAME_LABEL = 'kubernetes.io/metadata.name';

const podLabels = fc.dictionary(fc.constantFrom('app', 'tier', 'env', 'other'), fc.constantFrom('a', 'b', 'c', 'd'), { maxKeys: 4 });

function engineSelector(s: RefSelector): LabelSelector {
  const expressions: Requirement[] = (s.matchExpressions ?? []).map((r) => ({ key: r.key, op: r.operator, values: r.values ?? [] }));
  return { matchLabels: { ...(s.matchLabels ?? {}) }, expressions };
}

/** A namespace's label sets on each side (only its name label where a side does not define it). */
function labelSetsOf(clusters: readonly Cluster[], namespace: string): Labels[] {
  return clusters.map((c) => c.namespaces.find((n) => n.name === namespace)?.labels ?? { [NAME_LABEL]: namespace });
}

/**
 * Outside a diff's focus (`peersOf`: the focus namespaces, each with the directions its pods' pairs may
 * have changed in), whether a policy of `namespace` tells its pods apart on a pair with a touched pod: in a
 * direction d such a pair reaches (a focus namespace changed the other way), the policy isolates for d and
 * either not every side isolates the whole namespace for d, or one of its d rules can pick such a focus pod.
 */
function ownCuts(clusters: readonly Cluster[], namespace: string, policy: NetworkPolicy, peersOf: ReadonlyMap<string, ReadonlySet<Direction>>): boolean {
  return DIRECTIONS.some((d) => {
    const other: Direction = d === 'ingress' ? 'egress' : 'ingress';
    const reaching = [...peersOf].filter(([, ds]) => ds.has(other)).map(([n]) => n);
    if (!policy.affects[d] || reaching.length === 0) return false;
    const wholeIsolated = clusters.every((c) => c.policies.some((p) => p.namespace === namespace && p.affects[d] && Object.keys(p.podSelector.matchLabels).length === 0 && p.podSelector.expressions.length === 0));
    if (!wholeIsolated) return true;
    return policy[d].some(
      (rule) =>
        rule.peers === 'any' ||
        rule.peers.some((peer) => peer.kind === 'pods' && (peer.namespaces === 'own' ? reaching.includes(namespace) : reaching.some((f) => labelSetsOf(clusters, f).some((l) => matches(peer.namespaces as LabelSelector, l))))),
    );
  });
}

/**
 * Pod selectors that can apply to a pod of `namespace` (with these label sets); `peersOf`: only the rule
 * peers of policies in these namespaces and the own subjects `ownCuts` keeps (a namespace cut as outside a
 * diff's focus).
 */
function cutters(clusters: readonly Cluster[], namespace: string, labelSets: readonly Labels[], peersOf?: ReadonlyMap<string, ReadonlySet<Direction>>, directions: readonly Direction[] = [], inside = false): LabelSelector[] {
  const out: LabelSelector[] = [];
  for (const c of clusters) {
    for (const p of c.policies) {
      if (p.namespace === namespace && (!peersOf || inside || ownCuts(clusters, namespace, p, peersOf))) out.push(p.podSelector);
      for (const direction of DIRECTIONS) {
        // Without `peersOf`, every policy's peers; with it, those of its namespaces' rules in their directions, and the peers of rules in `directions`.
        if (peersOf && !peersOf.get(p.namespace)?.has(direction) && !directions.includes(direction)) continue;
        for (const rule of p[direction]) {
          if (rule.peers === 'any') continue;
          for (const peer of rule.peers) {
            if (peer.kind !== 'pods') continue;
            const holds = peer.namespaces === 'own' ? p.namespace === namespace : labelSets.some((l) => matches(peer.namespaces as LabelSelector, l));
            if (holds) out.push(peer.pods);
          }
        }
      }
    }
  }
  return out;
}

describe('region indexes', () => {
  it('locate agrees with every selector that can apply; heldBy is the regions the peer matches', () => {
    fc.assert(
      fc.property(
        basePlusHead,
        fc.array(fc.tuple(fc.constantFrom(...NAMESPACE_POOL, 'ns4'), podLabels), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMESPACE_POOL, 'ns4', 'ns9'), namespaceSelector), podSelector), { maxLength: 6 }),
        fc.boolean(),
        ([base, head], pods, peers, focused) => {
          const clusters = [loadManifests(objectFiles(base)).cluster, loadManifests(objectFiles(head)).cluster];
          const focus = focused ? changedNamespaces(clusters[0], clusters[1]) : null;
          const regions = buildRegions(clusters, undefined, focus);
          const problems: string[] = [];
          if (!focus && !regions.incomplete) {
            for (const [namespace, labels] of pods) {
              // Asked twice, the second time with an equal copy: the same answer.
              const r = regions.locate(namespace, labels);
              if (regions.locate(namespace, { ...labels }) !== r) problems.push(`${namespace} ${JSON.stringify(labels)}: answers differ`);
              const known = clusters.some((c) => c.namespaces.some((n) => n.name === namespace) || c.workloads.some((w) => w.namespace === namespace) || c.policies.some((p) => p.namespace === namespace));
              if (r === undefined) {
                if (known) problems.push(`${namespace} ${JSON.stringify(labels)}: no region`);
                continue;
              }
              const region = regions.regions[r];
              if (region.namespace !== namespace) problems.push(`${namespace} ${JSON.stringify(labels)}: region ${r} is in ${region.namespace}`);
              for (const s of cutters(clusters, namespace, labelSetsOf(clusters, namespace))) {
                if (matches(s, labels) !== matches(s, region.podLabels)) problems.push(`${namespace} ${JSON.stringify(labels)}: region ${r} ${JSON.stringify(region.podLabels)} differs under ${JSON.stringify(s)}`);
              }
            }
          }
          for (const [ns, pods] of peers) {
            const peer: AbstractPeer = abstractPeer(typeof ns === 'string' ? ns : engineSelector(ns), engineSelector(pods));
            const want = regions.regions
              .filter((r) => (r.known ? labelSetsOf(clusters, r.namespace) : [r.nsLabels!]).some((l) => abstractPeerMatches(peer, l, r.podLabels)))
              .map((r) => r.index);
            // One namespace part at a time: the whole answer's regions there, before the whole is asked and after.
            const parts = [...new Set(regions.regions.map((r) => r.namespace)), 'ns-unknown'];
            const inParts = () => {
              for (const ns of parts) {
                const part = want.filter((r) => regions.regions[r].namespace === ns);
                const got = regions.heldBy(peer, ns);
                if (JSON.stringify(got) !== JSON.stringify(part)) problems.push(`heldBy ${peer.id} in ${ns}: ${JSON.stringify(got)} != ${JSON.stringify(part)}`);
              }
            };
            inParts();
            for (let k = 0; k < 2; k++) if (JSON.stringify(regions.heldBy(peer)) !== JSON.stringify(want)) problems.push(`heldBy ${peer.id}: ${JSON.stringify(regions.heldBy(peer))} != ${JSON.stringify(want)}`);
            inParts();
          }
          expect(problems).toEqual([]);
        },
      ),
      params(80),
    );
  }, 300_000);
  it("with a diff's focus, locate agrees with what cuts the pod's part of its namespace", () => {
    fc.assert(
      fc.property(basePlusHead, fc.array(fc.tuple(fc.constantFrom(...NAMESPACE_POOL, 'ns4'), podLabels), { minLength: 1, maxLength: 12 }), ([base, head], pods) => {
        const clusters = [loadManifests(objectFiles(base)).cluster, loadManifests(objectFiles(head)).cluster];
        const focus = regionFocus(clusters[0], clusters[1]);
        const regions = buildRegions(clusters, undefined, focus.namespaces, focus.subjects);
        if (regions.incomplete) return;
        const problems: string[] = [];
        for (const [namespace, labels] of pods) {
          const r = regions.locate(namespace, labels);
          if (r === undefined) {
            const known = clusters.some((c) => c.namespaces.some((n) => n.name === namespace) || c.workloads.some((w) => w.namespace === namespace) || c.policies.some((p) => p.namespace === namespace));
            if (known) problems.push(`${namespace} ${JSON.stringify(labels)}: no region`);
            continue;
          }
          const region = regions.regions[r];
          if (region.namespace !== namespace) problems.push(`${namespace} ${JSON.stringify(labels)}: region ${r} is in ${region.namespace}`);
          // Cut by every selector: without a focus, and in a focus namespace touched as a whole; inside a changed
          // policy's podSelector, by the peers of the rules that tell its changed directions' other ends apart
          // (ingress rules' peers for changed egress, and the reverse); elsewhere by the namespace's own subjects
          // and the focus namespaces' rule peers.
          const changed = focus.subjects.get(namespace);
          const fine = focus.namespaces === null || (focus.namespaces.has(namespace) && !changed);
          const inside = changed !== undefined && changed.selectors.some((s) => matches(s, labels));
          const directions = inside ? DIRECTIONS.filter((d) => changed.directions.has(d === 'ingress' ? 'egress' : 'ingress')) : [];
          // The focus namespaces' peers, each in the directions its pods' rules may have changed.
          const peersOf = focus.namespaces && new Map([...focus.namespaces].map((n) => [n, focus.subjects.get(n)?.peerDirections ?? new Set(DIRECTIONS)]));
          const apply = cutters(clusters, namespace, labelSetsOf(clusters, namespace), fine ? undefined : (peersOf ?? undefined), directions, inside);
          for (const s of apply) {
            if (matches(s, labels) !== matches(s, region.podLabels)) problems.push(`${namespace} ${JSON.stringify(labels)}: region ${r} ${JSON.stringify(region.podLabels)} differs under ${JSON.stringify(s)}`);
          }
        }
        expect(problems).toEqual([]);
      }),
      params(80),
    );
  }, 300_000);
});
