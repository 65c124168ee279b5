/**
 * The candidates an exception cover picks from (analysis/selector-cover.ts `policySelectors`) are built only for
 * the namespace parts asked: policies filed once by namespace part, a part's candidates taken in the walk's
 * order. For every region, `holding` must list the very peers (objects and order) that building every policy
 * subject and pod rule peer, deduplicated by id, and keeping those that hold the region gives: subjects, peers
 * of the policy's own namespace, peers by namespace selector (one that is only a name, one of labels, one of
 * every namespace), the same peer written by several policies, and regions of the namespaces the manifests do
 * not know.
 */
import type { AbstractPeer, Cluster, RegionSet } from '../../src/engine/index.js';
import { buildRegions, rulePodPeers } from '../../src/engine/index.js';
import { abstractPeer } from '../../src/engine/index.js';
import { policySelectors } from '../../src/analysis/selector-cover.js';
import { loadManifests } from '../../src/manifests/load.js';

const ns = (name: string, team: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {team: ${team}}}\n`;
const np = (name: string, namespace: string, app: string, from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  ingress: [{from: [${from}]}]\n`;

const docs = [
  ns('shop', 'a'),
  ns('data', 'a'),
  ns('ops', 'b'),
  np('p1', 'shop', 'web', '{podSelector: {matchLabels: {app: api}}}'),
  np('p2', 'shop', 'api', '{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: tool}}}'),
  np('p3', 'data', 'db', '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}, podSelector: {matchLabels: {app: api}}}'),
  np('p4', 'data', 'db', '{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}'),
  np('p5', 'ops', 'tool', '{namespaceSelector: {matchLabels: {team: a}}}'),
  np('p6', 'ops', 'tool', '{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [a, b]}]}, podSelector: {matchLabels: {app: web}}}'),
  np('p7', 'shop', 'api', '{podSelector: {matchLabels: {app: web}}}'),
];

const cluster = (list: readonly string[]): Cluster => loadManifests([{ path: 'all.yaml', text: list.join('---\n') }]).cluster;

/** Every subject and pod rule peer built, each id once (its first), as the candidates were before. */
function everyCandidate(clusters: readonly Cluster[]): AbstractPeer[] {
  const byId = new Map<string, AbstractPeer>();
  const seen = new Set<Cluster['policies'][number]>();
  for (const c of clusters) {
    for (const p of c.policies) {
      if (seen.has(p)) continue;
      seen.add(p);
      for (const peer of [abstractPeer(p.namespace, p.podSelector), ...[...p.ingress, ...p.egress].flatMap((rule) => rulePodPeers(p, rule))]) if (!byId.has(peer.id)) byId.set(peer.id, peer);
    }
  }
  return [...byId.values()];
}

const expected = (regions: RegionSet, all: readonly AbstractPeer[], r: number) => all.filter((p) => regions.heldBy(p, regions.regions[r].namespace).includes(r));

describe('policySelectors: the candidates of the namespace parts asked', () => {
  test.each([
    ['one side', [cluster(docs)]],
    ['two sides sharing policies', [cluster(docs.slice(0, -1)), cluster(docs)]],
  ])('every region lists the peers every candidate built would give, in order (%s)', (_, clusters) => {
    const regions = buildRegions(clusters);
    const all = everyCandidate(clusters);
    const candidates = policySelectors(clusters, regions);
    expect(regions.regions.some((r) => !r.known)).toBe(true);
    let listed = 0;
    for (const r of regions.regions.map((x) => x.index)) {
      const got = candidates.holding(r);
      expect(got).toEqual(expected(regions, all, r));
      // The very objects: a cover returns them as the line's exception names.
      got.forEach((p, i) => expect(p).toBe(expected(regions, all, r)[i]));
      listed += got.length;
    }
    expect(listed).toBeGreaterThan(regions.regions.length);
  });
});
