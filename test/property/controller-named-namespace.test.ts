/**
 * The reference's ingress controller may be in a namespace that only a selector names. Its candidate
 * sources (reference/ingress-controller.ts) took the namespaces the manifests hold and one no selector
 * names, so a rule `from: [{namespaceSelector: {kubernetes.io/metadata.name NotIn [ns1]}}]` with no object
 * in ns1 admitted every candidate: the reference said the controller was admitted, where the engine (README
 * "The ingress controller": admitted only by a rule over every pod of every namespace) and the cluster (a
 * controller in ns1) deny it. no-silent-pass then wanted a closed `{ingress-controller}` path reported when
 * head removed the Ingress (FUZZ_SEED=2052718801, shrunk to this shape); the engine was right.
 */
import { controllerAllowed } from '../reference/ingress-controller.js';
import type { RefCluster, RefPod, RefPolicy } from '../reference/evaluator.js';
import type { Scenario } from './arbitraries.js';
import { compare, runEngine } from './harness.js';

const web: RefPod = { namespace: 'ns3', name: 'w1', labels: { env: 'c' }, ports: [] };

/** `ns3/w1` behind Service s0 (65535 -> 81) and Ingress i0, its ingress from `from`, or any source on port 1. */
function cluster(from: NonNullable<NonNullable<RefPolicy['spec']['ingress']>[number]['from']>): RefCluster {
  return {
    namespaces: [],
    pods: [web],
    policies: [{ name: 'p0', namespace: 'ns3', spec: { ingress: [{ from }, { ports: [{ port: 1 }] }], egress: [{}] } }],
    services: [{ name: 's0', namespace: 'ns3', selector: { env: 'c' }, ports: [{ name: 'admin', port: 65535, targetPort: 81, protocol: 'TCP' }] }],
    ingresses: [{ name: 'i0', namespace: 'ns3', backends: [{ service: 's0', port: { number: 65535 } }] }],
  };
}

const notIn = (values: string[]) => ({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn' as const, values }] } });

describe('the reference ingress controller and namespaces only a selector names', () => {
  it('`kubernetes.io/metadata.name NotIn [ns1]` does not admit it: it may be in ns1, which no manifest holds', () => {
    const c = cluster([notIn(['ns1']), { podSelector: {} }]);
    expect(controllerAllowed(c, web, 'TCP', 81)).toBe(false);
    // Not routed on port 1 (the Service targets 81 only), however admitted there.
    expect(controllerAllowed(c, web, 'TCP', 1)).toBe(false);
  });

  it('a rule over every namespace admits it, and a name In some namespaces still does not', () => {
    expect(controllerAllowed(cluster([{ namespaceSelector: {} }]), web, 'TCP', 81)).toBe(true);
    expect(controllerAllowed(cluster([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ns1'] }] } }]), web, 'TCP', 81)).toBe(false);
  });

  it('the engine and the reference agree on the shape', () => {
    for (const from of [[notIn(['ns1']), { podSelector: {} }], [notIn(['ns3'])], [{ namespaceSelector: {} }]]) {
      const s: Scenario = { cluster: cluster(from), kinds: ['Pod'] };
      expect(compare(s, runEngine(s))).toEqual([]);
    }
  });
});
