/**
 * A region's name that holds pods of another region, but not that region's representative, is no exact
 * name: `heldBy` reads a region by its representative, so such a name looked as if it held its own region
 * alone and was told bare. Two cases diff-claims-hold found ("several policies moved at once"):
 * - seed 424242: the pods with env other than c and app b or none are one region (two boxes), named
 *   `ns1/[pod with {app NotIn (c),env NotIn (c)}]`, which also holds app=a pods (region `app Exists, app
 *   NotIn (b)`, represented by app=c); a pair closed every port for them, while app=a pods kept it.
 * - seed 1757889050: in a namespace cut finely only inside its changed subjects, a name holding another
 *   region (its representative too) got no exceptions, since that cut was never checked box by box; a line
 *   closed TCP 2 with ns1/w2 for app=a pods that base did not allow it.
 * Every region of ns1, its name less its exceptions, must hold exactly the pods `locate` puts in it.
 */
import { DEFAULT_MAX_BOXES, buildRegions, matches, regionFocus } from '../../src/engine/index.js';
import type { Labels } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { Scenario } from '../property/arbitraries.js';
import { toYaml } from '../property/harness.js';
import type { RefPolicy } from '../reference/evaluator.js';

const scenario = (pods: Scenario['cluster']['pods'], policies: RefPolicy[], services: Scenario['cluster']['services'] = []): Scenario => ({
  cluster: { namespaces: [], pods, policies, services },
  kinds: pods.map(() => 'Deployment' as const),
});
const policy = (name: string, spec: RefPolicy['spec']): RefPolicy => ({ name, namespace: 'ns1', spec });

const seed424242 = (() => {
  const pods = [{ namespace: 'ns1', name: 'w0', labels: { app: 'a' }, ports: [] }];
  const k = policy('k', { ingress: [], egress: [{}] });
  const base = scenario(pods, [
    k,
    policy('m0', { podSelector: { matchLabels: { app: 'c' }, matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { app: 'a' } } }] }] }),
    policy('m1', { podSelector: { matchLabels: {} }, ingress: [{}], egress: [{}] }),
    policy('m2', { ingress: [{}], egress: [] }),
  ]);
  const head = scenario(pods, [
    k,
    policy('m0', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { app: 'a' } } }] }] }),
    policy('m1', { podSelector: { matchLabels: { env: 'c' } }, ingress: [{}], egress: [{}] }),
    policy('m2', { podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['b'] }, { key: 'app', operator: 'Exists' }] }, ingress: [{}], egress: [] }),
  ]);
  return { base, head };
})();

const seed1757889050 = (() => {
  const pods = ['w0', 'w1', 'w2'].map((name) => ({ namespace: 'ns1', name, labels: (name === 'w2' ? { app: 'a' } : {}) as Labels, ports: [] }));
  const k = policy('k', { podSelector: { matchLabels: { app: 'b', env: 'a' } }, ingress: [{}], egress: [{}] });
  const services = [{ name: 's0', namespace: 'ns1', selector: {}, ports: [{ name: 'web', port: 1 }] }];
  const base = scenario(
    pods,
    [
      k,
      policy('m0', { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }, policyTypes: ['Egress'], ingress: [{}], egress: [] }),
      policy('m1', { podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['c'] }, { key: 'app', operator: 'Exists' }] }, ingress: [{ ports: [{ port: 1, endPort: 1 }] }], egress: [{}] }),
      policy('m2', { podSelector: { matchLabels: { tier: 'a' } }, ingress: [{}], egress: [] }),
    ],
    services,
  );
  const head = scenario(pods, [k, policy('m0', { podSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'DoesNotExist' }] }, policyTypes: ['Egress'], ingress: [{}], egress: [] })], services);
  return { base, head };
})();

// Every combination of the keys the selectors read: absent, each value they name, another value.
const grid = (keys: Record<string, readonly string[]>): Labels[] =>
  Object.entries(keys).reduce<Labels[]>((sets, [key, values]) => sets.flatMap((l) => [l, ...[...values, 'zz'].map((v) => ({ ...l, [key]: v }))]), [{}]);

describe.each([
  ['seed 424242', seed424242, { app: ['a', 'b', 'c'], env: ['a', 'c'] }],
  ['seed 1757889050', seed1757889050, { app: ['a', 'b', 'c'], env: ['a'], tier: ['a'], 'kubernetes.io/metadata.name': ['ns1'] }],
] as const)('region names that hold part of another region (%s)', (_seed, { base, head }, keys) => {
  const [b, h] = [base, head].map((s) => loadManifests([{ path: 'c.yaml', text: toYaml(s) }]).cluster);
  const focus = regionFocus(b, h);
  const regions = buildRegions([b, h], DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects);

  it('each name less its exceptions holds exactly its region', () => {
    const inNs1 = regions.regions.filter((r) => r.namespace === 'ns1').map((r) => r.index);
    expect(inNs1.length).toBeGreaterThan(2);
    for (const i of inNs1) {
      const name = regions.nameOf(i);
      const except = regions.exceptOf(i);
      for (const labels of grid(keys)) {
        const held = matches(name.podSelector, labels) && !except.some((e) => matches(e.podSelector, labels));
        expect({ region: name.id, except: except.map((e) => e.id), labels, held }).toEqual({ region: name.id, except: except.map((e) => e.id), labels, held: regions.locate('ns1', labels) === i });
      }
    }
  });
});
