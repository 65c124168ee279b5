/**
 * A region's name describes that region, not a wider set: the holding peer plus the requirements that
 * exclude the other regions it holds (region-names.ts), in the contract's notation.
 */
import fc from 'fast-check';
import { abstractPeerMatches, buildRegions } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { scenarioArb } from '../property/arbitraries.js';
import { params } from '../property/harness.js';
import { objectFiles } from '../property/object-files.js';

const policy = (podSelector: string, from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-in, namespace: prod}
spec:
  podSelector: {matchLabels: ${podSelector}}
  ingress:
    - from: [{podSelector: {matchLabels: ${from}}}]
`;
const cluster = (text: string) => loadManifests([{ path: 'np.yaml', text }]).cluster;

describe('region names', () => {
  it('a subject narrowed by a label the region lacks is named with the excluding requirement', () => {
    // Kustomize commonLabels: head's policy selects only app=api pods carrying env=prod.
    const regions = buildRegions([cluster(policy('{app: api}', '{app: worker}')), cluster(policy('{app: api, env: prod}', '{app: worker, env: prod}'))]);
    const ids = regions.regions.map((r) => regions.nameOf(r.index).id);
    expect(ids).toContain('prod/[pod with {app=api,env NotIn (prod)}]');
    expect(ids).toContain('prod/[pod with {app=api,env=prod}]');
    expect(ids).not.toContain('prod/[pod with {app=api}]');
    const narrowed = regions.regions.find((r) => regions.nameOf(r.index).id === 'prod/[pod with {app=api,env NotIn (prod)}]')!;
    expect(regions.nameOf(narrowed.index).podSelector).toEqual({ matchLabels: { app: 'api' }, expressions: [{ key: 'env', op: 'NotIn', values: ['prod'] }] });
  });

  it('a namespace selector that also holds a known namespace excludes it by name', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: commerce}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: redis, namespace: data}
spec:
  podSelector: {}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {team: commerce}}, podSelector: {matchLabels: {app: cart}}}]
`;
    const regions = buildRegions([cluster(text)]);
    const other = regions.regions.find((r) => !r.known && r.nsLabels?.team === 'commerce' && r.podLabels.app === 'cart')!;
    expect(regions.nameOf(other.index).id).toBe('[namespace with {team=commerce,kubernetes.io/metadata.name NotIn (shop)}]/[pod with {app=cart}]');
  });

  it('on random clusters every name holds its own region', () => {
    // Not checked here: a region that is a union of boxes (e.g. the pods outside {app Exists, app NotIn (a)})
    // has no single-selector name and keeps its holding peer's (region-names.ts).
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const c = loadManifests(objectFiles(s)).cluster;
        const regions = buildRegions([c]);
        const problems: string[] = [];
        for (const r of regions.regions) {
          const name = regions.nameOf(r.index);
          const ns = r.nsLabels ?? { 'kubernetes.io/metadata.name': r.namespace };
          if (!abstractPeerMatches(name, ns, r.podLabels)) problems.push(`${name.id} does not hold region ${r.index} ${JSON.stringify(r.podLabels)}`);
        }
        expect(problems).toEqual([]);
      }),
      params(60),
    );
  }, 300_000);
});
