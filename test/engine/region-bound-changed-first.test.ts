/**
 * Where the region bound stops a partition short, the subjects of the changed cluster-scoped parts cut first
 * (region-focus.ts `RegionFocus.first`, regions.ts): a CiliumClusterwideNetworkPolicy added for pods labelled
 * `managed-by: kopiur` beside a dozen opt-in policies (deedee-ops/home-ops 524e0db4) had the kopiur pods of most
 * namespaces merged into regions of other pods, and its paths there unreported. A changed part now focuses the
 * namespaces it applies to (region-focus.ts); `first` still serves a cut of the whole cluster (a cluster-wide
 * policy or the pod network changed), shown here with the focus left out.
 */
import { buildRegions, regionFocus } from '../../src/engine/index.js';
import { OTHER_NAMESPACES } from '../../src/engine/outside-subjects.js';
import { loadManifests } from '../../src/manifests/load.js';

const optIn = (i: number) =>
  `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: opt-in-${i}}\nspec:\n  endpointSelector: {matchLabels: {egress/opt-${i}: "true"}}\n  egress:\n    - toEntities: [world]\n      toPorts: [{ports: [{port: "${8000 + i}", protocol: TCP}]}]\n`;
const kopiur = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: kopiur}\nspec:\n  endpointSelector: {matchLabels: {managed-by: kopiur}}\n  egress:\n    - toEntities: [world]\n      toPorts: [{ports: [{port: "443", protocol: TCP}]}]\n';
const namespaces = ['a', 'b', 'c', 'd'].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`);

const load = (docs: readonly string[]) => loadManifests([{ path: 'all.yaml', text: docs.join('---\n') }]).cluster;

describe('a bound region partition: a changed cluster-scoped subject cuts first', () => {
  const opt = Array.from({ length: 10 }, (_, i) => optIn(i));
  const base = load([...namespaces, ...opt]);
  const head = load([...namespaces, ...opt, kopiur]);
  // The whole cluster cut (the focus left out), as for a changed cluster-wide policy.
  const kopiurRegions = (first: boolean) => {
    const focus = regionFocus(base, head);
    const set = buildRegions([base, head], 64, null, undefined, 256, first ? focus.first : undefined);
    expect(set.incomplete).toBe(true);
    return new Set(set.regions.filter((r) => r.podLabels['managed-by'] === 'kopiur').map((r) => r.namespace));
  };

  it('every known namespace keeps a region of its kopiur pods', () => {
    expect([...kopiurRegions(true)].filter((n) => !n.startsWith('~')).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('(without it, the bound leaves them merged with other pods)', () => {
    expect([...kopiurRegions(false)].filter((n) => !n.startsWith('~')).length).toBeLessThan(4);
  });

  it('with the focus of the changed part, every known namespace keeps a region of its kopiur pods too', () => {
    const focus = regionFocus(base, head);
    expect(focus.namespaces).toEqual(new Set(['a', 'b', 'c', 'd', OTHER_NAMESPACES]));
    const set = buildRegions([base, head], 64, focus.namespaces, focus.subjects, 256, focus.first);
    const known = new Set(set.regions.filter((r) => r.podLabels['managed-by'] === 'kopiur' && r.known).map((r) => r.namespace));
    expect([...known].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the focus compares cluster-scoped parts by id', () => {
  it('the same parts in another order (a side of several builds lists them by build) leave the focus on the namespaces', () => {
    const opt = Array.from({ length: 3 }, (_, i) => optIn(i));
    const base = load([...namespaces, ...opt]);
    const head = load([...namespaces, ...[...opt].reverse()]);
    expect((head.scopedPolicies ?? []).map((s) => s.policy.id)).not.toEqual((base.scopedPolicies ?? []).map((s) => s.policy.id));
    expect(regionFocus(base, head).namespaces).not.toBeNull();
  });

  it("a changed part: its subject and its rules' peers cut first, with the changed NetworkPolicies' own", () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: a}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]\n';
    const peer = kopiur.replace('    - toEntities: [world]\n', '    - toEndpoints: [{matchLabels: {app: store}}]\n');
    const focus = regionFocus(load([...namespaces]), load([...namespaces, peer, np]));
    // The part applies to every namespace: each known one, and those the manifests do not know.
    expect(focus.namespaces).toEqual(new Set(['a', 'b', 'c', 'd', OTHER_NAMESPACES]));
    // (The loader's copies of the part in the namespaces the manifests hold changed too: the same selectors again.)
    expect([...new Set((focus.first ?? []).map((f) => JSON.stringify(f.pods.matchLabels)))]).toEqual(['{"managed-by":"kopiur"}', '{"app":"store"}', '{"app":"web"}', '{"app":"client"}']);
  });
});
