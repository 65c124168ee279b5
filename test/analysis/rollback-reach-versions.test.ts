/**
 * viableRevert (analysis/rollback-reach.ts) evaluates each version of a reverted policy against every
 * side's pods: base's version of a policy joins head's cluster and selects the pods head added there.
 * Found by test/property/rollback-reach.test.ts (seed -1151574225): base's policy isolated a namespace
 * that held no pod in base; head added a pod there and removed the policy; reverting the policy alone
 * closes every opened path, and the search must not skip it.
 */
import { documentChanges, documentKeys } from '../../src/analysis/document-changes.js';
import { revertedClusters } from '../../src/analysis/rollback-clusters.js';
import { viableRevert } from '../../src/analysis/rollback-reach.js';
import type { PairDiff } from '../../src/engine/index.js';
import { computeConnectivity, diffConnectivity } from '../../src/engine/index.js';
import type { FileLoads } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';

const namespace = { path: 'ns2.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns2\n' };
const client = { path: 'client.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\n  namespace: ns1\nspec:\n  containers: [{name: c, image: c}]\n' };
const policy = {
  path: 'p0.yaml',
  text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p0\n  namespace: ns2\nspec:\n  podSelector: {}\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels: {app: a}\n',
};
const added = { path: 'w1.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: w1\n  namespace: ns2\nspec:\n  containers: [{name: c, image: c}]\n' };

describe('rollback reach: both versions against both sides', () => {
  it('does not skip reverting a removed policy that would isolate a pod head added', () => {
    const loads: FileLoads = new Map();
    const b = loadManifests([namespace, client, policy], loads);
    const h = loadManifests([namespace, client, added], new Map(loads));
    const [bc, hc] = [computeConnectivity(b.cluster), computeConnectivity(h.cluster)];
    const opened = diffConnectivity(bc, hc).pairs.filter((p: PairDiff) => p.opened !== null);
    expect(opened.length).toBeGreaterThan(0);
    const keys = documentChanges(b.documents, h.documents).map((c) => c.key);
    const policyKey = keys.find((k) => k.startsWith('NetworkPolicy/'))!;
    const [baseDocs, headDocs] = [documentKeys(b.documents), documentKeys(h.documents)];
    // Reverting the policy alone closes every opened path (w1 isolated both ways, nothing allowed)...
    const after = computeConnectivity(revertedClusters(headDocs, baseDocs, h.cluster.podNetwork).after([policyKey]));
    expect(diffConnectivity(bc, after, { scoped: false }).pairs.filter((p) => p.opened !== null)).toEqual([]);
    // ...so the search may not skip it.
    const viable = viableRevert(keys, (k) => [baseDocs.get(k), headDocs.get(k)], [bc, hc], opened);
    expect(viable([policyKey])).toBe(true);
  });
});
