/**
 * A cluster-scoped part (a CiliumClusterwideNetworkPolicy) reaches the regions of namespaces the manifests
 * do not hold, which no namespace of the model names: two heads that differ only in one are not "the
 * same but for some namespaces" (analysis/push-steps.ts), so nothing of the last push is taken for them.
 */
import { changedEndNamespaces, stableEnds } from '../../src/analysis/push-steps.js';
import { loadManifests } from '../../src/manifests/load.js';

const files = (app: string) => [
  { path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' },
  { path: 'web.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: nginx}]\n' },
  {
    path: 'ccnp.yaml',
    text: `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: from-${app}\nspec:\n  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n        - matchLabels: {app: ${app}}\n`,
  },
];

describe('heads that differ in a cluster-scoped part', () => {
  it('leave no end stable', () => {
    const before = loadManifests(files('a')).cluster;
    const after = loadManifests(files('b')).cluster;
    expect(before.scopedPolicies?.length).toBeGreaterThan(0);
    expect(changedEndNamespaces(before, after)).toBeNull();
    expect(stableEnds(before, after)).toBeUndefined();
  });

  it('leave every end stable when the same', () => {
    const before = loadManifests(files('a')).cluster;
    const after = loadManifests(files('a')).cluster;
    expect(changedEndNamespaces(before, after)?.size).toBe(0);
  });
});
